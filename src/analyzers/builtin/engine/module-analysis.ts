// One module's analysis: copy the tree once, resolve imports, summarize the module's functions, then analyse each
// function body (and the module body) on its control-flow graph: taint facts per program point, merged at joins,
// narrowed by guards on the branch where a check holds, solved with a worklist. Rules (checks*.ts) are called at every
// call, assignment, return and node during one final replay of the solved graph; they decide, the engine supplies facts.
import {
  childByField,
  namedChildren,
  toPlainTree,
  type PlainNode,
  type SyntaxTree,
} from '../../../python-syntax/index.js';
import { importAliases, NameResolver, SourceText } from '../module-model.js';
import { mergeTaint, sanitize, sinkBit, type SinkKind, type Taint } from '../taint.js';
import { buildCallSite, callArgumentNodes, compiledPattern, type CallSite } from './call-sites.js';
import { buildControlFlowGraph, type ControlFlowGraph, type Step } from './cfg.js';
import { ExpressionEvaluator } from './expressions.js';
import { FlowState, recordValidation } from './flow-state.js';
import { narrowings, type GuardContext, type ValidatorVerdict } from './guards.js';
import { knownCallResult } from './call-results.js';
import { neverReturns, requestSafeAttributes, sourceAttributes } from './sources.js';
import { solve, type StepObserver } from './solver.js';
import { summarizeFunction, summarizeFunctions, type FunctionSummary } from './summaries.js';
import { derivationOf, type DerivationContext } from './derivations.js';
import { describeFunction, type FunctionInfo } from './functions.js';
import { constantExpression } from './constants.js';
import { localCallee, localCallees, validatorVerdict, type LocalCallee } from './local-calls.js';
import { caseCaptures, caseSubject } from './match-patterns.js';

export type { FunctionInfo } from './functions.js';

export type { CallSite } from './call-sites.js';

export interface ReportOptions {
  readonly taint?: Taint;
  readonly detail?: string;
}

export interface AnalysisHooks {
  call(site: CallSite, analysis: ModuleAnalysis): void;
  assign(target: PlainNode, value: PlainNode, analysis: ModuleAnalysis): void;
  returned(value: PlainNode, analysis: ModuleAnalysis): void;
  node(node: PlainNode, analysis: ModuleAnalysis): void;
}

export interface RawFinding {
  readonly ruleId: string;
  readonly node: PlainNode;
  readonly taint: Taint | undefined;
  readonly detail: string | undefined;
}

type Mode = 'summary' | 'recording' | 'reporting';

export class ModuleAnalysis {
  readonly source: SourceText;
  readonly root: PlainNode;
  readonly nodes: readonly PlainNode[];
  readonly findings: RawFinding[] = [];
  private readonly resolver: NameResolver;
  private readonly imports: Map<string, string>;
  private readonly functions = new Map<string, FunctionInfo>();
  private readonly allFunctions: FunctionInfo[] = [];
  private readonly summaries = new Map<string, FunctionSummary>();
  private readonly compiledPatterns = new Map<string, string>();
  private readonly evaluator: ExpressionEvaluator;
  private readonly visitedCalls = new Set<PlainNode>();
  /** Expression taints as the reporting replay saw them, for the node rules that run afterwards. */
  private readonly replayed = new Map<PlainNode, Taint | undefined>();
  private afterReplay = false;
  private state = new FlowState();
  private moduleState = new FlowState();
  private inModule = true;
  private mode: Mode = 'summary';
  /** Rules run only during the reporting replay. */
  private emitting = false;
  /** Request data a handler passes to a module function, by function name and parameter index. */
  private readonly remoteArguments = new Map<string, Map<number, Taint>>();
  /** Functions that received new request data in the current recording round. */
  private readonly remoteChanged = new Set<string>();
  private currentFunction: FunctionInfo | undefined;
  private readonly guardContext: GuardContext;
  private readonly derivationContext: DerivationContext = {
    text: (node) => this.text(node),
    qualify: (node) => this.qualify(node),
    derived: (name) => this.state.derived.get(name),
    tainted: (name) => this.lookup(name).taint !== undefined,
  };

