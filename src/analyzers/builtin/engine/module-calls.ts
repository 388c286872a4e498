// Calls inside one module, as the analysis resolves and evaluates them: which local function or summarized helper a
// call reaches (a module function, a method through an instance bound once, an imported helper's summary), the call
// site the rules read (module literals resolved), and what a call returns — a known source or sanitizer, a helper's
// summarized result — while recording the request data it passes on.
import type { PlainNode } from '../../../python-syntax/index.js';
import { mergeTaint, type Taint } from '../taint.js';
import type { AnalysisHooks } from './analysis-hooks.js';
import { knownCallResult } from './call-results.js';
import { buildCallSite, type CallSite } from './call-sites.js';
import { passArguments } from './cross-module-calls.js';
import type { Forwarding } from './forwarders.js';
import type { FunctionInfo } from './functions.js';
import type { ValidatorVerdict } from './guards.js';
import type { InstanceBindings } from './instance-bindings.js';
import {
  localCallee,
  returnedTaint,
  summarizedCallee,
  validatorVerdict,
  type LocalCallee,
  type SummarizedCallee,
} from './local-calls.js';
import type { ModuleAnalysis } from './module-analysis.js';
import type { ModuleLinks } from './project-exports.js';
import type { RemoteArguments } from './remote-arguments.js';
import type { SelfAttributes } from './self-attributes.js';
import type { SinkPathRecorder } from './sink-paths.js';
import type { FunctionSummary } from './summaries.js';

/** What the calls read of the analysis at the moment a call is evaluated. */
export interface CallContext {
  readonly analysis: ModuleAnalysis;
  readonly hooks: AnalysisHooks;
  readonly functions: ReadonlyMap<string, FunctionInfo>;
  readonly summaries: ReadonlyMap<string, FunctionSummary>;
  readonly links: ModuleLinks | undefined;
  readonly instances: InstanceBindings;
  readonly selfAttributes: SelfAttributes;
  readonly remoteArguments: RemoteArguments;
  readonly sinkPaths: SinkPathRecorder | undefined;
  readonly forwarding: () => Forwarding;
  readonly mode: () => 'summary' | 'recording' | 'reporting' | 'probing';
  readonly emitting: () => boolean;
  readonly currentFunction: () => FunctionInfo | undefined;
  text(node: PlainNode): string;
  qualify(node: PlainNode): string | undefined;
  literal(node: PlainNode): PlainNode | undefined;
  isConstant(node: PlainNode): boolean;
  evaluate(node: PlainNode): Taint | undefined;
}

export class ModuleCalls {
  private readonly visited = new Set<PlainNode>();

  constructor(private readonly context: CallContext) {}

  /** A new pass (the probe) shows the rules every call again. */
  forgetVisited(): void {
    this.visited.clear();
  }

  localCallee(node: PlainNode): LocalCallee | undefined {
    const { context } = this;
    return localCallee(node, context.functions, (part) => context.text(part), context.instances);
  }

  summarizedCallee(node: PlainNode): SummarizedCallee | undefined {
    const { context } = this;
    return summarizedCallee(node, this.localCallee(node), context.summaries, context.links, (part) =>
      context.text(part),
    );
  }

  validatorVerdict(call: PlainNode): ValidatorVerdict | undefined {
    const callee = this.summarizedCallee(call);
    return callee ? validatorVerdict(call, callee, callee.summary, (part) => this.context.text(part)) : undefined;
  }

  site(node: PlainNode): CallSite {
    const { context } = this;
    return buildCallSite(
      node,
      (part) => context.text(part),
      (part) => context.qualify(part),
      (part) => context.literal(part),
    );
  }

  /** The taint of the call's result; during the reporting replay the rules see the call (once per node). */
  result(node: PlainNode, calleeTaint: Taint | undefined, argumentTaint: Taint | undefined): Taint | undefined {
    const { context } = this;
    const site = this.site(node);
    if (context.emitting() && !this.visited.has(node)) {
      this.visited.add(node);
      // a forwarder's call is judged where it is called too, with the caller's values (forwarders.ts)
      context.forwarding().judge(site, context.currentFunction(), (judged) => {
        context.hooks.call(judged, context.analysis);
      });
    }
    const known = knownCallResult(site, calleeTaint, argumentTaint, {
      text: (part) => context.text(part),
      isConstant: (part) => context.isConstant(part),
      evaluate: (part) => context.evaluate(part),
    });
    if (known !== 'unknown') return known;
    const local =
      context.mode() === 'recording'
        ? (this.localCallee(node) ?? context.selfAttributes.constructorCallee(node))
        : undefined;
    if (local) context.remoteArguments.record(site, local, (part) => context.evaluate(part));
    const callee = this.summarizedCallee(node);
    const links = context.links;
    if (callee && context.emitting() && links) {
      passArguments(
        {
          reporting: context.mode() === 'reporting',
          probing: context.mode() === 'probing',
          current: context.currentFunction(),
          recorder: context.sinkPaths,
          sinkKind: (ruleId) => links.sinkKind(ruleId),
          evaluate: (part) => context.evaluate(part),
          text: (part) => context.text(part),
          report: (ruleId, at, options) => {
            context.analysis.report(ruleId, at, options);
          },
        },
        node,
        callee,
      );
    }
    if (callee)
      return returnedTaint(
        node,
        callee,
        argumentTaint,
        (part) => context.evaluate(part),
        (part) => context.text(part),
      );
    return mergeTaint(calleeTaint, argumentTaint);
  }
}
