// The default code extractor: the LLM layer's extractPython, mapped to the session's shape. Syntax is judged by the
// scan that follows (Python's own parser in the Bandit worker), so no checker is passed here.
import { extractPython } from '../llm/index.js';
import type { ExtractedCode, ExtractionHints } from './session.js';

export async function extractCandidateCode(reply: string, hints: ExtractionHints = {}): Promise<ExtractedCode> {
  const result = await extractPython(
    reply,
    hints.expectedNames === undefined ? {} : { expectedNames: hints.expectedNames },
  );
  return result.status === 'no-code' || result.code.trim() === ''
    ? { code: null, status: result.status }
    : { code: result.code, status: `${result.status}:${result.source}` };
}
