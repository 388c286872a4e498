// The worklist solver: entry facts per block, transfer through the block's steps, narrow on guarded edges, merge at
// joins, repeat until nothing changes; then one replay of every block from its solved entry facts, which is when rules
// run (so each statement is reported once, with the facts that hold on every path reaching it). Loops converge because
// merging only adds danger and the lattice (origin × sink bitmask per name) is finite; a per-block visit bound keeps
// the cost linear even so.
import { namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { Taint } from '../taint.js';
import type { ControlFlowGraph, Guard, Step } from './cfg.js';
import { FlowState, mergeStates, sameState } from './flow-state.js';

export interface StepObserver {
  /** A `return` (value undefined: falling off the end, i.e. `None`), with the facts at that point. Reachable code only. */
  readonly returned?: (value: PlainNode | undefined, state: FlowState) => void;
}

export interface SolverHooks {
  /** Applies one step to `state` in place; `final` is the replay pass, when rules may report. */
  transfer(step: Step, state: FlowState, final: boolean): void;
  /** Narrows `state` in place for the branch where `guard` has its value. */
  narrow(state: FlowState, guard: Guard): void;
  /** A name's value outside the analysed body (module scope), for joins where only one path assigned it. */
  merge(name: string): Taint | undefined;
  readonly observer: StepObserver;
  /** Run the replay pass (rules report, returns are observed); passes that only learn facts skip it. */
  readonly replay: boolean;
}

export interface Solution {
  /** Facts at the normal exit, undefined when no path returns normally. */
  readonly exit: FlowState | undefined;
  /** Facts after the last replayed block (the module's state when it ends in `sys.exit()`). */
  readonly last: FlowState;
  readonly reachedExit: boolean;
}

const maximumVisits = 8;

export function solve(graph: ControlFlowGraph, initial: FlowState, hooks: SolverHooks): Solution {
  const entries: (FlowState | undefined)[] = new Array<FlowState | undefined>(graph.blocks.length).fill(undefined);
  const visits = new Array<number>(graph.blocks.length).fill(0);
  entries[graph.entry] = initial.copy();
  const queue: number[] = [graph.entry];
  const queued = new Set<number>(queue);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    if (id === undefined) continue;
    queued.delete(id);
    const block = graph.blocks[id];
    const entry = entries[id];
    if (!block || !entry) continue;
    visits[id] = (visits[id] ?? 0) + 1;
    const state = entry.copy();
    for (const step of block.steps) hooks.transfer(step, state, false);
    for (const edge of block.successors) {
      let out = state;
      if (edge.guard) {
        out = state.copy();
        hooks.narrow(out, edge.guard);
      }
      const previous = entries[edge.to];
      const merged = previous ? mergeStates(previous, out, (name) => hooks.merge(name)) : out.copy();
      if (previous && sameState(previous, merged)) continue;
      entries[edge.to] = merged;
      if (!queued.has(edge.to) && (visits[edge.to] ?? 0) < maximumVisits) {
        queued.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  // Copies of one finally body start with the same step node: rules see them once, from the merge of their entries.
  const replayEntries = mergedCopies(graph, entries, (name) => hooks.merge(name));
  let last = initial;
  for (const block of hooks.replay ? graph.blocks : []) {
    const entry = entries[block.id];
    const shared = replayEntries.get(block.id);
    const final = shared !== null;
    const state = (shared ?? entry ?? initial).copy();
    for (const step of block.steps) {
      hooks.transfer(step, state, final);
      if (entry && step.node.type === 'return_statement' && step.kind === 'statement')
        hooks.observer.returned?.(namedChildren(step.node)[0], state);
    }
    if (entry && block.successors.some((edge) => edge.to === graph.exit)) {
      const lastStep = block.steps[block.steps.length - 1];
      if (lastStep?.node.type !== 'return_statement') hooks.observer.returned?.(undefined, state);
    }
    if (block.steps.length > 0 && block.id !== graph.exit && block.id !== graph.raised) last = state;
  }
  const exit = entries[graph.exit];
  return { exit, last: exit ?? last, reachedExit: exit !== undefined };
}

/** For blocks that are copies of one another (same first step node): the first copy replays from the merge of all the
 * copies' entries; the others map to null (they replay without reporting, only for returns and the last state). */
function mergedCopies(
  graph: ControlFlowGraph,
  entries: readonly (FlowState | undefined)[],
  outer: (name: string) => Taint | undefined,
): Map<number, FlowState | null | undefined> {
  const first = new Map<PlainNode, number>();
  const result = new Map<number, FlowState | null | undefined>();
  for (const block of graph.blocks) {
    const node = block.steps[0]?.node;
    if (!node) continue;
    const primary = first.get(node);
    if (primary === undefined) {
      first.set(node, block.id);
      continue;
    }
    const entry = entries[block.id];
    result.set(block.id, null);
    if (!entry) continue;
    const merged = result.get(primary) ?? entries[primary];
    result.set(primary, merged ? mergeStates(merged, entry, outer) : entry);
  }
  return result;
}
