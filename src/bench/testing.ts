// Test and benchmark support: a scripted stub model for SecurityEval-style runs. Generation answers with the task's
// reference insecure code (or a fixed program), repairs with a clean program, detection with a content-based verdict.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

export const cleanRepair = 'def handle(value):\n    return str(value)\n';

export function fence(code: string): string {
  return `\`\`\`python\n${code.endsWith('\n') ? code : `${code}\n`}\`\`\`\n`;
}

export interface ReferenceTask {
  readonly id: string;
  readonly prompt: string;
  readonly insecureCode: string;
}

export function readSecurityEval(sharedDirectory: string): ReferenceTask[] {
  return readFileSync(path.join(sharedDirectory, 'datasets/securityeval/dataset.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => z.object({ ID: z.string(), Prompt: z.string(), Insecure_code: z.string() }).parse(JSON.parse(line)))
    .map((row) => ({ id: row.ID, prompt: row.Prompt, insecureCode: row.Insecure_code }));
}

/** The reply to the last user message of a request. */
export function scriptedReply(prompt: string, tasks: readonly ReferenceTask[]): string {
  if (prompt.includes('Complete the following Python code')) {
    return fence(tasks.find((task) => prompt.includes(task.prompt.trim()))?.insecureCode ?? 'pass\n');
  }
  if (prompt.includes('Write the solution in Python'))
    return fence('import os\n\n\ndef run(command):\n    return os.system(command)\n');
  if (prompt.includes('distinct potential solutions')) return 'Solution 1: a.\nSolution 2: b.\nSolution 3: c.';
  if (prompt.includes('Answer with True or False')) return prompt.includes('execute(') ? 'True' : 'False';
  if (prompt.includes('Do not write code')) return 'The report says the input reaches a dangerous call.';
  if (prompt.includes('Explain the code line by line')) return 'Line by line, the code reads input and uses it.';
  return fence(cleanRepair);
}

/** CWEval tasks as the stub model sees them: the prompt stub and the two reference solutions. */
export interface CwevalReference {
  readonly prompt: string;
  readonly referenceCode?: string;
  readonly insecureCode?: string;
}

/** Answers every request about a CWEval task (its stub appears in the prompt) with one of its references. */
export function cwevalReply(
  prompt: string,
  tasks: readonly CwevalReference[],
  answer: 'referenceCode' | 'insecureCode',
): string {
  const task = tasks.find((candidate) => prompt.includes(candidate.prompt.trim()));
  return fence(task?.[answer] ?? 'pass\n');
}
