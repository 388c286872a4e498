// A control-flow graph for one function body (or the module body), built from the tree-sitter statements. Blocks hold
// steps (statements, conditions, loop/with/except bindings); edges may carry a guard (the branch condition and whether
// it holds on that edge) so the dataflow can narrow a value on the branch where a check holds. Early exits — return,
// raise, break, continue, and calls that never return (abort(), sys.exit(), a local function that always raises) —
// end their block, so what follows sees only the paths that got past the check. A `finally` body is built once per way
// out of its `try` (falling through, return, raise, break, continue): each copy runs on the paths that leave that way
// and then continues to where they were going, so taint and guards in the finally body apply on those paths. Copies of
// one body share their steps' nodes; the solver replays them once, from the merge of their entry facts. Inside a `try`,
// each statement that may raise sends the state before it to the handlers that can catch what it raises (by exception
// class, see exceptions.ts), and on to the enclosing try or out of the function when no handler surely catches it.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { caseCaptures, irrefutable } from './match-patterns.js';
import { handlerCatches, suppressedClasses, type Caught, type Raised } from './exceptions.js';
import type { Block, ControlFlowGraph, GraphFacts, Guard, StepKind } from './cfg-types.js';
import { blockOf, converts, suppressCall } from './cfg-syntax.js';

export type { Block, ControlFlowGraph, Edge, GraphFacts, Guard, Step, StepKind } from './cfg-types.js';

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
  /** How many try frames enclosed the loop: `break`/`continue` run the finally bodies of the frames above. */
  readonly frames: number;
}

/** One `except` clause (or a `suppress(…)`): where its body starts and what it catches. */
interface Handler {
  readonly entry: number;
  readonly caught: Caught;
}

/** An enclosing `try` (or `with suppress(…)`): where an exception goes, or a finally body every way out must run. */
type TryFrame =
  | {
      readonly kind: 'handler';
      readonly handlers: readonly Handler[];
      /** Per kind of exception (its classes, joined): the block that sends it to the handlers that may catch it. */
      readonly dispatches: Map<string, number>;
    }
  | {
      readonly kind: 'finally';
      readonly body: PlainNode | undefined;
      readonly depth: number;
      /** The finally copy already built for each destination (`target:floor`). */
      readonly routes: Map<string, number>;
    };

class Builder {
  readonly blocks: Block[] = [];
  readonly exit: number;
  readonly raised: number;
  private loops: LoopTargets[] = [];
  /** Innermost last: the enclosing try frames at the statement being built. */
  private frames: TryFrame[] = [];

  constructor(private readonly facts: GraphFacts) {
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
    // The block holding a run of statements that may raise anything (calls into other code): the handlers see the
    // state before the run and at its end, not between its statements, so a long try body stays one block and the
    // graph stays linear in the body's size (a block per statement would copy every name's fact per statement).
    let run: number | undefined;
    for (const statement of statements) {
      if (statement.type === 'comment' || !statement.named) continue;
      let start = at ?? this.block();
      // A statement of a try body may raise: the handlers that can catch what it raises (or the finally body) see the
      // state before it. A `raise` sends its own class from where it stands.
      let raised: Raised = [];
      if (this.frames.length > 0 && statement.type !== 'raise_statement' && !skipped.has(statement.type)) {
        raised = this.facts.raises(statement);
        if (raised === undefined ? run !== start : raised.length > 0) {
          this.raiseFrom(start, undefined, raised);
          const next = this.block();
          this.edge(start, next);
          start = next;
        }
      }
      at = this.statement(statement, start, depth);
      if (raised === undefined) {
        if (at !== undefined && at !== run) this.raiseFrom(at, undefined, undefined);
        run = at;
      } else if (raised.length > 0 || at !== run) run = undefined;
    }
    return at;
  }

  private body(node: PlainNode | undefined, current: number, depth: number): number | undefined {
    if (!node) return current;
    return node.type === 'block'
      ? this.sequence(node.children, current, depth + 1)
      : this.statement(node, current, depth + 1);
  }

  /** An exception of the `raised` classes (undefined: any Exception) leaves `from`: to the innermost try's dispatch for
   * it, through the finally bodies between, or out of the function. */
  private raiseFrom(from: number, guard?: Guard, raised?: Raised): void {
    for (let index = this.frames.length - 1; index >= 0; index--) {
      const frame = this.frames[index];
      if (frame?.kind === 'handler') {
        this.leave(from, this.dispatch(index, raised), index + 1, guard);
        return;
      }
    }
    this.leave(from, this.raised, 0, guard);
  }