  constructor(
    text: string,
    tree: SyntaxTree,
    private readonly hooks: AnalysisHooks,
  ) {
    this.source = new SourceText(text);
    const plain = toPlainTree(tree);
    this.root = plain.root;
    this.nodes = plain.nodes;
    this.imports = importAliases(plain.nodes, this.source);
    this.resolver = new NameResolver(this.source, this.imports);
    for (const node of plain.nodes) {
      if (node.type === 'function_definition') {
        const info = describeFunction(node, this.source);
        this.allFunctions.push(info);
        if (!this.functions.has(info.name)) this.functions.set(info.name, info);
      } else if (node.type === 'assignment') {
        const compiled = compiledPattern(node, (part) => this.text(part));
        if (compiled) this.compiledPatterns.set(compiled[0], compiled[1]);
      }
    }
    this.evaluator = new ExpressionEvaluator({
      text: (node) => this.text(node),
      lookup: (name) => this.lookup(name),
      unboundName: (name) => {
        const qualified = this.imports.get(name);
        return qualified !== undefined && /(^|\.)request$/.test(qualified) && qualified !== 'urllib.request'
          ? { origin: 'remote', safe: 0, from: 'request' }
          : undefined;
      },
      sourceAttribute: (node) => {
        // Source attributes are `module.name` (`sys.argv`): only an attribute of a plain name can be one, which keeps
        // a long attribute chain from being re-qualified at every link.
        if (childByField(node, 'object')?.type !== 'identifier') return undefined;
        const qualified = this.qualify(node);
        const source = qualified ? sourceAttributes.get(qualified) : undefined;
        return source ? { origin: 'remote', safe: 0, from: source } : undefined;
      },
      isConstant: (node) => this.isConstant(node),
      isSafeRequestAttribute: (name) => requestSafeAttributes.has(name),
      bindName: (target, taint) => {
        this.bind(target, taint, undefined);
      },
      call: (node, calleeTaint, argumentTaint) => this.call(node, calleeTaint, argumentTaint),
    });
    this.guardContext = {
      text: (node) => this.text(node),
      qualify: (node) => this.qualify(node),
      isConstant: (node) => this.isConstant(node),
      isClean: (node) => this.evaluator.evaluate(node) === undefined,
      derivation: (name) =>
        this.state.derived.get(name) ?? (this.inModule ? undefined : this.moduleState.derived.get(name)),
      compiledPattern: (name) => this.compiledPatterns.get(name),
      condition: (name) => this.state.conditions.get(name),
      validator: (call) => this.validatorVerdict(call),
    };
  }

  run(): RawFinding[] {
    // The module body first, for module-level constants and bindings; then summaries callee-first; then the passes
    // that learn which helpers receive request data (twice, so wrappers of wrappers settle); then the reporting replay.
    this.mode = 'summary';
    this.analyzeModule();
    summarizeFunctions(
      this.functions,
      (info) => localCallees(info, this.functions, (part) => this.text(part)),
      (info) =>
        summarizeFunction(info, this.source, {
          analyze: (initial, observer) => this.analyzeFunction(info, initial, observer),
          narrowInto: (state, condition, holds) => {
            this.narrowInto(state, condition, holds);
          },
        }),
      this.summaries,
    );
    this.mode = 'recording';
    // Later rounds revisit only the functions that just learned of new request data: only they can pass it on.
    this.analyzeModule();
    let pending: readonly FunctionInfo[] = this.allFunctions;
    for (let round = 0; round < 3 && pending.length > 0; round++) {
      this.remoteChanged.clear();
      for (const info of pending) this.analyzeWithSources(info);
      pending = this.allFunctions.filter((info) => this.remoteChanged.has(info.name));
    }
    this.mode = 'reporting';
    this.analyzeModule();
    for (const info of this.allFunctions) this.analyzeWithSources(info);
    this.currentFunction = undefined;
    this.state = this.moduleState;
    this.inModule = true;
    this.evaluator.clear();
    this.afterReplay = true;
    for (const node of this.nodes) this.hooks.node(node, this);
    return this.findings;
  }

