// A control-flow graph for one function body (or the module body), built from the tree-sitter statements. Blocks hold
// steps (statements, conditions, loop/with/except bindings); edges may carry a guard (the branch condition and whether
// it holds on that edge) so the dataflow can narrow a value on the branch where a check holds. Early exits — return,
// raise, break, continue, and calls that never return (abort(), sys.exit(), a local function that always raises) —
// end their block, so what follows sees only the paths that got past the check.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';

export type StepKind = 'statement' | 'condition' | 'for' | 'with' | 'except' | 'subject';

export interface Step {
  readonly kind: StepKind;
  readonly node: PlainNode;
}

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

/** Statements Python nests more deeply than this are rejected by CPython ("too many levels of indentation"); past it
 * the builder stops descending, so a hostile file cannot exhaust the stack. */
const maximumNesting = 200;

const skipped = new Set([
  'function_definition',
  'decorated_definition',
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'comment',
  'pass_statement',
  'global_statement',
  'nonlocal_statement',
]);

interface LoopTargets {
  readonly continueTo: number;
  readonly breakTo: number;
}

class Builder {
  readonly blocks: Block[] = [];
  readonly exit: number;
  readonly raised: number;
  private readonly loops: LoopTargets[] = [];
  /** Innermost first: the block where an exception raised inside a `try` body goes. */
  private readonly handlers: number[] = [];

  constructor(private readonly terminates: (statement: PlainNode) => boolean) {
    this.exit = this.block();
    this.raised = this.block();
  }

  block(): number {
    const id = this.blocks.length;
    this.blocks.push({ id, steps: [], successors: [] });
    return id;
  }

  edge(from: number, to: number, guard?: Guard): void {
    this.blocks[from]?.successors.push({ to, guard });
  }

  private step(at: number, kind: StepKind, node: PlainNode): void {
    this.blocks[at]?.steps.push({ kind, node });
  }

  /** Builds `statements` starting in `current`; returns the block control falls out of, or undefined if none does.
   * Unreachable statements still get a block (with no predecessors) so rules see them. */
  sequence(statements: readonly PlainNode[], current: number | undefined, depth: number): number | undefined {
    let at = current;
    for (const statement of statements) {
      if (statement.type === 'comment' || !statement.named) continue;
      at = this.statement(statement, at ?? this.block(), depth);
      const handler = this.handlers[this.handlers.length - 1];
      // Any statement of a try body may raise: the handlers see the state after each one.
      if (at !== undefined && handler !== undefined) this.edge(at, handler);
    }
    return at;
  }

  private body(node: PlainNode | undefined, current: number, depth: number): number | undefined {
    if (!node) return current;
    return node.type === 'block'
      ? this.sequence(node.children, current, depth + 1)
      : this.statement(node, current, depth + 1);
  }

  private escape(): number {
    return this.handlers[this.handlers.length - 1] ?? this.raised;
  }

  private statement(node: PlainNode, at: number, depth: number): number | undefined {
    if (skipped.has(node.type)) return at;
    if (depth > maximumNesting) {
      this.step(at, 'statement', node);
      return at;
    }
    switch (node.type) {
      case 'return_statement':
        this.step(at, 'statement', node);
        this.edge(at, this.exit);
        return undefined;
      case 'raise_statement':
        this.step(at, 'statement', node);
        this.edge(at, this.escape());
        return undefined;
      case 'continue_statement':
      case 'break_statement': {
        const loop = this.loops[this.loops.length - 1];
        if (loop) this.edge(at, node.type === 'continue_statement' ? loop.continueTo : loop.breakTo);
        return undefined;
      }
      case 'expression_statement':
        this.step(at, 'statement', node);
        if (this.terminates(node)) {
          this.edge(at, this.escape());
          return undefined;
        }
        return at;
      case 'assert_statement': {
        const condition = namedChildren(node)[0];
        this.step(at, 'statement', node);
        if (!condition) return at;
        const next = this.block();
        this.edge(at, next, { condition, holds: true });
        this.edge(at, this.escape(), { condition, holds: false });
        return next;
      }
      case 'class_definition':
        // Class bodies run once, in order, at definition time; their methods are analysed on their own.
        return this.body(childByField(node, 'body'), at, depth);
      case 'if_statement':
        return this.ifStatement(node, at, depth);
      case 'while_statement':
        return this.whileStatement(node, at, depth);
      case 'for_statement':
        return this.forStatement(node, at, depth);
      case 'try_statement':
        return this.tryStatement(node, at, depth);
      case 'with_statement':
        this.step(at, 'with', node);
        return this.body(childByField(node, 'body'), at, depth);
      case 'match_statement':
        return this.matchStatement(node, at, depth);
      default:
        this.step(at, 'statement', node);
        return at;
    }
  }

  private join(ends: readonly (number | undefined)[]): number | undefined {
    const live = ends.filter((end): end is number => end !== undefined);
    if (live.length === 0) return undefined;
    const after = this.block();
    for (const end of live) this.edge(end, after);
    return after;
  }

