// A repair the model answers in a shape Python rejects (here: a Python 2 print inside the fenced code) is scanned as
// its recovered code, so its findings are known, but its status stays `syntax-error`: the loop never takes it as
// quiet, and it never ends a repair as secure. Through the stub model over real HTTP, with real Bandit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { taskPage } from '../server/pages.js';
import { patch } from './patch.js';
import {
  fenced,
  fixedCode,
  startRepairHarness,
  vulnerableCode,
  type RepairHarness,
} from './testing/repair-fixtures.js';

let harness: RepairHarness;

beforeAll(async () => {
  harness = await startRepairHarness();
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  harness.server.clearLog();
  harness.server.setHandler(undefined);
});

/** The code with a Python 2 print after the `with` line: Python rejects it, recovery rewrites the print. */
function withPython2Print(code: string): string {
  return code.replace(
    '    with open(path) as handle:\n',
    '    print "loading", path\n    with open(path) as handle:\n',
  );
}

function run(strategy: Parameters<typeof patch>[0]['strategy'], code = vulnerableCode) {
  return patch({ code, strategy, model: harness.model(), analyzer: harness.analyzer, options: { guards: false } });
}

function candidates(result: Awaited<ReturnType<typeof patch>>) {
  return result.trace.steps.filter((step) => step.kind === 'candidate');
}

describe('repairs Python rejects, scanned as their recovered code', () => {
  it('a fenced answer that is still vulnerable is reported with its finding', async () => {
    harness.server.enqueue(fenced(vulnerableCode.replace('def load_config', '# loads\ndef load_config')));
    const result = await run('direct');
    expect(result.status).toBe('still-vulnerable');
    expect(result.findingsAfter.map((finding) => finding.ruleId)).toEqual(['B506']);
  });

  it('a rejected answer with the flaw: its finding is known, at its line, and the candidate is rejected', async () => {
    harness.server.enqueue(fenced(withPython2Print(vulnerableCode)));
    const result = await run('direct');
    const [candidate] = candidates(result);
    expect(candidate?.decision).toBe('rejected-syntax');
    expect(candidate?.scan?.status).toBe('syntax-error');
    expect(candidate?.scan?.findings.map((finding) => `${finding.ruleId}:${String(finding.line)}`)).toEqual(['B506:7']);
    expect(result.status).not.toBe('secure');
    // The trace viewer lists them under the syntax error, as the scan reports do.
    const page = taskPage(
      { trace: result.trace, prompt: null, generationUnitTest: null, result: null, labels: [] },
      { saved: false, problem: null, reviewer: '', note: '' },
    );
    expect(page).toContain('Scan syntax-error');
    expect(page).toMatch(/Findings in the recovered code:[\s\S]*<code>B506<\/code>[\s\S]*line 7/);
  });

  it('a rejected answer that is otherwise the fix is quiet in its recovered code, yet never secure', async () => {
    harness.server.enqueue(fenced(withPython2Print(fixedCode)));
    const result = await run('direct');
    const [candidate] = candidates(result);
    expect(candidate?.scan?.status).toBe('syntax-error');
    expect(candidate?.scan?.findings).toEqual([]);
    expect(candidate?.decision).toBe('rejected-syntax');
    expect(result.status).toBe('still-vulnerable');
    expect(result.code).toBe(vulnerableCode);
  });

  it('the agent loop goes on past a rejected quiet answer and ends secure only on code Python accepts', async () => {
    harness.server.enqueue(fenced(withPython2Print(fixedCode)), fenced(fixedCode));
    const result = await run('agent');
    expect(candidates(result).map((step) => step.decision)).toEqual(['rejected-syntax', 'secure']);
    expect(result.status).toBe('secure');
    expect(result.code).toBe(fixedCode);
  });

  it('code under repair that Python rejects is not repaired, and its recovered findings are reported', async () => {
    const result = await run('direct', fenced(vulnerableCode));
    expect(result.status).toBe('error');
    expect(result.error).toMatch(/does not parse/);
    expect(result.findingsBefore.map((finding) => `${finding.ruleId}:${String(finding.line)}`)).toEqual(['B506:9']);
    expect(harness.prompts()).toEqual([]);
  });
});
