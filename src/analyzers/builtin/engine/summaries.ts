// Summaries of module-local functions, so a call site knows what the helper does without re-reading it: what it
// returns (its own source data, its parameters, and which sanitizing bits its transform adds), what holds for each
// argument when it returns truthy / falsy (validators: `if not is_safe_url(u): abort(400)`), what holds after it returns
// at all (raising checkers: `check(p)` raises on bad input), and whether it ever returns (a helper that always raises
// ends its caller's path like `abort()`). Computed once per function, callees first, re-queued only when a callee's
// summary changes, to a bounded fixed point over the module's call graph.
import type { Taint } from '../taint.js';

export interface FunctionSummary {
  /** The return value carries taint from a source inside the function. */
  readonly ownTaint: Taint | undefined;
  /** The return value depends on the parameters. */
  readonly passesParameters: boolean;
  /** Sink kinds the function's transform makes a parameter safe for on its way to the return value. */
  readonly returnedSafe: number;
  /** Per parameter: sink kinds it is safe for when the function returns a truthy / falsy value. */
  readonly whenTrue: readonly number[];
  readonly whenFalse: readonly number[];
  /** Per parameter: sink kinds it is safe for whenever the function returns normally. */
  readonly onReturn: readonly number[];
  /** No path returns normally. */
  readonly alwaysRaises: boolean;
}

export function sameSummary(a: FunctionSummary | undefined, b: FunctionSummary): boolean {
  if (!a) return false;
  const sameList = (x: readonly number[], y: readonly number[]): boolean =>
    x.length === y.length && x.every((value, index) => value === y[index]);
  return (
    a.passesParameters === b.passesParameters &&
    a.returnedSafe === b.returnedSafe &&
    a.alwaysRaises === b.alwaysRaises &&
    (a.ownTaint === undefined) === (b.ownTaint === undefined) &&
    a.ownTaint?.safe === b.ownTaint?.safe &&
    sameList(a.whenTrue, b.whenTrue) &&
    sameList(a.whenFalse, b.whenFalse) &&
    sameList(a.onReturn, b.onReturn)
  );
}

/**
 * Callee-first order (post-order of a depth-first walk over the call graph), iterative. Recursion in the module's
 * call graph is fine: the worklist revisits a function when a callee's summary changes.
 */
export function calleeFirstOrder(names: readonly string[], callees: ReadonlyMap<string, readonly string[]>): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  for (const start of names) {
    if (seen.has(start)) continue;
    seen.add(start);
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!top) break;
      const list = callees.get(top.name) ?? [];
      const callee = list[top.next++];
      if (callee === undefined) {
        order.push(top.name);
        stack.pop();
      } else if (!seen.has(callee)) {
        seen.add(callee);
        stack.push({ name: callee, next: 0 });
      }
    }
  }
  return order;
}

/** A function is re-summarized at most this many times: the lattice is finite, the bound keeps cost linear. */
export const summaryRounds = 4;