  /** The block that sends an exception of the `raised` classes to the handlers of frame `index` that may catch it, in
   * clause order, and on to the enclosing frames when none surely does; built once per kind of exception. */
  private dispatch(index: number, raised: Raised): number {
    const frame = this.frames[index];
    if (frame?.kind !== 'handler') return this.raised;
    const key = raised === undefined ? '*' : raised.join('|');
    const known = frame.dispatches.get(key);
    if (known !== undefined) return known;
    const block = this.block();
    frame.dispatches.set(key, block);
    const reached = new Set<number>();
    const escaping: (string | undefined)[] = [];
    for (const kind of raised ?? [undefined]) {
      let caught = false;
      for (const handler of frame.handlers) {
        const verdict = this.verdict(handler.caught, kind);
        if (verdict === 'no') continue;
        reached.add(handler.entry);
        if (verdict === 'surely') {
          caught = true;
          break;
        }
      }
      if (!caught) escaping.push(kind);
    }
    for (const entry of reached) this.edge(block, entry);
    if (escaping.length > 0) {
      // What no handler surely catches goes on from outside this try: only the frames and loops around it apply.
      const frames = this.frames;
      const loops = this.loops;
      this.frames = frames.slice(0, index);
      this.loops = loops.filter((loop) => loop.frames <= index);
      const onward = escaping.every((kind): kind is string => kind !== undefined) ? escaping : undefined;
      this.raiseFrom(block, undefined, onward);
      this.frames = frames;
      this.loops = loops;
    }
    return block;
  }

  private verdict(caught: Caught, kind: string | undefined): 'surely' | 'maybe' | 'no' {
    if (caught === undefined) return 'maybe';
    let verdict: 'surely' | 'maybe' | 'no' = 'no';
    for (const name of caught) {
      const one = this.facts.hierarchy.catches(name, kind);
      if (one === 'surely') return 'surely';
      if (one === 'maybe') verdict = 'maybe';
    }
    return verdict;
  }

  /** Control goes from `from` to `target`, running first the finally bodies of the frames at `floor` and above. */
  private leave(from: number, target: number, floor: number, guard?: Guard): void {
    for (let index = this.frames.length - 1; index >= floor; index--) {
      if (this.frames[index]?.kind === 'finally') {
        this.edge(from, this.finallyRoute(index, target, floor), guard);
        return;
      }
    }
    this.edge(from, target, guard);
  }

