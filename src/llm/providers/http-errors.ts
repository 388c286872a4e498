// Shared classification of HTTP statuses and SDK exceptions into the contract's error codes.
import type { LlmErrorCode } from '../types.js';
import { parseRetryAfter } from '../retry.js';
import type { ProviderAttempt } from './types.js';

export function codeForStatus(status: number): LlmErrorCode {
  if (status === 429) return 'rate-limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server-error';
  if (status === 409) return 'server-error';
  return 'bad-request';
}

interface HeaderReader {
  get(name: string): string | null;
}

function hasHeaderReader(value: unknown): value is HeaderReader {
  return typeof value === 'object' && value !== null && typeof (value as { get?: unknown }).get === 'function';
}

export function retryAfterFrom(headers: unknown): number | undefined {
  if (!hasHeaderReader(headers)) return undefined;
  return parseRetryAfter(
    { retryAfterMs: headers.get('retry-after-ms'), retryAfter: headers.get('retry-after') },
    Date.now(),
  );
}

/**
 * The OpenAI and Anthropic SDKs share one error family (Stainless): APIError with status and headers, plus
 * connection, timeout and user-abort subclasses. Classified by name and shape so both SDKs go through one path.
 */
export function classifySdkError(error: unknown): Extract<ProviderAttempt, { ok: false }> {
  const name = error instanceof Error ? error.constructor.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'APIUserAbortError' || (error instanceof Error && error.name === 'AbortError')) {
    return { ok: false, code: 'aborted', message: 'request aborted' };
  }
  if (name === 'APIConnectionTimeoutError') return { ok: false, code: 'timeout', message };
  if (name === 'APIConnectionError') return { ok: false, code: 'connection', message };
  if (error instanceof SyntaxError) {
    return { ok: false, code: 'bad-response', message: `unparseable response body: ${message}` };
  }
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number') {
    const retryAfterMs = retryAfterFrom((error as { headers?: unknown }).headers);
    return {
      ok: false,
      code: codeForStatus(status),
      message,
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  // Anything else (a malformed body the SDK choked on, an unexpected exception) is treated as a bad response.
  return { ok: false, code: 'bad-response', message };
}
