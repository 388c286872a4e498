// Credential literals: a string that can be a secret (not empty, not a template placeholder), a placeholder, a
// generated-looking key, the password inside a connection string, which argument of a keyed API is the key, and a
// membership test of the supplied password in a collection of them.
import { namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { soleBinding, stringValue } from './check-helpers.js';
import { passwordish } from './shared-facts.js';

export function isCredentialLiteral(analysis: ModuleAnalysis, node: PlainNode): boolean {
  const value = stringValue(analysis, node);
  return value !== undefined && value.length > 0 && !/^\s*$/.test(value) && !/^(\$\{.*\}|%\(.*\)s|\{.*\})$/.test(value);
}

/**
 * `password in {"admin", "root123"}` (or a name bound once to such a collection): the accepted passwords are in the
 * code, like `password == "admin"`. A list of common or breached passwords the check rejects is a strength check.
 */
export function acceptsLiteralPasswords(node: PlainNode, analysis: ModuleAnalysis): boolean {
  const [supplied, collection] = namedChildren(node);
  if (!supplied || !collection || !node.children.some((child) => child.type === 'in')) return false;
  if (node.children.some((child) => child.type === 'not in') || !passwordish.test(analysis.text(supplied)))
    return false;
  let members = collection;
  if (collection.type === 'identifier') {
    const name = analysis.text(collection);
    if (/common|weak|banned|black|deny|forbid|breach|leak|popular|bad|top|dictionary|reject/i.test(name)) return false;
    const only = soleBinding(analysis.root, name, analysis);
    if (!only) return false;
    members = only;
  }
  if (!['set', 'list', 'tuple'].includes(members.type)) return false;
  const literals = namedChildren(members);
  return literals.length > 0 && literals.every((literal) => isCredentialLiteral(analysis, literal));
}

export function isPlaceholderCredential(literal: string): boolean {
  const normalized = literal
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (
    /^(your|my|insert|enter|put|replace|add|paste)_(\w+_)?(api_?key|key|token|secret|password|passwd|pass|credentials?)(_here)?$/.test(
      normalized,
    ) ||
    /^(\w+_)?(api_?key|access_?token|auth_?token|secret_?key|client_?secret|password|token)_(here|goes_here)$/.test(
      normalized,
    ) ||
    /^replace_with_(\w+_)?(key|token|secret|password)/.test(normalized)
  );
}

/** Which positional argument of a keyed crypto API is the key; undefined for other calls. */
export function keyArgument(name: string): number | undefined {
  if (/(Crypto|Cryptodome)\.Cipher\.\w+\.new$|cryptography\.fernet\.Fernet$|hmac\.new$/.test(name)) return 0;
  if (/ciphers\.(algorithms\.\w+|aead\.(AESGCM|ChaCha20Poly1305|AESCCM))$/.test(name)) return 0;
  if (/^(jwt|jose\.jwt)\.encode$/.test(name)) return 1;
  // canvasapi.Canvas(base_url, access_token): the second argument is the account's API token
  if (name === 'canvasapi.Canvas') return 1;
  return undefined;
}

/** A literal key, directly or through a module constant bound to one. */
export function isKeyLiteral(analysis: ModuleAnalysis, node: PlainNode): boolean {
  if (node.type === 'string') return isCredentialLiteral(analysis, node);
  if (node.type !== 'identifier' || !analysis.isConstant(node)) return false;
  // Identifiers are word characters only, so the name needs no escaping.
  const name = analysis.text(node);
  return new RegExp(`^${name}\\s*=\\s*[bBrRuU]*['"]`, 'm').test(analysis.text(analysis.root));
}

/**
 * A literal that looks generated rather than written: long, from a token alphabet, mixing cases and digits, with high
 * per-character entropy. Such a value bound to a key-like name is a secret whatever the name's wording (`key`,
 * `canvas_key`), where a readable literal (`key = "user_id"`) is a lookup name.
 */
export function looksGenerated(literal: string): boolean {
  if (literal.length < 24 || !/^[A-Za-z0-9+/=_-]+$/.test(literal)) return false;
  if (!/[a-z]/.test(literal) || !/[A-Z]/.test(literal) || !/\d/.test(literal)) return false;
  const counts = new Map<string, number>();
  for (const character of literal) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) entropy -= (count / literal.length) * Math.log2(count / literal.length);
  return entropy >= 4;
}

/**
 * The password in a keyword connection string: libpq's `host=db user=app password=…` (psycopg2, asyncpg) and ODBC's
 * `SERVER=…;UID=…;PWD=…`. Only in a string that names other connection keywords, so prose mentioning "password=" is
 * not a connection string.
 */
export function keywordConnectionSecret(value: string): string | undefined {
  if (/(^|\s)(host|hostaddr|dbname|user|port)\s*=/.test(value))
    return /(^|\s)password\s*=\s*'?([^\s']+)/.exec(value)?.[2];
  if (/(^|;)\s*(uid|user id|server|driver|data source|dsn)\s*=/i.test(value))
    return /(^|;)\s*(pwd|password)\s*=\s*([^;\s][^;]*)/i.exec(value)?.[3];
  return undefined;
}
