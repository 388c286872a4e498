// Zero-shot generation inside a session: a natural-language prompt or a function stub to complete; code that does
// not parse goes back with the parser's message, up to a bound (the studies regenerate until the code parses).
import { blockingFindings } from '../analyzers/policy/index.js';
import type { LanguageModel } from '../llm/types.js';
import { decideCandidate } from './decision.js';
import { definedNames } from './expected-names.js';
import type { Session } from './session.js';
import type { ScanRecord } from './trace.js';

export interface GenerationTask {
  /** `instruction`: natural-language prompt (LLMSecEval, PythonSecurityEval); `completion`: a stub (SecurityEval). */
  readonly kind: 'instruction' | 'completion';
  readonly prompt: string;
}

export type GenerationOutcome =
  | { readonly ok: true; readonly code: string; readonly scan: ScanRecord }
  | { readonly ok: false; readonly code: string | null; readonly message: string };

export const defaultSyntaxRetries = 3;

function firstPrompt(session: Session, task: GenerationTask): string {
  return task.kind === 'instruction'
    ? session.render('generate-instruction', { prompt: task.prompt.replaceAll('<language>', 'Python') })
    : session.render('generate-completion', { code: task.prompt });
}

/** A stub's functions, plus those of the broken code being sent back (an instruction names none up front). */
function expectedNames(task: GenerationTask, previous: string | null): string[] {
  const names = task.kind === 'completion' ? definedNames(task.prompt) : [];
  for (const name of previous === null ? [] : definedNames(previous)) if (!names.includes(name)) names.push(name);
  return names;
}

function syntaxMessage(scan: ScanRecord): string {
  return scan.error ?? 'invalid syntax';
}

export async function generateCode(
  session: Session,
  model: LanguageModel,
  task: GenerationTask,
  syntaxRetries: number = defaultSyntaxRetries,
): Promise<GenerationOutcome> {
  let prompt = firstPrompt(session, task);
  let kind: 'generate' | 'syntax-fix' = 'generate';
  let lastCode: string | null = null;
  for (let attempt = 0; attempt <= syntaxRetries; attempt += 1) {
    const { result, record } = await session.call(model, kind, [{ role: 'user', content: prompt }]);
    if (!result.ok) {
      session.record({ kind, purpose: kind, llm: record, decision: 'failed' });
      return { ok: false, code: lastCode, message: record.error ?? 'model call failed' };
    }
    const extracted = await session.extract(result.text, { expectedNames: expectedNames(task, lastCode) });
    if (extracted.code === null) {
      session.record({ kind, purpose: kind, llm: record, extraction: extracted.status, decision: 'no-code' });
      return { ok: false, code: lastCode, message: `the model's reply holds no code (${extracted.status})` };
    }
    const code = extracted.code;
    lastCode = code;
    const scan = await session.scan(code);
    const decision = decideCandidate({
      extracted: true,
      scanStatus: scan.status,
      findingCount: blockingFindings(scan.findings).length,
    });
    session.record({ kind, purpose: kind, llm: record, code, extraction: extracted.status, scan, decision });
    if (scan.status === 'ok') return { ok: true, code, scan };
    if (scan.status === 'error')
      return { ok: false, code, message: `the analyzers failed: ${scan.error ?? 'unknown'}` };
    kind = 'syntax-fix';
    prompt = session.render('syntax-fix', { code, error: syntaxMessage(scan) });
  }
  return {
    ok: false,
    code: lastCode,
    message: `the generated code still does not parse after ${String(syntaxRetries)} fix attempts`,
  };
}
