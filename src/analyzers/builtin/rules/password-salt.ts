// Whether the data a password hash is computed over carries a salt, followed through the assignments of the enclosing
// function (and the module): `h(password + salt)`, `salted = password + salt.hex(); h(salted.encode())`. The answer
// decides which CWE a fast password hash is: none (CWE-759, no salt), a constant one (CWE-760, predictable salt), or
// a random one (CWE-916 only: salted, but no key stretching).
import { childByField, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { codeText, descendants, enclosingFunction } from './shared-facts.js';

export type SaltKind = 'none' | 'constant' | 'random';

// `salt`, `user_salt`, `salt_bytes`; not `salted_password`, which is the hashed value itself.
const saltName = /(^|_)salt(s?)(_|$)/i;
// A per-call random value is a salt whatever its name: `password + os.urandom(16).hex()`.
const randomSource = /\b(os\.urandom|secrets\.token_\w+|uuid\.uuid4|bcrypt\.gensalt|random\.SystemRandom)\b/;

/** name → the values assigned to it in `scope` (plain `name = value` statements). */
function assignments(scope: PlainNode, analysis: ModuleAnalysis): Map<string, PlainNode[]> {
  const values = new Map<string, PlainNode[]>();
  for (const node of descendants(scope)) {
    if (node.type !== 'assignment') continue;
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    if (left?.type !== 'identifier' || !right) continue;
    const name = analysis.text(left);
    values.set(name, [...(values.get(name) ?? []), right]);
  }
  return values;
}

function identifiers(node: PlainNode, analysis: ModuleAnalysis): string[] {
  const names = [node, ...descendants(node)]
    .filter((part) => part.type === 'identifier' && part.field !== 'attribute')
    .map((part) => analysis.text(part));
  return [...new Set(names)];
}

/**
 * Visits `start` and then, through the names each visited node reads, every value assigned to those names (in the
 * enclosing function, else the module), each node once. `visit` returns false to stop the walk; the result is
 * false when it stopped, true when every value was visited.
 */
function walkAssigned(
  start: PlainNode,
  analysis: ModuleAnalysis,
  visit: (node: PlainNode, names: readonly string[], valuesOf: (name: string) => PlainNode[]) => boolean,
): boolean {
  const scopes = [enclosingFunction(start), analysis.root].filter((scope): scope is PlainNode => scope !== undefined);
  const assigned = scopes.map((scope) => assignments(scope, analysis));
  const valuesOf = (name: string): PlainNode[] => assigned.find((map) => map.has(name))?.get(name) ?? [];
  const seen = new Set<PlainNode>();
  const pending = [start];
  while (pending.length > 0) {
    const current = pending.pop();
    if (!current || seen.has(current)) continue;
    seen.add(current);
    const names = identifiers(current, analysis);
    if (!visit(current, names, valuesOf)) return false;
    for (const name of names) pending.push(...valuesOf(name));
  }
  return true;
}

// A name that holds a password, by its words (stricter than the inline `passwordish`: a name reached through
// assignments is not next to the hash call, so "bypass" or "passed" must not count).
const passwordName = /(password|passwd|passphrase)|(^|_)(pwd|pw)(_|\d|$)/i;

/** Whether the hashed `data` is the password itself, converted, through the names it is assigned from
 * (`encoded = password.encode(); hashlib.sha256(encoded)`), so hoisting the argument keeps the verdict. A value
 * joined to the password on the way (`nonce + secret`, `f"{salt}{pw}"`) may be a salt or a challenge: not known to
 * be a bare password hash, so not this fact. */
export function derivedFromPassword(data: PlainNode, analysis: ModuleAnalysis): boolean {
  const found = { joined: false, password: false };
  walkAssigned(data, analysis, (node, names) => {
    const joins =
      node.type === 'binary_operator' ||
      (node.type === 'string' && node.children.some((child) => child.type === 'interpolation'));
    // a salt joined to it is the salt rules' question (saltOf); anything else is unknown
    if (joins && names.some((name) => !passwordName.test(name) && !saltName.test(name))) found.joined = true;
    if (names.some((name) => passwordName.test(name))) found.password = true;
    return !found.joined;
  });
  return found.password && !found.joined;
}

/** The salt the hashed `data` is built from, looking through the names it is assigned from. */
export function saltOf(data: PlainNode, analysis: ModuleAnalysis): SaltKind {
  const found = { salted: false, constantSalt: true };
  const random = !walkAssigned(data, analysis, (node, names, valuesOf) => {
    if (randomSource.test(codeText(node, analysis))) return false;
    // a literal joined to the password is a constant salt, named or not: `password + "s3cr3t"` is `salt = "s3cr3t"`
    if ([node, ...descendants(node)].some(literalJoin)) found.salted = true;
    for (const name of names) {
      if (!saltName.test(name)) continue;
      found.salted = true;
      // A salt that is a parameter or comes from elsewhere is not known to be constant.
      const values = valuesOf(name);
      if (values.length === 0 || values.some((value) => !analysis.isConstant(value))) found.constantSalt = false;
    }
    return true;
  });
  if (random) return 'random';
  if (!found.salted) return 'none';
  return found.constantSalt ? 'constant' : 'random';
}

/** `x + "text"` or `f"{x}text"`: a non-empty string literal joined to a value. */
function literalJoin(node: PlainNode): boolean {
  const literal = (part: PlainNode | undefined): boolean =>
    part?.type === 'string' &&
    !part.children.some((child) => child.type === 'interpolation') &&
    part.children.some((child) => child.type === 'string_content');
  if (node.type === 'binary_operator')
    return (
      node.children.some((child) => child.type === '+') &&
      (literal(childByField(node, 'left')) || literal(childByField(node, 'right')))
    );
  return (
    node.type === 'string' &&
    node.children.some((child) => child.type === 'interpolation') &&
    node.children.some((child) => child.type === 'string_content')
  );
}

// Who the password belongs to: known to an attacker, and the same for a user on every system (CWE-760's example).
const identityName = /(^|_)(user(name)?|login|email|account|uid)s?(_|$)/i;
// A salt read back from storage (`row["salt"]`, `user.salt`) was generated when the hash was made.
const storedSalt = /(\.|\[\s*['"])salt(s?)\b/i;

function importedNames(analysis: ModuleAnalysis): Set<string> {
  const names = new Set<string>();
  for (const node of descendants(analysis.root)) {
    if (node.type !== 'import_statement' && node.type !== 'import_from_statement') continue;
    for (const name of identifiers(node, analysis)) names.add(name);
  }
  return names;
}

/**
 * A key-derivation salt computed from what is being hashed or from who it belongs to, with no random input:
 * `salt = sha256(password).digest()` (equal passwords get equal salts, so the salt separates nothing) or
 * `salt = username.encode()` (predictable, and the same for that user everywhere). A salt from a parameter, from
 * storage or from a random source is not known to be predictable.
 */
export function derivedSalt(salt: PlainNode, data: PlainNode | undefined, analysis: ModuleAnalysis): boolean {
  const modules = importedNames(analysis);
  const hashed = new Set(data ? identifiers(data, analysis).filter((name) => !modules.has(name)) : []);
  const found = { derived: false, computed: false };
  const known = walkAssigned(salt, analysis, (node, names, valuesOf) => {
    if (randomSource.test(codeText(node, analysis)) || storedSalt.test(analysis.text(node))) return false;
    if (node.type === 'call') found.computed = true;
    for (const name of names) {
      if (modules.has(name) || valuesOf(name).length > 0) continue;
      if (hashed.has(name) || identityName.test(name)) found.derived = true;
    }
    return true;
  });
  // A bare name is a salt passed in (`salt=user_salt`); only a value the code computes here is known to be derived.
  return known && found.derived && found.computed;
}
