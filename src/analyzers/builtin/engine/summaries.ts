// Summaries of module-local functions, so a call site knows what the helper does without re-reading it: what it
// returns (its own source data, its parameters, and which sanitizing bits its transform adds), what holds for each
// argument when it returns truthy / falsy (validators: `if not is_safe_url(u): abort(400)`), what holds after it returns
// at all (raising checkers: `check(p)` raises on bad input), and whether it ever returns (a helper that always raises
// ends its caller's path like `abort()`). Computed once per function, callees first, re-queued only when a callee's
// summary changes, to a bounded fixed point over the module's call graph.
import { childByField, type PlainNode } from '../../../python-syntax/index.js';
import type { SourceText } from '../module-model.js';
import { allSinks, type Taint } from '../taint.js';
import { FlowState } from './flow-state.js';
import type { FunctionInfo } from './functions.js';
import type { Solution, StepObserver } from './solver.js';

export interface FunctionSummary {
  /** The return value carries taint from a source inside the function. */
  readonly ownTaint: Taint | undefined;
  /** The return value depends on the parameters. */
  readonly passesParameters: boolean;
  /** Sink kinds the function's transform makes a parameter safe for on its way to the return value. */
  readonly returnedSafe: number;
  /** Per parameter, when the function has a few: the sink kinds its transform makes that parameter safe for on its
   * way to the return value, undefined when it does not reach it (`f(a, b)` returning `escape(a) + b`: a → html,
   * b → 0). Absent: `returnedSafe` applies to every argument. */
  readonly returnedByParameter?: readonly (number | undefined)[];
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
    sameOptionalList(a.returnedByParameter, b.returnedByParameter) &&
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

/** Summaries for every function, callees first, re-queueing callers when a summary changes. */
export function summarizeFunctions(
  functions: ReadonlyMap<string, FunctionInfo>,
  calleesOf: (info: FunctionInfo) => string[],
  summarize: (info: FunctionInfo) => FunctionSummary,
  summaries: Map<string, FunctionSummary>,
): void {
  const names = [...functions.keys()];
  const callers = new Map<string, Set<string>>();
  const callees = new Map<string, string[]>();
  for (const [name, info] of functions) {
    const list = calleesOf(info);
    callees.set(name, list);
    for (const callee of list) {
      const set = callers.get(callee) ?? new Set<string>();
      set.add(name);
      callers.set(callee, set);
    }
  }
  const queue = calleeFirstOrder(names, callees);
  const queued = new Set(queue);
  const rounds = new Map<string, number>();
  for (let index = 0; index < queue.length; index++) {
    const name = queue[index];
    if (name === undefined) continue;
    queued.delete(name);
    const info = functions.get(name);
    const round = (rounds.get(name) ?? 0) + 1;
    if (!info || round > summaryRounds) continue;
    rounds.set(name, round);
    const summary = summarize(info);
    if (sameSummary(summaries.get(name), summary)) continue;
    summaries.set(name, summary);
    for (const caller of callers.get(name) ?? []) {
      if (!queued.has(caller)) {
        queued.add(caller);
        queue.push(caller);
      }
    }
  }
}

function sameOptionalList(
  x: readonly (number | undefined)[] | undefined,
  y: readonly (number | undefined)[] | undefined,
): boolean {
  if (x === undefined || y === undefined) return x === y;
  return x.length === y.length && x.every((value, index) => value === y[index]);
}

const parameterTaint = (name: string): Taint => ({ origin: 'parameter', safe: 0, from: name });

/** Per-parameter return transforms are computed for functions with 2..this many parameters: one extra solve each,
 * no replay, so the cost stays a small constant per function. */
export const perParameterLimit = 4;

/** One solve per parameter with only that one tainted: which parameters reach the return value, and how cleaned. */
function returnedByParameter(info: FunctionInfo, engine: SummaryEngine): (number | undefined)[] {
  return info.parameters.map((name, index) => {
    const initial = new FlowState();
    info.parameters.forEach((other, position) => {
      initial.taints.set(other, position === index ? parameterTaint(name) : undefined);
    });
    const returned = engine.analyze(initial, {}).exit?.returned;
    return returned === undefined ? undefined : returned.safe;
  });
}

export interface SummaryEngine {
  analyze(initial: FlowState, observer: StepObserver): Solution;
  narrowInto(state: FlowState, condition: PlainNode, holds: boolean): void;
}

/** One function's summary, from one analysis with its parameters tainted and the returns observed. */
export function summarizeFunction(info: FunctionInfo, source: SourceText, engine: SummaryEngine): FunctionSummary {
  const count = info.parameters.length;
  const assigned = assignedNames(info.node, source);
  const initial = new FlowState();
  for (const name of info.parameters) initial.taints.set(name, parameterTaint(name));
  const whenTrue = new Array<number>(count).fill(allSinks);
  const whenFalse = new Array<number>(count).fill(allSinks);
  let truthyReturns = 0;
  let falsyReturns = 0;
  const safeOf = (state: FlowState, index: number): number => {
    const name = info.parameters[index] ?? '';
    if (assigned.has(name)) return 0;
    const taint = state.taints.get(name);
    return taint ? taint.safe : allSinks;
  };
  const record = (target: number[], state: FlowState): void => {
    for (let index = 0; index < count; index++) target[index] = (target[index] ?? 0) & safeOf(state, index);
  };
  const observer: StepObserver = {
    returned: (value, state) => {
      const truth = value ? literalTruth(value) : false;
      if (truth !== false) {
        const narrowed = state.copy();
        if (truth === undefined && value) engine.narrowInto(narrowed, value, true);
        record(whenTrue, narrowed);
        truthyReturns++;
      }
      if (truth !== true) {
        const narrowed = state.copy();
        if (truth === undefined && value) engine.narrowInto(narrowed, value, false);
        record(whenFalse, narrowed);
        falsyReturns++;
      }
    },
  };
  const tainted = engine.analyze(initial, observer);
  const onReturn = new Array<number>(count).fill(0);
  if (tainted.exit) for (let index = 0; index < count; index++) onReturn[index] = safeOf(tainted.exit, index);
  // One run serves both: parameters enter as `parameter` taint, so a `remote` result is the function's own source
  // (which may also carry the parameters: merging the arguments in then only adds danger).
  const returned = tainted.exit?.returned;
  const passesParameters = returned !== undefined;
  const perParameter =
    passesParameters &&
    returned.origin === 'parameter' &&
    count >= 2 &&
    count <= perParameterLimit &&
    !hasSplatParameters(info.node)
      ? returnedByParameter(info, engine)
      : undefined;
  return {
    ownTaint: returned?.origin === 'remote' ? returned : undefined,
    passesParameters,
    returnedSafe: returned?.origin === 'parameter' ? returned.safe : 0,
    ...(perParameter === undefined ? {} : { returnedByParameter: perParameter }),
    whenTrue: truthyReturns > 0 ? whenTrue : new Array<number>(count).fill(0),
    whenFalse: falsyReturns > 0 ? whenFalse : new Array<number>(count).fill(0),
    onReturn,
    alwaysRaises: !tainted.reachedExit,
  };
}

/** `*args` / `**kwargs`: arguments cannot be lined up with parameters one to one. */
function hasSplatParameters(fn: PlainNode): boolean {
  const parameters = childByField(fn, 'parameters');
  return (parameters?.children ?? []).some(
    (child) => child.type === 'list_splat_pattern' || child.type === 'dictionary_splat_pattern',
  );
}

/** True / False for literal truthy / falsy returns, undefined when it depends on the value. */
function literalTruth(value: PlainNode): boolean | undefined {
  switch (value.type) {
    case 'true':
      return true;
    case 'false':
    case 'none':
      return false;
    default:
      return undefined;
  }
}

function assignedNames(fn: PlainNode, source: SourceText): Set<string> {
  const names = new Set<string>();
  const body = childByField(fn, 'body');
  const stack = body ? [body] : [];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (
      (node.type === 'assignment' || node.type === 'augmented_assignment' || node.type === 'for_statement') &&
      node.children[0]
    ) {
      const left = childByField(node, 'left');
      if (left?.type === 'identifier') names.add(source.of(left));
    }
    for (const child of node.children) if (child.type !== 'function_definition') stack.push(child);
  }
  return names;
}
