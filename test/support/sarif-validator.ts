// Validates SARIF against the official 2.1.0 JSON schema (shipped in @microsoft/jest-sarif; draft-04, hence
// ajv-draft-04). Loaded through require because these CommonJS packages' typings do not resolve under NodeNext.
import { createRequire } from 'node:module';

export interface SarifValidator {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}

interface AjvInstance {
  compile(schema: object): SarifValidator;
}

type AjvConstructor = new (options: Record<string, unknown>) => AjvInstance;

export function createSarifValidator(): SarifValidator {
  const require = createRequire(import.meta.url);
  const Ajv = (require('ajv-draft-04') as { default: AjvConstructor }).default;
  const addFormats = (require('ajv-formats') as { default: (ajv: AjvInstance) => void }).default;
  // The official schema's language-tag pattern is not valid under the `u` regex flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object);
}
