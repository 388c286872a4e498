// JSON parsing as a value, never a throw: model servers and files are untrusted.

export type JsonParseResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export function parseJson(text: string): JsonParseResult {
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, value };
  } catch (error: unknown) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
