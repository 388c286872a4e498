// A call into a helper of another module of the scan whose parameters reach sinks there. Request data handed to it
// is reported here, at the call, with the helper's sink named: this file's findings then depend only on the modules it
// imports (one-way, which is what the scan cache keys on), and the call is where the caller can validate. During the
// probe of a module others import, a parameter passed on makes the helper's sinks this function's own (imported
// callee) or an edge the recorder closes later (local callee).
import type { PlainNode } from '../../../python-syntax/index.js';
import { reaches, type SinkKind, type Taint } from '../taint.js';
import type { ReportOptions } from './analysis-hooks.js';
import type { FunctionInfo } from './functions.js';
import { alignedArguments, type SummarizedCallee } from './local-calls.js';
import { sinkPathDetail, type SinkPathRecorder } from './sink-paths.js';

export interface PassContext {
  readonly reporting: boolean;
  readonly probing: boolean;
  readonly current: FunctionInfo | undefined;
  readonly recorder: SinkPathRecorder | undefined;
  sinkKind(ruleId: string): SinkKind | undefined;
  evaluate(node: PlainNode): Taint | undefined;
  text(node: PlainNode): string;
  report(ruleId: string, node: PlainNode, options: ReportOptions): void;
}

export function passArguments(context: PassContext, node: PlainNode, callee: SummarizedCallee): void {
  const { current, recorder } = context;
  alignedArguments(node, callee, (part) => context.text(part)).forEach((argument, index) => {
    if (!argument) return;
    const taint = context.evaluate(argument);
    if (!taint) return;
    const parameter = context.probing ? recorder?.parameterOf(taint) : undefined;
    if (callee.local) {
      if (parameter !== undefined && current && recorder)
        recorder.edge({ from: current.name, fromIndex: parameter, to: callee.name, toIndex: index, safe: taint.safe });
      return;
    }
    for (const path of callee.sinks[index] ?? []) {
      const kind = context.sinkKind(path.ruleId);
      if (kind === undefined || !reaches(taint, kind)) continue;
      if (parameter !== undefined && current && recorder) {
        recorder.add(current.name, parameter, { ...path, through: [current.name, ...path.through] });
      } else if (context.reporting && taint.origin === 'remote') {
        context.report(path.ruleId, node, { taint, detail: sinkPathDetail(taint, path) });
      }
    }
  });
}