  private ifStatement(node: PlainNode, at: number, depth: number): number | undefined {
    const ends: (number | undefined)[] = [];
    let test = at;
    let condition = childByField(node, 'condition');
    let consequence = childByField(node, 'consequence');
    const alternatives = node.children.filter((child) => child.field === 'alternative');
    let index = 0;
    for (;;) {
      if (condition) this.step(test, 'condition', condition);
      const then = this.block();
      this.edge(test, then, condition ? { condition, holds: true } : undefined);
      ends.push(this.body(consequence, then, depth));
      const next = alternatives[index++];
      const otherwise = this.block();
      this.edge(test, otherwise, condition ? { condition, holds: false } : undefined);
      if (next?.type === 'elif_clause') {
        test = otherwise;
        condition = childByField(next, 'condition');
        consequence = childByField(next, 'consequence');
        continue;
      }
      ends.push(
        next
          ? this.body(
              childByField(next, 'body') ?? namedChildren(next).find((child) => child.type === 'block'),
              otherwise,
              depth,
            )
          : otherwise,
      );
      break;
    }
    return this.join(ends);
  }

  private whileStatement(node: PlainNode, at: number, depth: number): number | undefined {
    const condition = childByField(node, 'condition');
    const header = this.block();
    this.edge(at, header);
    if (condition) this.step(header, 'condition', condition);
    const body = this.block();
    const after = this.block();
    this.edge(header, body, condition ? { condition, holds: true } : undefined);
    // `while True:` leaves only through break.
    const endless = condition?.type === 'true';
    return this.loop(
      node,
      header,
      body,
      after,
      endless ? undefined : condition ? { condition, holds: false } : null,
      depth,
    );
  }

  /** A loop's else branch (taken when the loop ends without break; `exitGuard` undefined: never) and its body, whose
   * end and `continue` go back to the header and whose `break` goes after the loop. */
  private loop(
    node: PlainNode,
    header: number,
    body: number,
    after: number,
    exitGuard: Guard | null | undefined,
    depth: number,
  ): number {
    if (exitGuard !== undefined) {
      const otherwise = this.block();
      this.edge(header, otherwise, exitGuard ?? undefined);
      const alternative = childByField(node, 'alternative');
      const end = alternative ? this.body(blockOf(alternative), otherwise, depth) : otherwise;
      if (end !== undefined) this.edge(end, after);
    }
    this.loops.push({ continueTo: header, breakTo: after });
    const end = this.body(childByField(node, 'body'), body, depth);
    this.loops.pop();
    if (end !== undefined) this.edge(end, header);
    return after;
  }

  private forStatement(node: PlainNode, at: number, depth: number): number | undefined {
    const header = this.block();
    this.edge(at, header);
    this.step(header, 'for', node);
    const body = this.block();
    const after = this.block();
    this.edge(header, body);
    return this.loop(node, header, body, after, null, depth);
  }

  private tryStatement(node: PlainNode, at: number, depth: number): number | undefined {
    const clauses = namedChildren(node);
    const handlers = clauses.filter((child) => child.type === 'except_clause' || child.type === 'except_group_clause');
    const elseClause = clauses.find((child) => child.type === 'else_clause');
    const finallyClause = clauses.find((child) => child.type === 'finally_clause');
    const dispatch = handlers.length > 0 ? this.block() : undefined;
    if (dispatch !== undefined) {
      this.edge(at, dispatch);
      this.handlers.push(dispatch);
    }
    const start = this.block();
    this.edge(at, start);
    let end = this.body(childByField(node, 'body'), start, depth);
    if (dispatch !== undefined) this.handlers.pop();
    if (elseClause && end !== undefined) end = this.body(blockOf(elseClause), end, depth);
    const ends: (number | undefined)[] = [end];
    if (dispatch !== undefined) {
      for (const handler of handlers) {
        const entry = this.block();
        this.edge(dispatch, entry);
        this.step(entry, 'except', handler);
        ends.push(this.body(blockOf(handler), entry, depth));
      }
    }
    const joined = this.join(ends);
    if (!finallyClause) return joined;
    // A finally body runs on every path; the paths that left early (return/raise) skip it here, which only loses
    // what the finally body itself would have done to them.
    return this.body(blockOf(finallyClause), joined ?? this.block(), depth);
  }

  private matchStatement(node: PlainNode, at: number, depth: number): number | undefined {
    const subject = childByField(node, 'subject');
    if (subject) this.step(at, 'subject', subject);
    const body = childByField(node, 'body');
    const cases = body ? namedChildren(body).filter((child) => child.type === 'case_clause') : [];
    const ends: (number | undefined)[] = [];
    let exhaustive = false;
    for (const clause of cases) {
      const entry = this.block();
      this.edge(at, entry);
      const pattern = namedChildren(clause).find((child) => child.type === 'case_pattern');
      // `case _:` (a pattern with nothing inside) matches everything.
      if (pattern && namedChildren(pattern).length === 0 && !childByField(clause, 'guard')) exhaustive = true;
      ends.push(this.body(childByField(clause, 'consequence') ?? blockOf(clause), entry, depth));
    }
    if (!exhaustive) ends.push(at);
    return this.join(ends);
  }
}

function blockOf(clause: PlainNode): PlainNode | undefined {
  return childByField(clause, 'body') ?? namedChildren(clause).find((child) => child.type === 'block');
}

/** Builds the graph of `statements`. `terminates` says whether an expression statement never returns (abort()). */
export function buildControlFlowGraph(
  statements: readonly PlainNode[],
  terminates: (statement: PlainNode) => boolean,
): ControlFlowGraph {
  const builder = new Builder(terminates);
  const entry = builder.block();
  const end = builder.sequence(statements, entry, 0);
  if (end !== undefined) builder.edge(end, builder.exit);
  return { blocks: builder.blocks, entry, exit: builder.exit, raised: builder.raised };
}
