// Secrets never leave the process: every message that may be stored, logged or shown passes through here. Servers
// echo keys back in error bodies ("Incorrect API key provided: sk-..."), so known keys and key-shaped tokens are
// both masked.

const keyShapes = [/\bsk-[A-Za-z0-9_*.-]{6,}/g, /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/gi, /\bxai-[A-Za-z0-9]{6,}/g];

export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 6) continue;
    result = result.split(secret).join('[redacted]');
    // Partial echoes ("sk-abc***xyz") keep a prefix of the key.
    const prefix = secret.slice(0, Math.min(12, secret.length - 2));
    if (prefix.length >= 8) result = result.split(prefix).join('[redacted]');
  }
  for (const shape of keyShapes) {
    result = result.replace(shape, (_match, bearer: unknown) =>
      typeof bearer === 'string' ? `${bearer} [redacted]` : '[redacted]',
    );
  }
  return result;
}
