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
import type { SinkKind, Taint } from '../taint.js';
import { compiledPattern, type CallSite } from './call-sites.js';
import { buildControlFlowGraph, type ControlFlowGraph, type GraphFacts } from './cfg.js';
import { graphFacts } from './graph-facts.js';
import { ExpressionEvaluator } from './expressions.js';
import { FlowState } from './flow-state.js';
import { Scopes } from './scopes.js';
import { narrowings, type GuardContext } from './guards.js';
import { isOperatorInput, qualifiedSource, requestSafeAttributes } from './sources.js';
import { solve, type StepObserver } from './solver.js';
import { summarizeFunction, summarizeFunctions, type FunctionSummary } from './summaries.js';
import type { DerivationContext } from './derivations.js';
import { describeFunction, isTopLevel, parameterState, type FunctionInfo } from './functions.js';
import { constantExpression, type ConstantContext } from './constants.js';
import { moduleLiteralOf } from './module-literals.js';
import { isClassConstant } from './class-constants.js';
import { localCallees } from './local-calls.js';
import { InstanceBindings } from './instance-bindings.js';
import { SelfAttributes } from './self-attributes.js';
import { Forwarding } from './forwarders.js';
import { ModuleCalls } from './module-calls.js';
import { RemoteArguments } from './remote-arguments.js';
import { collectExports, type ModuleExports, type ModuleLinks } from './project-exports.js';
import { SinkPathRecorder } from './sink-paths.js';
import { StepInterpreter } from './steps.js';
import { readAfterChecks, readSubject, ValidationSites } from './validation-sites.js';
import type { AnalysisHooks, RawFinding, ReportOptions } from './analysis-hooks.js';

export type { FunctionInfo } from './functions.js';

export type { CallSite } from './call-sites.js';
export type { AnalysisHooks, RawFinding, ReportOptions } from './analysis-hooks.js';