  // ---- facts for checks ----

  text(node: PlainNode): string {
    return this.source.of(node);
  }

  get function(): FunctionInfo | undefined {
    return this.currentFunction;
  }

  taint(node: PlainNode): Taint | undefined {
    // Node rules run after the replay: they see the facts that held where the node was evaluated.
    if (this.afterReplay && this.replayed.has(node)) return this.replayed.get(node);
    return this.evaluator.evaluate(node);
  }

  qualify(node: PlainNode): string | undefined {
    return this.resolver.qualify(node, (name) => this.binding(name));
  }

  /** A literal, or a name only ever assigned literals: no runtime input can reach it. */
  isConstant(node: PlainNode): boolean {
    return constantExpression(node, {
      text: (part) => this.text(part),
      qualify: (part) => this.qualify(part),
      constantName: (name) => this.isConstantName(name),
    });
  }

  /** The sinks a check (a guard such as `if x not in ALLOWED: abort()`, or a raising checker) made `node`'s current
   * value safe for on every path reaching the point being analysed — unlike `taint`, never set by a transform. Only
   * names and attributes are tracked; during the reporting replay this is the fact at the call or statement a rule is
   * looking at. */
  validatedFor(node: PlainNode, sink: SinkKind): boolean {
    if (node.type !== 'identifier' && node.type !== 'attribute') return false;
    const name = this.text(node);
    const local = this.inModule || this.state.taints.has(name);
    const mask = local ? this.state.validated.get(name) : this.moduleState.validated.get(name);
    return mask !== undefined && (mask & sinkBit(sink)) !== 0;
  }

  /** An in-module function by name (the first definition wins, as for call summaries). */
  functionNamed(name: string): FunctionInfo | undefined {
    return this.functions.get(name);
  }

  isException(node: PlainNode): boolean {
    if (node.type !== 'identifier') return false;
    const name = this.text(node);
    return this.state.exceptions.has(name) || this.moduleState.exceptions.has(name);
  }

  moduleText(): string {
    return this.source.text;
  }

  report(ruleId: string, node: PlainNode, options: ReportOptions = {}): void {
    if (this.mode !== 'reporting') return;
    this.findings.push({ ruleId, node, taint: options.taint, detail: options.detail });
  }

  // ---- scopes ----

  private lookup(name: string): { found: boolean; taint: Taint | undefined } {
    if (this.state.taints.has(name)) return { found: true, taint: this.state.taints.get(name) };
    if (!this.inModule && this.moduleState.taints.has(name))
      return { found: true, taint: this.moduleState.taints.get(name) };
    return { found: false, taint: undefined };
  }

  private outerTaint(name: string): Taint | undefined {
    return this.inModule ? undefined : this.moduleState.taints.get(name);
  }

  private isConstantName(name: string): boolean {
    for (const state of this.inModule ? [this.state] : [this.state, this.moduleState]) {
      if (state.taints.has(name) || state.bindings.has(name)) return state.constants.has(name);
      if (state.constants.has(name)) return true;
    }
    return false;
  }

  private binding(name: string): string | undefined {
    for (const state of this.inModule ? [this.state] : [this.state, this.moduleState]) {
      const value = state.bindings.get(name);
      if (value !== undefined) return value;
      if (state.taints.has(name)) return undefined;
    }
    return undefined;
  }

  // ---- passes ----

  private graphOf(statements: readonly PlainNode[]): ControlFlowGraph {
    return buildControlFlowGraph(
      statements,
      (statement) => this.terminates(statement),
      (node) => this.text(node),
    );
  }

  private analyzeModule(): void {
    this.inModule = true;
    this.currentFunction = undefined;
    const graph = this.graphOf(this.root.children);
    const result = this.solveAndReplay(graph, new FlowState(), {});
    this.moduleState = result.exit ?? result.last;
    this.state = this.moduleState;
  }

