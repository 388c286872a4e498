// Failing security tests as the repair loop's feedback: the test's name, its parameters and its assertion message —
// never the test's source, so the model cannot special-case the test. Each becomes a Finding, so every strategy's
// report (FDSP's Bandit-style report, the agent's CWE phrasing) carries it unchanged. Pure.
import { createHash } from 'node:crypto';

import type { Finding } from '../analyzers/types.js';
import type { TestCase } from '../sandbox/types.js';

export const securityTestAnalyzer = 'security-tests';

const messageChars = 300;

/** Stable per test and parameter set, so the repair loop sees a fixed test as `fixed` and a new one as `new`. */
function fingerprint(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
}

/** `../as.txt`, `hide`: the parameter set as Python wrote it, one `name=value` per parameter. */
export function describeParameters(parameters: Readonly<Record<string, string>>): string {
  const entries = Object.entries(parameters);
  return entries.length === 0 ? 'no parameters' : entries.map(([name, value]) => `${name}=${value}`).join(', ');
}

function assertionMessage(test: TestCase): string {
  const message = test.message.trim();
  if (message === '' || message === 'AssertionError:') return 'the assertion failed';
  return message.length > messageChars ? `${message.slice(0, messageChars)}…` : message;
}

/** The line of the code under test that defines `name` (1 when not found), and that line. */
function definitionOf(code: string, names: readonly string[]): { line: number; snippet: string } {
  const lines = code.split('\n');
  for (const name of names) {
    const index = lines.findIndex((line) => new RegExp(`^\\s*(async\\s+)?def\\s+${name}\\s*\\(`).test(line));
    if (index >= 0) return { line: index + 1, snippet: lines[index] ?? '' };
  }
  return { line: 1, snippet: lines[0] ?? '' };
}

/**
 * One finding per failing security test. `functions` are the names the test imports from the code (they locate the
 * finding); `cwe` is the task's weakness.
 */
export function securityTestFindings(input: {
  readonly failing: readonly TestCase[];
  readonly code: string;
  readonly path: string;
  readonly cwe: number | null;
  readonly functions: readonly string[];
}): Finding[] {
  const { line, snippet } = definitionOf(input.code, input.functions);
  return input.failing.map((test) => {
    const ruleId = `security-test:${test.function}`;
    const verb = test.outcome === 'failed' ? 'failed' : 'raised an error';
    return {
      analyzer: securityTestAnalyzer,
      ruleId,
      ruleName: test.function,
      cwe: input.cwe,
      severity: 'high',
      confidence: 'high',
      message: `security test ${test.function} ${verb} with ${describeParameters(test.parameters)}: ${assertionMessage(test)}`,
      path: input.path,
      line,
      endLine: line,
      snippet,
      fingerprint: fingerprint([ruleId, test.name]),
    };
  });
}

/** One finding saying the tests could not judge the code (they did not run): never a pass. */
export function unrunnableFinding(input: {
  readonly reason: string;
  readonly code: string;
  readonly path: string;
  readonly cwe: number | null;
  readonly functions: readonly string[];
}): Finding {
  const { line, snippet } = definitionOf(input.code, input.functions);
  const ruleId = 'security-test:not-run';
  return {
    analyzer: securityTestAnalyzer,
    ruleId,
    ruleName: 'security tests did not run',
    cwe: input.cwe,
    severity: 'high',
    confidence: 'high',
    message: `the security tests could not run against this code: ${input.reason}`,
    path: input.path,
    line,
    endLine: line,
    snippet,
    fingerprint: fingerprint([ruleId]),
  };
}