/** `probing`: after reporting, in a module others import, to learn which sinks each parameter reaches. */
type Mode = 'summary' | 'recording' | 'reporting' | 'probing';

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
  /** Expression taints as the reporting replay saw them, for the node rules that run afterwards. */
  private readonly replayed = new Map<PlainNode, Taint | undefined>();
  private afterReplay = false;
  private readonly scopes = new Scopes();
  private mode: Mode = 'summary';
  /** Rules run only during the reporting replay. */
  private emitting = false;
  private readonly remoteArguments = new RemoteArguments();
  private currentFunction: FunctionInfo | undefined;
  private readonly guardContext: GuardContext;
  // Built once: isConstant runs for many nodes of every file.
  private readonly constants: ConstantContext = {
    text: (part) => this.text(part),
    qualify: (part) => this.qualify(part),
    constantName: (name) => this.scopes.isConstantName(name),
  };
  private readonly derivationContext: DerivationContext = {
    text: (node) => this.text(node),
    qualify: (node) => this.qualify(node),
    derived: (name) => this.scopes.current.derived.get(name),
    tainted: (name) => this.scopes.lookup(name).taint !== undefined,
    keyedSubject: (node) => readSubject(node, this, this.currentFunction?.node),
  };

  private readonly sinkPaths: SinkPathRecorder | undefined;
  private readonly forwarding: Forwarding;
  private readonly steps: StepInterpreter;
  private readonly graphFacts: GraphFacts;
  private readonly instances: InstanceBindings;
  private readonly selfAttributes: SelfAttributes;
  private sites: ValidationSites | undefined;
  private readonly calls: ModuleCalls;

  constructor(
    text: string,
    tree: SyntaxTree,
    private readonly hooks: AnalysisHooks,
    /** The other modules of the scan; without them every import is unknown, as for a file scanned alone. */
    private readonly links?: ModuleLinks,
  ) {
    this.sinkPaths = links?.exported ? new SinkPathRecorder((ruleId) => links.sinkKind(ruleId)) : undefined;
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
    this.instances = new InstanceBindings(this.nodes, (part) => this.text(part));
    this.selfAttributes = new SelfAttributes(this.allFunctions, (part) => this.text(part));
    this.calls = new ModuleCalls({
      analysis: this,
      hooks,
      functions: this.functions,
      summaries: this.summaries,
      links,
      instances: this.instances,
      selfAttributes: this.selfAttributes,
      remoteArguments: this.remoteArguments,
      sinkPaths: this.sinkPaths,
      forwarding: () => this.forwarding,
      mode: () => this.mode,
      emitting: () => this.emitting,
      currentFunction: () => this.currentFunction,
      text: (node) => this.text(node),
      qualify: (node) => this.qualify(node),
      literal: (node) => this.literalOf(node),
      isConstant: (node) => this.isConstant(node),
      evaluate: (node) => this.evaluator.evaluate(node),
    });
    this.evaluator = new ExpressionEvaluator({
      text: (node) => this.text(node),
      lookup: (name) => this.scopes.lookup(name),
      unboundName: (name) => qualifiedSource(this.imports.get(name)),
      // Source attributes are `module.name` (`sys.argv`): only an attribute of a plain name can be one, which keeps a
      // long attribute chain from being re-qualified at every link.
      sourceAttribute: (node) =>
        childByField(node, 'object')?.type === 'identifier' ? qualifiedSource(this.qualify(node)) : undefined,
      isConstant: (node) => this.isConstant(node),
      isSafeRequestAttribute: (name) => requestSafeAttributes.has(name),
      bindName: (target, taint) => {
        this.steps.bind(target, taint, undefined);
      },
      call: (node, calleeTaint, argumentTaint) => this.calls.result(node, calleeTaint, argumentTaint),
      keyedRead: (node, taint) =>
        readAfterChecks(this.sites, node, taint, this.currentFunction?.node, this, this.scopes, this.evaluator),
    });
    this.guardContext = {
      text: (node) => this.text(node),
      literal: (node) => this.literalOf(node),
      qualify: (node) => this.qualify(node),
      isConstant: (node) => this.isConstant(node),
      isClean: (node) => this.evaluator.evaluate(node) === undefined,
      deployerChosen: (node) => {
        const taint = this.evaluator.evaluate(node);
        return taint === undefined || isOperatorInput(taint);
      },
      derivation: (name) => this.scopes.derivation(name),
      compiledPattern: (name) => this.compiledPatterns.get(name),
      condition: (name) => this.scopes.current.conditions.get(name),
      validator: (call) => this.calls.validatorVerdict(call),
      terminates: (statement) => this.graphFacts.terminates(statement),
      gate: (call) => this.sites?.gate(call) ?? [],
      keyedSubject: (node) => readSubject(node, this, this.currentFunction?.node),
    };
    this.forwarding = new Forwarding({
      functions: this.functions,
      nodes: this.nodes,
      text: (node) => this.text(node),
      qualify: (node) => this.qualify(node),
      localCallee: (call) => this.calls.localCallee(call),
      literal: (node) => this.literalOf(node),
    });
    this.graphFacts = graphFacts({
      root: this.root,
      text: (node) => this.text(node),
      qualify: (node) => this.resolver.qualify(node),
      localCallee: (call) => this.calls.localCallee(call),
      alwaysRaises: (call) => this.calls.summarizedCallee(call)?.summary.alwaysRaises === true,
    });
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the steps read the walk's current state through it
    const analysis = this;
    this.steps = new StepInterpreter({
      get state() {
        return analysis.scopes.current;
      },
      get emitting() {
        return analysis.emitting;
      },
      evaluator: this.evaluator,
      hooks,
      analysis: this,
      derivations: this.derivationContext,
      text: (node) => this.text(node),
      qualify: (node) => this.qualify(node),
      isConstant: (node) => this.isConstant(node),
      lookup: (name) => this.scopes.lookup(name),
      summarizedCallee: (node) => this.calls.summarizedCallee(node),
      bound: (name, value, taint) => this.sites?.bound(name, value, taint, this.scopes.current),
    });
  }

  run(): RawFinding[] {
    // The module body first, for module-level constants and bindings; then summaries callee-first; then the passes
    // that learn which helpers receive request data (twice, so wrappers of wrappers settle); then the reporting replay.
    this.mode = 'summary';
    this.analyzeModule();
    summarizeFunctions(
      this.functions,
      (info) => localCallees(info, this.functions, (part) => this.text(part), this.instances),
      (info) =>
        summarizeFunction(info, this.source, {
          analyze: (initial, observer) => this.analyzeFunction(info, initial, observer),
          narrowInto: (state, condition, holds) => {
            this.narrowInto(state, condition, holds);
          },
        }),
      this.summaries,
    );
    // Checks that live outside the functions they protect (decorators, hooks, models, forms), summarized once.
    this.sites = ValidationSites.of({
      root: this.root,
      functions: this.allFunctions,
      text: (node) => this.text(node),
      qualify: (node) => this.qualify(node),
      analyze: (info, initial, observer) => this.analyzeFunction(info, initial, observer),
    });
    this.mode = 'recording';
    // Later rounds revisit only the functions that just learned of new request data: only they can pass it on.
    this.analyzeModule();
    let pending: readonly FunctionInfo[] = this.allFunctions;
    for (let round = 0; round < 3 && pending.length > 0; round++) {
      this.remoteArguments.changed.clear();
      for (const info of pending) this.analyzeWithSources(info);
      pending = this.allFunctions.filter((info) => this.remoteArguments.changed.has(this.selfAttributes.key(info)));
    }
    this.mode = 'reporting';
    this.analyzeModule();
    for (const info of this.allFunctions) this.analyzeWithSources(info);
    this.findings.push(...this.forwarding.settle());
    this.currentFunction = undefined;
    this.scopes.current = this.scopes.module;
    this.scopes.enterModule();
    this.evaluator.clear();
    this.afterReplay = true;
    for (const node of this.nodes) this.hooks.node(node, this);
    if (this.sinkPaths) this.probe(this.sinkPaths);
    return this.findings;
  }

  /** What importers of this module learn about its top-level functions (after `run`). */
  exports(): ModuleExports {
    return collectExports(
      [...this.functions.values()].filter((info) => isTopLevel(info.node)),
      this.summaries,
      this.links?.path ?? '',
      this.sinkPaths,
    );
  }

  /** Each function once more, its parameters request data the recorder can trace back; rules' flow reports become
   * sink paths. Handlers are left out: their parameters are already request data and no module calls them. */
  private probe(recorder: SinkPathRecorder): void {
    this.mode = 'probing';
    this.afterReplay = false;
    this.calls.forgetVisited();
    for (const info of this.functions.values()) {
      if (info.handler) continue;
      const initial = new FlowState();
      info.parameters.forEach((name, index) => initial.taints.set(name, recorder.probeTaint(info, index)));
      recorder.begin(info);
      this.analyzeFunction(info, initial, {});
    }
    recorder.close();
    this.currentFunction = undefined;
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
    const forwarded = node.type === 'call' ? this.forwarding.resultName(node, () => this.calls.site(node)) : undefined;
    return forwarded ?? this.resolver.qualify(node, (name) => this.scopes.binding(name));
  }

  /** The call at `node` as the rules judge it: the call a forwarder makes, else the call itself. */
  callAt(node: PlainNode): CallSite {
    const site = this.calls.site(node);
    return this.forwarding.siteAt(site)?.site ?? site;
  }

  /** The literal a module constant names (`FILE_MODE` for `FILE_MODE = 0o600`), for a name bound nowhere else. */
  literalOf(node: PlainNode): PlainNode | undefined {
    return moduleLiteralOf(node, (part) => this.text(part));
  }

  /** A literal, or a name only ever assigned literals: no runtime input can reach it. */
  isConstant(node: PlainNode): boolean {
    if (node.type === 'attribute' && isClassConstant(this.currentFunction, node, this.constants, this.instances))
      return true;
    return constantExpression(node, this.constants);
  }

  /** The sinks a check (a guard such as `if x not in ALLOWED: abort()`, or a raising checker) made `node`'s current
   * value safe for on every path reaching the point being analysed; unlike `taint`, never set by a transform. Only
   * names and attributes are tracked; during the reporting replay this is the fact at the call a rule looks at. */
  validatedFor(node: PlainNode, sink: SinkKind): boolean {
    if (node.type !== 'identifier' && node.type !== 'attribute') return false;
    return this.validatedNameFor(this.text(node), sink);
  }

  /** `validatedFor` by a name's text, for a value the rule names without a node of its own (`member.name` at
   * `tar.extract(member)`). An attribute of a local name is local, though no assignment bound the attribute itself. */
  validatedNameFor(name: string, sink: SinkKind): boolean {
    return this.scopes.validatedFor(name, sink);
  }

  /** An in-module function by name (the first definition wins, as for call summaries). */
  functionNamed(name: string): FunctionInfo | undefined {
    return this.functions.get(name);
  }

  /** The module's own function or method a call runs (`helper(x)`, `self.check(x)`, `files.read(x)`). */
  calledFunction(call: PlainNode): FunctionInfo | undefined {
    return this.calls.localCallee(call)?.info;
  }

  /** The module class a name bound once to an instance holds where `at` reads it (instance-bindings.ts). */
  instanceClass(name: string, at: PlainNode): string | undefined {
    return this.instances.classOf(name, at);
  }

  isException(node: PlainNode): boolean {
    if (node.type !== 'identifier') return false;
    const name = this.text(node);
    return this.scopes.isException(name);
  }

  moduleText(): string {
    return this.source.text;
  }

  report(ruleId: string, node: PlainNode, options: ReportOptions = {}): void {
    if (this.mode === 'probing') {
      const index = this.sinkPaths?.parameterOf(options.taint);
      if (index === undefined || !this.currentFunction || this.links?.sinkKind(ruleId) === undefined) return;
      const name = this.currentFunction.name;
      this.sinkPaths?.add(name, index, { ruleId, path: this.links.path, line: node.startRow + 1, through: [name] });
      return;
    }
    if (this.mode !== 'reporting') return;
    const finding = { ruleId, node, taint: options.taint, detail: options.detail };
    if (!this.forwarding.intercept(finding)) this.findings.push(finding);
  }

  // ---- passes ----

  private graphOf(statements: readonly PlainNode[]): ControlFlowGraph {
    return buildControlFlowGraph(statements, this.graphFacts);
  }

  private analyzeModule(): void {
    this.scopes.enterModule();
    this.currentFunction = undefined;
    const graph = this.graphOf(this.root.children);
    const result = this.solveAndReplay(graph, new FlowState(), {});
    this.scopes.leaveModule(result.exit ?? result.last);
  }

  private analyzeFunction(
    info: FunctionInfo,
    initial: FlowState,
    observer: StepObserver,
  ): ReturnType<ModuleAnalysis['solveAndReplay']> {
    this.scopes.enterFunction();
    this.currentFunction = info;
    const body = childByField(info.node, 'body');
    const graph = this.graphOf(body ? body.children : []);
    if (this.mode === 'reporting') {
      this.scopes.current = initial.copy();
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
        this.scopes.current = state;
        this.emitting = final && (this.mode === 'reporting' || this.mode === 'probing');
        this.evaluator.clear();
        this.steps.transfer(step);
        if (this.emitting && this.mode === 'reporting')
          for (const [node, taint] of this.evaluator.memo) this.replayed.set(node, taint);
        this.emitting = false;
      },
      narrow: (state, guard) => {
        this.scopes.current = state;
        this.evaluator.clear();
        for (const narrowing of narrowings(this.guardContext, guard.condition, guard.holds))
          this.steps.clean(narrowing.name, narrowing.node, narrowing.mask);
        this.evaluator.clear();
      },
      merge: (name) => this.scopes.outerTaint(name),
      observer,
      replay: this.mode === 'reporting' || this.mode === 'probing' || observer.returned !== undefined,
    });
  }

  private analyzeWithSources(info: FunctionInfo): void {
    const passed =
      this.mode === 'reporting' || this.mode === 'recording'
        ? this.remoteArguments.of(this.selfAttributes.key(info))
        : undefined;
    const initial = this.selfAttributes.seed(info, parameterState(info, passed));
    this.sites?.prepare(info.node, info.parameters, info.handler, initial);
    const result = this.analyzeFunction(info, initial, {});
    this.selfAttributes.record(info, result.exit ?? result.last);
  }

  private narrowInto(state: FlowState, condition: PlainNode, holds: boolean): void {
    const saved = this.scopes.current;
    this.scopes.current = state;
    this.evaluator.clear();
    for (const narrowing of narrowings(this.guardContext, condition, holds))
      this.steps.clean(narrowing.name, narrowing.node, narrowing.mask);
    this.evaluator.clear();
    this.scopes.current = saved;
  }
}