  private analyzeFunction(
    info: FunctionInfo,
    initial: FlowState,
    observer: StepObserver,
  ): ReturnType<ModuleAnalysis['solveAndReplay']> {
    this.inModule = false;
    this.currentFunction = info;
    const body = childByField(info.node, 'body');
    const graph = this.graphOf(body ? body.children : []);
    if (this.mode === 'reporting') {
      this.state = initial.copy();
      this.emitting = true;
      const parameters = childByField(info.node, 'parameters');
      for (const parameter of parameters ? namedChildren(parameters) : []) {
        const value = childByField(parameter, 'value');
        if (value) this.evaluator.evaluate(value);
      }
      this.emitting = false;
      this.evaluator.clear();
    }
    return this.solveAndReplay(graph, initial, observer);
  }

  private solveAndReplay(
    graph: ControlFlowGraph,
    initial: FlowState,
    observer: StepObserver,
  ): { exit: FlowState | undefined; last: FlowState; reachedExit: boolean } {
    return solve(graph, initial, {
      transfer: (step, state, final) => {
        this.state = state;
        this.emitting = final && this.mode === 'reporting';
        this.evaluator.clear();
        this.transfer(step);
        if (this.emitting) for (const [node, taint] of this.evaluator.memo) this.replayed.set(node, taint);
        this.emitting = false;
      },
      narrow: (state, guard) => {
        this.state = state;
        this.evaluator.clear();
        for (const narrowing of narrowings(this.guardContext, guard.condition, guard.holds))
          this.clean(narrowing.name, narrowing.node, narrowing.mask);
        this.evaluator.clear();
      },
      merge: (name) => this.outerTaint(name),
      observer,
      replay: this.mode === 'reporting' || observer.returned !== undefined,
    });
  }

  private analyzeWithSources(info: FunctionInfo): void {
    const initial = new FlowState();
    const passed =
      this.mode === 'reporting' || this.mode === 'recording' ? this.remoteArguments.get(info.name) : undefined;
    info.parameters.forEach((name, index) => {
      const received = passed?.get(index);
      if (received && !info.handler) {
        initial.taints.set(name, { ...received, from: `${received.from}, passed to ${info.name}()` });
        return;
      }
      const remote = info.handler && name !== 'self' && name !== 'cls';
      initial.taints.set(name, {
        origin: remote ? 'remote' : 'parameter',
        safe: 0,
        // A Django-style view's `request` is the request object itself, so `request.FILES` / `request.user` read
        // as they do for Flask's global request.
        from: remote
          ? name === 'request'
            ? 'request'
            : `request parameter "${name}"`
          : `parameter "${name}" of ${info.name}()`,
      });
    });
    this.analyzeFunction(info, initial, {});
  }

  private narrowInto(state: FlowState, condition: PlainNode, holds: boolean): void {
    const saved = this.state;
    this.state = state;
    this.evaluator.clear();
    for (const narrowing of narrowings(this.guardContext, condition, holds))
      this.clean(narrowing.name, narrowing.node, narrowing.mask);
    this.evaluator.clear();
    this.state = saved;
  }

  // ---- steps ----

  private transfer(step: Step): void {
    const node = step.node;
    switch (step.kind) {
      case 'condition':
      case 'subject':
        this.evaluator.evaluate(node);
        return;
      case 'for': {
        const left = childByField(node, 'left');
        const right = childByField(node, 'right');
        const taint = right ? this.evaluator.evaluate(right) : undefined;
        if (left) this.bind(left, taint, undefined);
        return;
      }
      case 'with':
        this.withItems(node);
        return;
      case 'except':
        for (const child of namedChildren(node)) {
          if (child.type !== 'as_pattern') continue;
          const alias = childByField(child, 'alias');
          const target = alias ? (alias.type === 'identifier' ? alias : namedChildren(alias)[0]) : undefined;
          if (target) this.state.exceptions.add(this.text(target));
        }
        return;
      case 'case': {
        // A pattern's captures hold the subject or parts of it.
        const subject = caseSubject(node);
        const taint = subject ? this.evaluator.evaluate(subject) : undefined;
        for (const capture of caseCaptures(node)) this.bind(capture, taint, subject);
        return;
      }
      case 'statement':
        this.statement(node);
    }
  }

