// Detection: does this code have CWE-X? The model answers True/False; no repair. Metrics (accuracy, FPR) are computed
// later from the recorded verdicts against the dataset's labels.
import type { GenerationParameters, LanguageModel } from '../llm/types.js';
import { describeCwe } from '../strategies/cwe-names.js';
import { parseVerdict, type Verdict } from '../strategies/verdict.js';
import { Session } from './session.js';
import { loadPromptSet, type PromptSet } from './templates.js';
import type { SessionTrace, TraceSink } from './trace.js';

export interface DetectRequest {
  readonly code: string;
  readonly cwe: number;
  readonly model: LanguageModel;
  readonly options?: {
    readonly prompts?: PromptSet;
    readonly sink?: TraceSink;
    readonly runId?: string;
    readonly taskId?: string;
    readonly parameters?: GenerationParameters;
    readonly sampleIndex?: number;
    readonly signal?: AbortSignal;
  };
}

export interface DetectResult {
  readonly sessionId: string;
  readonly cwe: number;
  /** null when the call failed or the reply said neither True nor False. */
  readonly verdict: Verdict;
  readonly reply: string | null;
  readonly error: string | null;
  readonly tokens: { readonly input: number; readonly output: number };
  readonly costUsd: number;
  readonly trace: SessionTrace;
}

export async function detect(request: DetectRequest): Promise<DetectResult> {
  const options = request.options ?? {};
  const session = new Session(
    {
      prompts: options.prompts ?? loadPromptSet(),
      path: 'snippet.py',
      guards: false,
      ...(options.sink === undefined ? {} : { sink: options.sink }),
      ...(options.parameters === undefined ? {} : { parameters: options.parameters }),
      ...(options.sampleIndex === undefined ? {} : { sampleIndex: options.sampleIndex }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    },
    {
      kind: 'detect',
      method: 'detect',
      generatorModel: null,
      repairModel: request.model,
      originalCode: request.code,
      options: { cwe: request.cwe },
      ...(options.runId === undefined ? {} : { runId: options.runId }),
      ...(options.taskId === undefined ? {} : { taskId: options.taskId }),
    },
  );
  const prompt = session.render('detect', { code: request.code, weakness: describeCwe(request.cwe) });
  const { result, record } = await session.call(request.model, 'detect', [{ role: 'user', content: prompt }]);
  const verdict = result.ok ? parseVerdict(result.text) : null;
  session.record({
    kind: 'detect',
    purpose: 'detect',
    llm: record,
    detail: { cwe: request.cwe, verdict },
    decision: result.ok ? `verdict:${verdict === null ? 'unknown' : (String(verdict) as 'true' | 'false')}` : 'failed',
  });
  const error = result.ok ? null : record.error;
  const trace = session.finish({
    status: 'answered',
    finalCode: null,
    findingsBefore: 0,
    findingsAfter: 0,
    error,
  });
  return {
    sessionId: session.header.id,
    cwe: request.cwe,
    verdict,
    reply: result.ok ? result.text : null,
    error,
    tokens: { input: trace.summary.inputTokens, output: trace.summary.outputTokens },
    costUsd: trace.summary.costUsd,
    trace,
  };
}
