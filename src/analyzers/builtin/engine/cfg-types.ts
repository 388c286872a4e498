// The shapes of a control-flow graph (blocks of steps, edges that may carry a guard) and what its builder asks of the
// module, apart from the builder so the solver and the steps depend on the data, not on how it is built.
import type { PlainNode } from '../../../python-syntax/index.js';
import type { ExceptionHierarchy, Raised } from './exceptions.js';

export type StepKind = 'statement' | 'condition' | 'for' | 'with' | 'except' | 'subject' | 'case';

export interface Step {
  readonly kind: StepKind;
  readonly node: PlainNode;
}

/** The check on an edge: a branch condition (`holds`: its value on that edge), a `case_clause` (holds: the case
 * matched), or a statement that completed without raising (`n = int(x)`: holds is true). */
export interface Guard {
  readonly condition: PlainNode;
  readonly holds: boolean;
}

export interface Edge {
  readonly to: number;
  readonly guard: Guard | undefined;
}

export interface Block {
  readonly id: number;
  readonly steps: Step[];
  readonly successors: Edge[];
}

export interface ControlFlowGraph {
  readonly blocks: readonly Block[];
  readonly entry: number;
  /** Normal exit: falling off the end or `return`. */
  readonly exit: number;
  /** Exceptional exit: an uncaught `raise` or a call that never returns. */
  readonly raised: number;
}

/** What the builder asks about the module: whether an expression statement never returns (abort()), what a statement
 * can raise, and the source of a node (to recognise conversions and `suppress(…)` by name). */
export interface GraphFacts {
  readonly terminates: (statement: PlainNode) => boolean;
  readonly raises: (statement: PlainNode) => Raised;
  readonly text: (node: PlainNode) => string;
  readonly hierarchy: ExceptionHierarchy;
}