  private statement(node: PlainNode): void {
    switch (node.type) {
      case 'expression_statement':
        for (const child of namedChildren(node)) this.expressionStatement(child);
        this.applyCheckers(node);
        return;
      case 'return_statement': {
        const value = namedChildren(node)[0];
        if (value) {
          const taint = this.evaluator.evaluate(value);
          this.state.returned = mergeTaint(this.state.returned, taint);
          if (this.emitting) this.hooks.returned(value, this);
        }
        return;
      }
      default:
        for (const child of namedChildren(node)) this.evaluator.evaluate(child);
    }
  }

  private withItems(node: PlainNode): void {
    for (const child of namedChildren(node)) {
      if (child.type !== 'with_clause') continue;
      for (const item of namedChildren(child)) {
        const value = namedChildren(item)[0];
        if (!value) continue;
        if (value.type === 'as_pattern') {
          const expression = namedChildren(value)[0];
          const alias = childByField(value, 'alias');
          const taint = expression ? this.evaluator.evaluate(expression) : undefined;
          const target = alias ? (alias.type === 'as_pattern_target' ? namedChildren(alias)[0] : alias) : undefined;
          if (target && expression) this.bind(target, taint, expression);
        } else {
          this.evaluator.evaluate(value);
        }
      }
    }
  }

  private expressionStatement(node: PlainNode): void {
    if (node.type === 'assignment') {
      const left = childByField(node, 'left');
      const right = childByField(node, 'right');
      if (!left || !right) return;
      const taint = this.evaluator.evaluate(right);
      if (left.type === 'subscript' || left.type === 'attribute') {
        for (const child of namedChildren(left)) this.evaluator.evaluate(child);
      }
      if (this.emitting) this.hooks.assign(left, right, this);
      this.bind(left, taint, right);
      return;
    }
    if (node.type === 'augmented_assignment') {
      const left = childByField(node, 'left');
      const right = childByField(node, 'right');
      if (!left || !right) return;
      const taint = mergeTaint(this.evaluator.evaluate(left), this.evaluator.evaluate(right));
      if (this.emitting) this.hooks.assign(left, right, this);
      if (left.type === 'identifier') {
        this.state.taints.set(this.text(left), taint);
        this.state.validated.delete(this.text(left));
        if (!this.isConstant(right)) this.state.constants.delete(this.text(left));
      }
      return;
    }
    this.evaluator.evaluate(node);
  }

  /** After `check(p)` returns, what the raising checker established about `p` holds. */
  private applyCheckers(statement: PlainNode): void {
    let expression = namedChildren(statement)[0];
    if (expression?.type === 'assignment') expression = childByField(expression, 'right');
    if (expression?.type === 'await') expression = namedChildren(expression)[0];
    if (expression?.type !== 'call') return;
    const local = this.localCallee(expression);
    const summary = local ? this.summaries.get(local.name) : undefined;
    if (!local || !summary) return;
    const args = callArgumentNodes(expression);
    args.forEach((argument, index) => {
      const mask = summary.onReturn[index + local.offset] ?? 0;
      if (mask !== 0 && (argument.type === 'identifier' || argument.type === 'attribute'))
        this.clean(this.text(argument), argument, mask);
    });
  }

  private terminates(statement: PlainNode): boolean {
    let expression = namedChildren(statement)[0];
    if (expression?.type === 'await') expression = namedChildren(expression)[0];
    if (expression?.type !== 'call') return false;
    const callee = childByField(expression, 'function');
    const name = callee ? (this.resolver.qualify(callee) ?? '') : '';
    if (neverReturns(name)) return true;
    const local = this.localCallee(expression);
    return local !== undefined && this.summaries.get(local.name)?.alwaysRaises === true;
  }

