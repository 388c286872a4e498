// The default code extractor: the LLM layer's extractPython, mapped to the session's shape. Syntax is judged by the
// scan that follows (Python's own parser in the Bandit worker), so no checker is passed here.
import { extractPython } from '../llm/index.js';
import type { ExtractedCode } from './session.js';

export async function extractCandidateCode(reply: string): Promise<ExtractedCode> {
  const result = await extractPython(reply);
  return result.status === 'no-code' || result.code.trim() === ''
    ? { code: null, status: result.status }
    : { code: result.code, status: `${result.status}:${result.source}` };
}
