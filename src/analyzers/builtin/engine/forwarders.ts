// Forwarders: module functions whose whole body is one call built from their parameters, `def run(cmd): return
// subprocess.run(cmd, shell=True)` or `def do_execute(cursor, query): return cursor.execute(query)`. Models that write
// small functions put the sink one call away from the caller's data; the call site of such a helper is the call it
// forwards to, with the caller's argument values in the forwarded positions and the helper's own constants in the rest.
// The rules see that forwarded call at the caller (its taint, constants, checks and context: `with`, an earlier
// `os.path.exists`), as if the helper were inlined; the call inside the helper is then not judged a second time from
// the helper's bare parameters.
import { argumentsOf, childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { lastSegment } from '../module-model.js';
import type { RawFinding } from './analysis-hooks.js';
import type { CallSite } from './call-sites.js';
import type { FunctionInfo } from './functions.js';
import { alignedArguments, type LocalCallee } from './local-calls.js';
import { functionStatements } from './re-raise.js';
import { positionalWithKeywords } from './signatures.js';

/** A forwarded argument: the helper's parameter (by index), or an expression of the helper's own (a constant). */
type Forwarded = { readonly parameter: number } | { readonly node: PlainNode };

export interface Forwarder {
  /** The call the helper makes. */
  readonly call: PlainNode;
  /** `param.method(...)`: the parameter that is the receiver, and the method. */
  readonly receiver: { readonly parameter: number; readonly method: string } | undefined;
  readonly positional: readonly Forwarded[];
  readonly keywords: ReadonlyMap<string, Forwarded>;
  /** Per parameter, its default value. */
  readonly defaults: readonly (PlainNode | undefined)[];
}

const docstring = (node: PlainNode): boolean =>
  node.type === 'expression_statement' && namedChildren(node).every((child) => child.type === 'string');

/** The helper's forwarded call, when `info` is a forwarder (undecorated, synchronous, no `*args`/`**kwargs`). */
export function forwarderOf(info: FunctionInfo, text: (node: PlainNode) => string): Forwarder | undefined {
  if (info.handler || info.node.parent?.type === 'decorated_definition') return undefined;
  if (info.node.children.some((child) => child.type === 'async')) return undefined;
  const parametersNode = childByField(info.node, 'parameters');
  const parameterNodes = parametersNode ? namedChildren(parametersNode) : [];
  if (parameterNodes.some((node) => /splat_pattern$/.test(node.type))) return undefined;
  // Through a body-wide `try` that only re-raises: the call is still the helper's whole work.
  const statements = functionStatements(info.node, text).filter((node) => !docstring(node));
  const [statement] = statements;
  if (statements.length !== 1 || !statement) return undefined;
  const call = namedChildren(statement)[0];
  if (
    call?.type !== 'call' ||
    (statement.type !== 'return_statement' && statement.type !== 'expression_statement') ||
    namedChildren(statement).length !== 1
  )
    return undefined;
  const parameterIndex = (node: PlainNode): number =>
    node.type === 'identifier' ? info.parameters.indexOf(text(node)) : -1;
  const mentionsParameter = (node: PlainNode): boolean => {
    const stack = [node];
    while (stack.length > 0) {
      const current = stack.pop();
      if (!current) break;
      if (parameterIndex(current) >= 0) return true;
      stack.push(...current.children);
    }
    return false;
  };
  // An argument is passed on whole or is the helper's own; `"ls " + cmd` is a computation, no forwarding.
  const forwarded = (node: PlainNode): Forwarded | undefined => {
    const parameter = parameterIndex(node);
    if (parameter >= 0) return { parameter };
    return mentionsParameter(node) ? undefined : { node };
  };
  const callee = childByField(call, 'function');
  if (!callee) return undefined;
  let receiver: Forwarder['receiver'];
  if (callee.type === 'attribute') {
    const object = childByField(callee, 'object');
    const method = childByField(callee, 'attribute');
    const parameter = object ? parameterIndex(object) : -1;
    if (parameter >= 0 && method) receiver = { parameter, method: text(method) };
  }
  if (!receiver && mentionsParameter(callee)) return undefined;
  const positional: Forwarded[] = [];
  const keywords = new Map<string, Forwarded>();
  for (const argument of argumentsOf(call)) {
    if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') return undefined;
    if (argument.type === 'comment') continue;
    const key = argument.type === 'keyword_argument' ? childByField(argument, 'name') : undefined;
    const value = argument.type === 'keyword_argument' ? childByField(argument, 'value') : argument;
    const passed = value ? forwarded(value) : undefined;
    if (!passed) return undefined;
    if (key) keywords.set(text(key), passed);
    else positional.push(passed);
  }
  const defaults = parameterNodes
    .filter((node) => node.type !== 'keyword_separator' && node.type !== 'positional_separator')
    .map((node) => (/default_parameter$/.test(node.type) ? childByField(node, 'value') : undefined));
  return { call, receiver, positional, keywords, defaults };
}

/**
 * The call a forwarder makes, as seen at one of its call sites: each forwarded parameter replaced by the caller's
 * argument (or the parameter's default). Undefined when the caller passes `*args`, or leaves a forwarded parameter
 * without a value (the call would fail; nothing to judge).
 */
export function forwardedSite(
  site: CallSite,
  callee: LocalCallee,
  forwarder: Forwarder,
  text: (node: PlainNode) => string,
  /** The qualified name of a node in the caller (the receiver), or of the helper's own callee. */
  qualify: (node: PlainNode) => string | undefined,
  /** A module constant's literal, as the caller's own call site reads its arguments (call-sites.ts). */
  literal: (node: PlainNode) => PlainNode | undefined = () => undefined,
): CallSite | undefined {
  if (site.hasStarArguments) return undefined;
  const aligned = alignedArguments(site.node, { offset: callee.offset, parameters: callee.info.parameters }, text);
  const resolved = (node: PlainNode | undefined): PlainNode | undefined => (node && literal(node)) ?? node;
  const value = (argument: Forwarded): PlainNode | undefined =>
    resolved(
      'node' in argument ? argument.node : (aligned[argument.parameter] ?? forwarder.defaults[argument.parameter]),
    );
  const positional: PlainNode[] = [];
  for (const argument of forwarder.positional) {
    const node = value(argument);
    if (!node) return undefined;
    positional.push(node);
  }
  const keywords = new Map<string, PlainNode>();
  for (const [key, argument] of forwarder.keywords) {
    const node = value(argument);
    if (!node) return undefined;
    keywords.set(key, node);
  }
  let name: string;
  let method: string;
  let receiver: PlainNode | undefined;
  if (forwarder.receiver) {
    receiver = value({ parameter: forwarder.receiver.parameter });
    if (!receiver) return undefined;
    method = forwarder.receiver.method;
    name = `${qualify(receiver) ?? `?.${receiver.type}`}.${method}`;
  } else {
    const function_ = childByField(forwarder.call, 'function');
    name = (function_ && qualify(function_)) ?? '?';
    method = lastSegment(name);
    receiver = function_?.type === 'attribute' ? childByField(function_, 'object') : undefined;
  }
  return {
    node: site.node,
    name,
    method,
    receiver,
    positional: positionalWithKeywords(name, positional, keywords),
    keywords,
    hasStarArguments: false,
  };
}

export interface ForwardingContext {
  readonly functions: ReadonlyMap<string, FunctionInfo>;
  /** Every node of the module, to find the forwarders it calls. */
  readonly nodes: readonly PlainNode[];
  text(node: PlainNode): string;
  qualify(node: PlainNode): string | undefined;
  localCallee(call: PlainNode): LocalCallee | undefined;
  literal(node: PlainNode): PlainNode | undefined;
}

/**
 * The module's forwarders, the ones it calls, and their forwarded call sites. Findings while the rules look at a call
 * pass through here: at a forwarded site they wait until the module is done and count only where the helper's own
 * analysis did not report the same rule at its call (a helper's own constant is judged once, where it is written); at
 * the call inside a forwarder the module calls, a flow finding goes, because every caller's forwarded site judges the
 * values really passed, after the caller's own checks (`if allowed_file(f.filename): save_upload(f)`).
 */
export class Forwarding {
  private readonly forwarders = new Map<string, Forwarder | undefined>();
  private called: Set<string> | undefined;
  /** A forwarded site's names are qualified without resolving forwarders again (nested calls stay shallow). */
  private resolving = false;
  private judging: { readonly inner: PlainNode; readonly forwarded: boolean } | undefined;
  private readonly deferred: {
    readonly finding: RawFinding;
    readonly inner: PlainNode;
    readonly forwarded: boolean;
  }[] = [];

  constructor(private readonly context: ForwardingContext) {}

  private forwarder(callee: LocalCallee): Forwarder | undefined {
    if (!this.forwarders.has(callee.name))
      this.forwarders.set(
        callee.name,
        forwarderOf(callee.info, (node) => this.context.text(node)),
      );
    return this.forwarders.get(callee.name);
  }

  /** The call `site` makes through a forwarder, when its callee is one, with the helper's own call. */
  siteAt(site: CallSite): { readonly site: CallSite; readonly inner: PlainNode } | undefined {
    const callee = this.context.localCallee(site.node);
    const forwarder = callee ? this.forwarder(callee) : undefined;
    if (!callee || !forwarder || this.resolving) return undefined;
    this.resolving = true;
    try {
      const forwarded = forwardedSite(
        site,
        callee,
        forwarder,
        (node) => this.context.text(node),
        (node) => this.context.qualify(node),
        (node) => this.context.literal(node),
      );
      return forwarded ? { site: forwarded, inner: forwarder.call } : undefined;
    } finally {
      this.resolving = false;
    }
  }

  /** `tar = open_archive(p)` binds `tar` to what the forwarded call returns (`tarfile.open()`). */
  resultName(call: PlainNode, site: () => CallSite): string | undefined {
    if (this.resolving || !this.context.localCallee(call)) return undefined;
    const forwarded = this.siteAt(site())?.site;
    return forwarded && !forwarded.name.startsWith('?') ? `${forwarded.name}()` : undefined;
  }

  /** Runs the rules on a call (`judge`), and on the call it forwards to when its callee is a forwarder. */
  judge(site: CallSite, current: FunctionInfo | undefined, judge: (site: CallSite) => void): void {
    this.judging = this.calledForwarderCall(site.node, current) ? { inner: site.node, forwarded: false } : undefined;
    try {
      judge(site);
      const forwarded = this.siteAt(site);
      if (!forwarded) return;
      this.judging = { inner: forwarded.inner, forwarded: true };
      judge(forwarded.site);
    } finally {
      this.judging = undefined;
    }
  }

  /** Whether a finding the rules just made is held back until `settle`, rather than reported now. */
  intercept(finding: RawFinding): boolean {
    if (!this.judging) return false;
    this.deferred.push({ finding, inner: this.judging.inner, forwarded: this.judging.forwarded });
    return true;
  }

  /**
   * The held-back findings to report, once every function has been analysed. A rule that fires both inside a called
   * forwarder and at a forwarded site reports once, inside the helper, where the code is written (a constant of the
   * helper's own); one that fires only inside the helper rests on its bare parameters, which its callers' values and
   * checks decide (`if allowed_file(f.filename): save_upload(f)`), so it goes; one that fires only at a forwarded
   * site is the caller's (a permission mode it passes) and stays there.
   */
  settle(): RawFinding[] {
    const fires = (forwarded: boolean, ruleId: string, inner: PlainNode): boolean =>
      this.deferred.some(
        (other) => other.forwarded === forwarded && other.finding.ruleId === ruleId && other.inner === inner,
      );
    const kept: RawFinding[] = [];
    for (const { finding, inner, forwarded } of this.deferred) {
      const keep = forwarded ? !fires(false, finding.ruleId, inner) : fires(true, finding.ruleId, inner);
      if (keep && !kept.some((other) => other.ruleId === finding.ruleId && other.node === finding.node))
        kept.push(finding);
    }
    this.deferred.length = 0;
    return kept;
  }

  private calledForwarderCall(call: PlainNode, current: FunctionInfo | undefined): boolean {
    if (!current || this.context.functions.get(current.name) !== current) return false;
    const forwarder = this.forwarder({ name: current.name, info: current, offset: 0 });
    if (forwarder?.call !== call) return false;
    this.called ??= new Set(
      this.context.nodes.flatMap((node) => {
        const name = node.type === 'call' ? this.context.localCallee(node)?.name : undefined;
        return name === undefined ? [] : [name];
      }),
    );
    return this.called.has(current.name);
  }
}
