// The facts at one program point: which names hold which taint, which names only ever held literals, what local names
// were bound to (for qualified call names), which names hold caught exceptions, and which names were derived from a
// URL's host (`host = urlparse(url).hostname`, so a check on `host` narrows `url`). Pure values: the dataflow solver
// copies, merges and compares them; nothing here does I/O.
import type { PlainNode } from '../../../python-syntax/index.js';
import { mergeTaint, sameTaint, type Taint } from '../taint.js';

/** `host = urlparse(url).hostname` → { base: 'url', part: 'host' }; `parsed = urlparse(url)` → part 'parsed';
 * `full = realpath(join(BASE, name))` → { base: 'name', part: 'normalized' }; `n = name.strip()` → part 'copy';
 * `p = os.path.join(BASE, name)` → { base: 'name', part: 'joined' } (a later `realpath(p)` is then name's path). */
export interface Derivation {
  readonly base: string;
  /** `copy`: the base seen through a case or whitespace transform (`name = user.strip().lower()`). */
  readonly part: 'host' | 'parsed' | 'normalized' | 'copy' | 'joined';
}

export class FlowState {
  constructor(
    readonly taints = new Map<string, Taint | undefined>(),
    readonly constants = new Set<string>(),
    readonly bindings = new Map<string, string>(),
    readonly exceptions = new Set<string>(),
    readonly derived = new Map<string, Derivation>(),
    returned?: Taint,
    /** Names holding the result of a check (`ok = bool(re.fullmatch(p, x))`), so `if not ok:` narrows as the check. */
    readonly conditions = new Map<string, PlainNode>(),
    /** Per name, the sink kinds (a sink bitmask) a check — a guard or a raising checker, not a transform — made its
     * current value safe for on every path reaching this point. Assigning the name forgets it. */
    readonly validated = new Map<string, number>(),
  ) {
    this.returned = returned;
  }
  returned: Taint | undefined;

  copy(): FlowState {
    return new FlowState(
      new Map(this.taints),
      new Set(this.constants),
      new Map(this.bindings),
      new Set(this.exceptions),
      new Map(this.derived),
      this.returned,
      new Map(this.conditions),
      new Map(this.validated),
    );
  }
}

/** A check on `name` held for the sinks in `mask` (on the path this state describes). */
export function recordValidation(state: FlowState, name: string, mask: number): void {
  if (name === '' || mask === 0) return;
  state.validated.set(name, (state.validated.get(name) ?? 0) | mask);
}

/**
 * The join of two incoming paths. A name is tainted if it is tainted on either path (a value is safe for a sink only if
 * safe on every path); constant only if constant on both; a name assigned on one path only keeps what the other path
 * saw through `outer` (the module scope) as its second value.
 */
export function mergeStates(a: FlowState, b: FlowState, outer: (name: string) => Taint | undefined): FlowState {
  const taints = new Map<string, Taint | undefined>();
  for (const [name, taint] of a.taints)
    taints.set(name, mergeTaint(taint, b.taints.has(name) ? b.taints.get(name) : outer(name)));
  for (const [name, taint] of b.taints) if (!a.taints.has(name)) taints.set(name, mergeTaint(outer(name), taint));
  const constants = new Set<string>();
  for (const name of a.constants)
    if (b.constants.has(name) || (!b.taints.has(name) && !b.bindings.has(name))) constants.add(name);
  for (const name of b.constants) if (!a.taints.has(name) && !a.bindings.has(name)) constants.add(name);
  const bindings = new Map(b.bindings);
  for (const [name, value] of a.bindings) bindings.set(name, value);
  const exceptions = new Set([...a.exceptions, ...b.exceptions]);
  const derived = new Map<string, Derivation>();
  for (const [name, derivation] of a.derived) {
    const other = b.derived.get(name);
    if (other?.base === derivation.base && other.part === derivation.part) derived.set(name, derivation);
  }
  const conditions = new Map<string, PlainNode>();
  for (const [name, node] of a.conditions) if (b.conditions.get(name) === node) conditions.set(name, node);
  // Validated on every path: on both sides, for the sinks both sides validated.
  const validated = new Map<string, number>();
  for (const [name, mask] of a.validated) {
    const both = mask & (b.validated.get(name) ?? 0);
    if (both !== 0) validated.set(name, both);
  }
  return new FlowState(
    taints,
    constants,
    bindings,
    exceptions,
    derived,
    mergeTaint(a.returned, b.returned),
    conditions,
    validated,
  );
}

/** Equal for the solver: same names with the same danger (messages aside) and the same constants. */
export function sameState(a: FlowState, b: FlowState): boolean {
  if (a.taints.size !== b.taints.size || a.constants.size !== b.constants.size) return false;
  for (const [name, taint] of a.taints) {
    if (!b.taints.has(name) || !sameTaint(taint, b.taints.get(name))) return false;
  }
  for (const name of a.constants) if (!b.constants.has(name)) return false;
  if (
    a.derived.size !== b.derived.size ||
    a.bindings.size !== b.bindings.size ||
    a.conditions.size !== b.conditions.size ||
    a.validated.size !== b.validated.size
  )
    return false;
  for (const [name, mask] of a.validated) if (b.validated.get(name) !== mask) return false;
  return sameTaint(a.returned, b.returned);
}
