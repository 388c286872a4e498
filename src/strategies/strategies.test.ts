// Every strategy against the stub server over real HTTP, with real Bandit: the exact call sequence, the stop rule,
// the J/K/k bounds, the guards and cross-model routing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { patch } from '../pipeline/patch.js';
import {
  fenced,
  fixedCode,
  startRepairHarness,
  stillVulnerableCode,
  vulnerableCode,
  type RepairHarness,
} from '../pipeline/testing/repair-fixtures.js';

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

function run(strategy: Parameters<typeof patch>[0]['strategy'], options: Parameters<typeof patch>[0]['options'] = {}) {
  return patch({ code: vulnerableCode, strategy, model: harness.model(), analyzer: harness.analyzer, options });
}

function candidateDecisions(result: Awaited<ReturnType<typeof patch>>): string[] {
  return result.trace.steps.filter((step) => step.kind === 'candidate').map((step) => step.decision);
}

describe('baselines', () => {
  it('direct: one call with the paper question and the code; a clean reply is secure', async () => {
    harness.server.enqueue(fenced(fixedCode));
    const result = await run('direct');
    const prompts = harness.prompts();
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain('Does the provided function have a security issue? If yes, please fix the issue.');
    expect(prompts[0]).toContain('yaml.load(handle)');
    expect(result.status).toBe('secure');
    expect(result.code).toBe(fixedCode);
    expect(result.findingsBefore.map((finding) => finding.ruleId)).toEqual(['B506']);
    expect(result.findingsAfter).toEqual([]);
    expect(result.trace.steps.map((step) => step.kind)).toEqual(['scan', 'candidate']);
    const candidate = result.trace.steps[1]!;
    expect(candidate.comparison).toEqual({
      fixed: [result.findingsBefore[0]!.fingerprint],
      introduced: [],
      persisting: [],
    });
    expect(result.tokens.input).toBeGreaterThan(0);
  });

  it('direct: a still-vulnerable reply is kept and reported as still vulnerable', async () => {
    harness.server.enqueue(fenced(stillVulnerableCode));
    const result = await run('direct');
    expect(result.status).toBe('still-vulnerable');
    expect(result.code).toBe(stillVulnerableCode);
    const comparison = result.trace.steps[1]!.comparison!;
    expect(comparison.persisting).toEqual([result.findingsBefore[0]!.fingerprint]);
    expect(comparison.fixed).toEqual([]);
  });

  it('self-debug: explain, then fix in the same conversation given the explanation', async () => {
    harness.server.enqueue('The code loads YAML with yaml.load, which can build arbitrary objects.', fenced(fixedCode));
    const result = await run('self-debug');
    const requests = harness.requests();
    expect(requests).toHaveLength(2);
    expect(requests[0]!.messages).toHaveLength(1);
    expect(requests[0]!.messages[0]!.content).toContain('Explain the code line by line');
    expect(requests[1]!.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(requests[1]!.messages[1]!.content).toContain('which can build arbitrary objects');
    expect(requests[1]!.messages[2]!.content).toContain('Based on your explanation');
    expect(result.status).toBe('secure');
    expect(result.trace.steps.map((step) => `${step.kind}:${step.purpose}`)).toEqual([
      'scan:initial-scan',
      'ask:explain',
      'candidate:repair',
    ]);
  });

  it('bandit-feedback: one call carrying the report (rule, message, line, code)', async () => {
    harness.server.enqueue(fenced(fixedCode));
    await run('bandit-feedback');
    const [prompt] = harness.prompts();
    expect(prompt).toContain('[B506:yaml_load]');
    expect(prompt).toContain('Location: line 6');
    expect(prompt).toContain('6\t        data = yaml.load(handle)');
    expect(prompt).toContain('yaml.load(handle)\n    return data');
  });

  it('verbalize: the report becomes an explanation, which goes back with the code for the fix', async () => {
    harness.server.enqueue('VERBALIZED: yaml.load can execute arbitrary constructors.', fenced(fixedCode));
    const result = await run('verbalize');
    const prompts = harness.prompts();
    expect(prompts).toHaveLength(2);
    expect(prompts[0]).toContain('[B506:yaml_load]');
    expect(prompts[1]).toContain('VERBALIZED: yaml.load can execute arbitrary constructors.');
    expect(prompts[1]).not.toContain('[B506:yaml_load]');
    expect(result.status).toBe('secure');
  });
});

const solutionsReply =
  'Solution 1: use safe_load.\nSolution 2: use SafeLoader explicitly.\nSolution 3: parse JSON instead.';

describe('fdsp', () => {
  it('verbalizes, asks for J solutions, then refines each up to K times; none clean → the original code', async () => {
    harness.server.enqueue('VERBALIZED', solutionsReply);
    harness.server.setHandler(() => fenced(stillVulnerableCode));
    const result = await run('fdsp');
    const prompts = harness.prompts();
    expect(prompts).toHaveLength(2 + 3 * 3);
    expect(prompts[0]).toContain('[B506:yaml_load]');
    expect(prompts[1]).toContain('Propose 3 distinct potential solutions');
    expect(prompts[1]).toContain('VERBALIZED');
    const refineSolutions = prompts.slice(2).map((prompt) => /Proposed solution:\n(.*)/.exec(prompt)?.[1]);
    expect(refineSolutions).toEqual([
      ...Array<string>(3).fill('use safe_load.'),
      ...Array<string>(3).fill('use SafeLoader explicitly.'),
      ...Array<string>(3).fill('parse JSON instead.'),
    ]);
    for (const prompt of prompts.slice(2)) {
      expect(prompt).toContain('VERBALIZED');
      expect(prompt).toContain('[B506:yaml_load]');
    }
    // The second refinement of a solution builds on the first one's code; each solution restarts from the original.
    expect(prompts[3]).toContain('# loads the config');
    expect(prompts[5]).not.toContain('# loads the config');
    expect(result.status).toBe('still-vulnerable');
    expect(result.code).toBe(vulnerableCode);
    expect(result.changed).toBe(false);
    const positions = result.trace.steps
      .filter((step) => step.kind === 'candidate')
      .map((step) => `${String(step.solution)}.${String(step.round)}`);
    expect(positions).toEqual(['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3']);
    const solutionsStep = result.trace.steps.find((step) => step.purpose === 'solutions')!;
    expect(solutionsStep.detail).toEqual({
      solutions: ['use safe_load.', 'use SafeLoader explicitly.', 'parse JSON instead.'],
    });
  });

  it('stops at the first clean version (solution 2, refinement 2)', async () => {
    harness.server.enqueue(
      'VERBALIZED',
      solutionsReply,
      ...Array<string>(4).fill(fenced(stillVulnerableCode)),
      fenced(fixedCode),
    );
    harness.server.setHandler(() => {
      throw new Error('FDSP made a call after reaching a clean version');
    });
    const result = await run('fdsp');
    expect(harness.prompts()).toHaveLength(2 + 3 + 2);
    expect(result.status).toBe('secure');
    expect(result.code).toBe(fixedCode);
    const last = result.trace.steps.at(-1)!;
    expect([last.solution, last.round, last.decision]).toEqual([2, 2, 'secure']);
  });

  it('honours J and K from the options, and takes fewer solutions when the model offers fewer', async () => {
    harness.server.enqueue('VERBALIZED', '1. use safe_load\n2. use SafeLoader');
    harness.server.setHandler(() => fenced(stillVulnerableCode));
    await run('fdsp', { bounds: { solutions: 5, refinements: 2 } });
    expect(harness.prompts()[1]).toContain('Propose 5 distinct potential solutions');
    expect(harness.prompts()).toHaveLength(2 + 2 * 2);

    harness.server.clearLog();
    harness.server.enqueue('VERBALIZED', solutionsReply);
    await run('fdsp', { bounds: { solutions: 1, refinements: 1 } });
    expect(harness.prompts()).toHaveLength(3);
  });
});

describe('agent', () => {
  it('gives CWE id and name, carries the latest code and findings, stops after k rounds', async () => {
    harness.server.setHandler(() => fenced(stillVulnerableCode));
    const result = await run('agent');
    const prompts = harness.prompts();
    expect(prompts).toHaveLength(5);
    expect(prompts[0]).toContain('vulnerable to CWE-20 (Improper Input Validation)');
    expect(prompts[0]).not.toContain('# loads the config');
    expect(prompts[1]).toContain('# loads the config');
    expect(prompts[1]).toContain('Line 7');
    expect(result.status).toBe('still-vulnerable');
    expect(result.code).toBe(stillVulnerableCode);
    expect(result.trace.steps.filter((step) => step.kind === 'candidate').map((step) => step.round)).toEqual([
      1, 2, 3, 4, 5,
    ]);
  });

  it('stops when clean and honours k', async () => {
    harness.server.enqueue(fenced(stillVulnerableCode), fenced(fixedCode));
    harness.server.setHandler(() => fenced(stillVulnerableCode));
    const result = await run('agent');
    expect(harness.prompts()).toHaveLength(2);
    expect(result.status).toBe('secure');

    harness.server.clearLog();
    await run('agent', { bounds: { rounds: 2 } });
    expect(harness.prompts()).toHaveLength(2);
  });

  it('records per round which original findings were fixed (for R_fix)', async () => {
    harness.server.enqueue(fenced(stillVulnerableCode), fenced(fixedCode));
    const result = await run('agent');
    const fingerprint = result.findingsBefore[0]!.fingerprint;
    const rounds = result.trace.steps.filter((step) => step.kind === 'candidate').map((step) => step.comparison?.fixed);
    expect(rounds).toEqual([[], [fingerprint]]);
  });
});

describe('guards', () => {
  const stubbed = 'import yaml\n\n\ndef load_config(path):\n    pass\n';
  const suppressed = vulnerableCode.replace('yaml.load(handle)', 'yaml.load(handle)  # nosec');

  it('rejects a stubbed body (clean to Bandit) and counts it; the status is rejected, the code unchanged', async () => {
    harness.server.enqueue(fenced(stubbed));
    const result = await run('direct');
    expect(candidateDecisions(result)).toEqual(['rejected-guard']);
    expect(result.trace.steps[1]!.guard?.violations.map((violation) => violation.kind)).toEqual(['body-stubbed']);
    expect(result.status).toBe('rejected');
    expect(result.rejectedCandidates).toBe(1);
    expect(result.code).toBe(vulnerableCode);
  });

  it('rejects added suppressions and keeps iterating from the last usable version', async () => {
    harness.server.enqueue(fenced(suppressed), fenced(fixedCode));
    const result = await run('agent');
    expect(candidateDecisions(result)).toEqual(['rejected-guard', 'secure']);
    expect(harness.prompts()[1]).not.toContain('# nosec');
    expect(result.status).toBe('secure');
  });

  it('can be switched off for faithful replication', async () => {
    harness.server.enqueue(fenced(stubbed));
    const result = await run('direct', { guards: false });
    expect(candidateDecisions(result)).toEqual(['secure']);
    expect(result.status).toBe('secure');
  });

  it('never calls unparseable code secure', async () => {
    harness.server.enqueue(fenced('def load_config(path:\n    return None\n'));
    const result = await run('direct', { guards: false });
    expect(candidateDecisions(result)).toEqual(['rejected-syntax']);
    expect(result.status).toBe('still-vulnerable');
    expect(result.code).toBe(vulnerableCode);
  });

  it('applies the functional gate to candidates', async () => {
    harness.server.enqueue(fenced(fixedCode), fenced(fixedCode.replace('return data', 'return data or {}')));
    let calls = 0;
    const result = await run('agent', {
      gate: (code) => {
        calls += 1;
        return Promise.resolve({ passed: code.includes('or {}'), output: 'unit tests' });
      },
    });
    expect(calls).toBe(2);
    expect(candidateDecisions(result)).toEqual(['rejected-gate', 'secure']);
    expect(result.rejectedCandidates).toBe(1);
  });
});

describe('generation and cross-model repair', () => {
  it('generates with one model and repairs with another', async () => {
    harness.server.setHandler((request) =>
      request.model === 'writer-model' ? fenced(vulnerableCode) : fenced(fixedCode),
    );
    const result = await patch({
      task: { kind: 'completion', prompt: 'import yaml\n\n\ndef load_config(path):\n    """Load the YAML file."""\n' },
      strategy: 'bandit-feedback',
      model: harness.model('writer-model'),
      repairModel: harness.model('fixer-model'),
      analyzer: harness.analyzer,
    });
    expect(harness.models()).toEqual(['writer-model', 'fixer-model']);
    expect(harness.prompts()[0]).toContain('Complete the following Python code');
    expect(result.trace.header.generatorModel).toBe('openai:writer-model');
    expect(result.trace.header.repairModel).toBe('openai:fixer-model');
    expect(result.originalCode).toBe(vulnerableCode);
    expect(result.status).toBe('secure');
  });

  it('sends code that does not parse back with the error, up to the bound', async () => {
    const broken = fenced('def load_config(path:\n    return 1\n');
    harness.server.enqueue(broken, broken, fenced(vulnerableCode), fenced(fixedCode));
    const result = await patch({
      task: { kind: 'instruction', prompt: 'Generate <language> code for the following: load a YAML config file.' },
      strategy: 'direct',
      model: harness.model(),
      analyzer: harness.analyzer,
    });
    const prompts = harness.prompts();
    expect(prompts[0]).toContain('Generate Python code for the following');
    expect(prompts[1]).toContain('does not parse');
    expect(prompts[1]).toMatch(/line \d+/);
    expect(result.trace.steps.map((step) => step.kind)).toEqual(['generate', 'syntax-fix', 'syntax-fix', 'candidate']);
    expect(result.status).toBe('secure');

    harness.server.clearLog();
    harness.server.setHandler(() => broken);
    const failed = await patch({
      task: { kind: 'instruction', prompt: 'load a YAML config file' },
      strategy: 'direct',
      model: harness.model(),
      analyzer: harness.analyzer,
      options: { syntaxRetries: 1 },
    });
    expect(harness.prompts()).toHaveLength(2);
    expect(failed.status).toBe('error');
    expect(failed.error).toMatch(/does not parse/);
  });

  it('does not call the model for code that is already clean, and ends in error when the model fails', async () => {
    const clean = await patch({
      code: fixedCode,
      strategy: 'fdsp',
      model: harness.model(),
      analyzer: harness.analyzer,
    });
    expect(clean.status).toBe('secure');
    expect(harness.requests()).toHaveLength(0);

    harness.server.enqueue({ kind: 'error', status: 400, message: 'bad request' });
    const failed = await run('verbalize');
    expect(failed.status).toBe('error');
    expect(failed.error).toMatch(/bad-request/);
    expect(failed.code).toBe(vulnerableCode);
  });
});