  /** The copy of frame `index`'s finally body that paths leaving for `target` run; built on first use. */
  private finallyRoute(index: number, target: number, floor: number): number {
    const frame = this.frames[index];
    if (frame?.kind !== 'finally') return target;
    const key = `${String(target)}:${String(floor)}`;
    const known = frame.routes.get(key);
    if (known !== undefined) return known;
    const entry = this.block();
    frame.routes.set(key, entry);
    // The finally body runs outside its own try: only the frames and loops around that try apply inside it.
    const frames = this.frames;
    const loops = this.loops;
    this.frames = frames.slice(0, index);
    this.loops = loops.filter((loop) => loop.frames <= index);
    const end = frame.body ? this.body(frame.body, entry, frame.depth) : entry;
    if (end !== undefined) this.leave(end, target, floor);
    this.frames = frames;
    this.loops = loops;
    return entry;
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
        this.leave(at, this.exit, 0);
        return undefined;
      case 'raise_statement':
        this.step(at, 'statement', node);
        this.raiseFrom(at, undefined, this.facts.raises(node));
        return undefined;
      case 'continue_statement':
      case 'break_statement': {
        const loop = this.loops[this.loops.length - 1];
        if (loop) this.leave(at, node.type === 'continue_statement' ? loop.continueTo : loop.breakTo, loop.frames);
        return undefined;
      }
      case 'expression_statement': {
        this.step(at, 'statement', node);
        if (this.facts.terminates(node)) {
          const raised = this.facts.raises(node);
          // os._exit(): the process ends, no handler or finally body runs.
          if (raised === undefined || raised.length > 0) this.raiseFrom(at, undefined, raised);
          return undefined;
        }
        if (!converts(node, this.facts.text)) return at;
        // `n = int(x)` completed: x was a number. The path where it raised went to the handlers above.
        const next = this.block();
        this.edge(at, next, { condition: node, holds: true });
        return next;
      }
      case 'assert_statement': {
        const condition = namedChildren(node)[0];
        this.step(at, 'statement', node);
        if (!condition) return at;
        const next = this.block();
        this.edge(at, next, { condition, holds: true });
        this.raiseFrom(at, { condition, holds: false }, ['AssertionError']);
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
        return this.withStatement(node, at, depth);
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
    this.loops.push({ continueTo: header, breakTo: after, frames: this.frames.length });
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
    // The loop ran out of items: every item went through the body (guards.ts reads what that says about them).
    return this.loop(node, header, body, after, { condition: node, holds: true }, depth);
  }

  private tryStatement(node: PlainNode, at: number, depth: number): number | undefined {
    const clauses = namedChildren(node);
    const handlers = clauses.filter((child) => child.type === 'except_clause' || child.type === 'except_group_clause');
    const elseClause = clauses.find((child) => child.type === 'else_clause');
    const finallyClause = clauses.find((child) => child.type === 'finally_clause');
    const outer = this.frames.length;
    if (finallyClause) this.frames.push({ kind: 'finally', body: blockOf(finallyClause), depth, routes: new Map() });
    // Each clause's entry exists before the body is built, so the body's statements can reach the clauses that catch
    // what they raise.
    const entries = handlers.map((handler) => ({
      entry: this.block(),
      caught: handlerCatches(handler, this.facts.text),
    }));
    if (entries.length > 0) this.frames.push({ kind: 'handler', handlers: entries, dispatches: new Map() });
    const start = this.block();
    this.edge(at, start);
    let end = this.body(childByField(node, 'body'), start, depth);
    if (entries.length > 0) this.frames.pop();
    // The else body and the handlers run outside the handlers' reach but inside the finally.
    if (elseClause && end !== undefined) end = this.body(blockOf(elseClause), end, depth);
    const ends: (number | undefined)[] = [end];
    handlers.forEach((handler, index) => {
      const entry = entries[index]?.entry;
      if (entry === undefined) return;
      this.step(entry, 'except', handler);
      ends.push(this.body(blockOf(handler), entry, depth));
    });
    this.frames.length = outer;
    const joined = this.join(ends);
    if (!finallyClause) return joined;
    // The copy for falling through; returns, raises and loop exits got their own copies on the way. What follows starts
    // a block of its own, so that copies of the body are blocks holding the body alone.
    const finished = joined === undefined ? undefined : this.body(blockOf(finallyClause), joined, depth);
    if (finished === undefined) return undefined;
    const after = this.block();
    this.edge(finished, after);
    return after;
  }

  /** `with` binds its items; `with suppress(E):` also swallows an exception from any statement of its body, so control
   * may continue after the block from the state after each one. */
  private withStatement(node: PlainNode, at: number, depth: number): number | undefined {
    this.step(at, 'with', node);
    const suppress = suppressCall(node, this.facts.text);
    if (!suppress) return this.body(childByField(node, 'body'), at, depth);
    const after = this.block();
    const swallowed = this.block();
    this.edge(swallowed, after);
    const start = this.block();
    this.edge(at, start);
    const caught = suppressedClasses(suppress, this.facts.text);
    this.frames.push({ kind: 'handler', handlers: [{ entry: swallowed, caught }], dispatches: new Map() });
    const end = this.body(childByField(node, 'body'), start, depth);
    this.frames.pop();
    if (end !== undefined) this.edge(end, after);
    return after;
  }

  /** Cases are tried in order, like an if/elif chain: each case is entered where its pattern (and guard) holds and the
   * next one is tried where it does not. The pattern's captures are bound before the test. */
  private matchStatement(node: PlainNode, at: number, depth: number): number | undefined {
    const subject = childByField(node, 'subject');
    if (subject) this.step(at, 'subject', subject);
    const body = childByField(node, 'body');
    const cases = body ? namedChildren(body).filter((child) => child.type === 'case_clause') : [];
    const ends: (number | undefined)[] = [];
    let test: number | undefined = at;
    for (const clause of cases) {
      if (caseCaptures(clause).length > 0) this.step(test, 'case', clause);
      const entry = this.block();
      this.edge(test, entry, { condition: clause, holds: true });
      ends.push(this.body(childByField(clause, 'consequence') ?? blockOf(clause), entry, depth));
      // Later cases are unreachable after one that always matches.
      if (irrefutable(clause)) {
        test = undefined;
        break;
      }
      const next = this.block();
      this.edge(test, next, { condition: clause, holds: false });
      test = next;
    }
    ends.push(test);
    return this.join(ends);
  }
}

/** Builds the graph of `statements`. */
export function buildControlFlowGraph(statements: readonly PlainNode[], facts: GraphFacts): ControlFlowGraph {
  const builder = new Builder(facts);
  const entry = builder.block();
  const end = builder.sequence(statements, entry, 0);
  if (end !== undefined) builder.edge(end, builder.exit);
  return { blocks: builder.blocks, entry, exit: builder.exit, raised: builder.raised };
}
