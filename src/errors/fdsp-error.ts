// Typed errors with stable codes. Callers check `code`, never message text.

export const errorCodes = [
  'CONFIG_INVALID',
  'USAGE',
  'PATH_NOT_FOUND',
  'PERMISSION_DENIED',
  'ANALYZER_UNAVAILABLE',
  'ANALYZER_UNKNOWN',
  'WORKER_FAILED',
  'WORKER_TIMEOUT',
  'WORKER_PROTOCOL',
  'LLM_REQUEST_FAILED',
  'LLM_PROVIDER_UNKNOWN',
  'LLM_CACHE_MISS',
  'STORE_FAILED',
  'DATASET_INVALID',
  'DATASET_NOT_FOUND',
  'DATASET_FETCH_FAILED',
  'SANDBOX_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Exit code 2 means "could not do the job"; 1 is reserved for "found problems". */
export class FdspError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FdspError';
    this.code = code;
    this.hint = options.hint;
  }

  static isInstance(value: unknown): value is FdspError {
    return value instanceof Error && 'code' in value && typeof value.code === 'string' && value.name === 'FdspError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