  private bind(target: PlainNode, taint: Taint | undefined, value: PlainNode | undefined): void {
    if (target.type === 'identifier' || target.type === 'attribute') {
      const name = this.text(target);
      const state = this.state;
      state.taints.set(name, taint);
      state.validated.delete(name);
      if (value && this.isConstant(value)) state.constants.add(name);
      else state.constants.delete(name);
      const qualified =
        value && (value.type === 'call' || value.type === 'attribute' || value.type === 'identifier')
          ? this.qualify(value)
          : undefined;
      if (qualified && qualified !== name) state.bindings.set(name, qualified);
      else state.bindings.delete(name);
      const derivation = value ? derivationOf(this.derivationContext, value) : undefined;
      if (derivation) state.derived.set(name, derivation);
      else state.derived.delete(name);
      if (value && checkShapes.has(value.type)) state.conditions.set(name, value);
      else state.conditions.delete(name);
      return;
    }
    if (
      ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression'].includes(
        target.type,
      )
    ) {
      for (const child of namedChildren(target)) this.bind(child, taint, undefined);
    }
  }

  private clean(name: string, node: PlainNode | undefined, mask: number): void {
    if (name === '') return;
    recordValidation(this.state, name, mask);
    const current = node ? this.evaluator.evaluate(node) : this.lookup(name).taint;
    if (current) this.state.taints.set(name, sanitize(current, mask));
  }

  // ---- calls ----

  private localCallee(node: PlainNode): LocalCallee | undefined {
    return localCallee(node, this.functions, (part) => this.text(part));
  }

  private validatorVerdict(call: PlainNode): ValidatorVerdict | undefined {
    const local = this.localCallee(call);
    const summary = local ? this.summaries.get(local.name) : undefined;
    return local && summary ? validatorVerdict(call, local, summary, (part) => this.text(part)) : undefined;
  }

  private recordArguments(site: CallSite): void {
    const local = this.localCallee(site.node);
    if (!local || local.info.handler) return;
    const record = (index: number, value: PlainNode): void => {
      const taint = this.evaluator.evaluate(value);
      if (index < 0 || taint?.origin !== 'remote') return;
      const known = this.remoteArguments.get(local.name) ?? new Map<number, Taint>();
      if (!known.has(index)) this.remoteChanged.add(local.name);
      known.set(index, taint);
      this.remoteArguments.set(local.name, known);
    };
    site.positional.forEach((value, index) => {
      record(index + local.offset, value);
    });
    for (const [key, value] of site.keywords) record(local.info.parameters.indexOf(key), value);
  }

  private call(node: PlainNode, calleeTaint: Taint | undefined, argumentTaint: Taint | undefined): Taint | undefined {
    const site = buildCallSite(
      node,
      (part) => this.text(part),
      (part) => this.qualify(part),
    );
    if (this.emitting && !this.visitedCalls.has(node)) {
      this.visitedCalls.add(node);
      this.hooks.call(site, this);
    }
    const known = knownCallResult(site, calleeTaint, argumentTaint, {
      text: (part) => this.text(part),
      isConstant: (part) => this.isConstant(part),
      evaluate: (part) => this.evaluator.evaluate(part),
    });
    if (known !== 'unknown') return known;
    if (this.mode === 'recording') this.recordArguments(site);
    const local = this.localCallee(node);
    const summary = local ? this.summaries.get(local.name) : undefined;
    if (summary) {
      return mergeTaint(
        summary.ownTaint,
        summary.passesParameters ? sanitize(argumentTaint, summary.returnedSafe) : undefined,
      );
    }
    return mergeTaint(calleeTaint, argumentTaint);
  }
}

/** Expressions whose value is a check's verdict, worth remembering when assigned to a name. */
const checkShapes = new Set([
  'call',
  'comparison_operator',
  'boolean_operator',
  'not_operator',
  'parenthesized_expression',
]);
