// The repair loop's stop rule under the oracle policy, over real HTTP to the stub server with real Bandit: a repair
// that removes the shell but keeps `import subprocess` and a list-form call leaves only Bandit audit notes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { withPolicy, type OraclePolicy } from '../analyzers/policy/index.js';
import { openStore, type Store } from '../store/index.js';
import { patch } from './patch.js';
import { createStoreTraceSink, readSessionTrace } from './trace-store.js';
import { fenced, startRepairHarness, type RepairHarness } from './testing/repair-fixtures.js';

/** B404 (import) and B602 (shell=True): the import blocks because the module is used unsafely. */
const shellCall = 'import subprocess\n\n\ndef greet(name):\n    return subprocess.call("echo " + name, shell=True)\n';
/** B404 and B603 only: list form, full path, no shell. */
const listCall = 'import subprocess\n\n\ndef greet(name):\n    return subprocess.call(["/bin/echo", name])\n';

let harness: RepairHarness;
let directory: string;
let store: Store;

beforeAll(async () => {
  harness = await startRepairHarness();
  directory = mkdtempSync(path.join(os.tmpdir(), 'fdsp-policy-loop-'));
  store = openStore(path.join(directory, 'fdsp.db'));
});
afterAll(async () => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
  await harness.close();
});
beforeEach(() => {
  harness.server.clearLog();
  harness.server.setHandler(undefined);
});

function repair(policy: OraclePolicy) {
  harness.server.enqueue(fenced(listCall), fenced(listCall));
  return patch({
    code: shellCall,
    strategy: 'agent',
    model: harness.model(),
    analyzer: withPolicy(harness.analyzer, policy),
    options: { bounds: { rounds: 2 }, sink: createStoreTraceSink(store) },
  });
}

describe('the repair loop under an oracle policy', () => {
  it('precise: quiet means no blocking finding, so the first list-form repair ends the loop as secure', async () => {
    const result = await repair('precise');
    expect(harness.prompts()).toHaveLength(1);
    // The model is told what blocks: the shell call and the import it makes unsafe.
    expect(harness.prompts()[0]).toMatch(/CWE-78/);
    expect(result.status).toBe('secure');
    expect(result.code).toBe(listCall);
    expect(result.findingsAfter.map((finding) => [finding.ruleId, finding.blocking])).toEqual([
      ['B404', false],
      ['B603', false],
    ]);
    const candidate = result.trace.steps.find((step) => step.kind === 'candidate');
    expect(candidate?.decision).toBe('secure');
    // Fixed/new/persisting count blocking findings: the shell call and the import it made blocking are fixed.
    expect(candidate?.comparison?.fixed).toHaveLength(2);
    expect(candidate?.comparison?.introduced).toEqual([]);
    expect(result.trace.summary.findingsAfter).toBe(0);
    expect(result.trace.header.options).toMatchObject({ policy: 'precise' });
    // The stored trace reads back with the same verdicts (recomputed from the session's policy, not stored).
    expect(readSessionTrace(store, result.sessionId)).toEqual(result.trace);
  });

  it('study: every finding blocks, so the loop spends its rounds and the code stays vulnerable', async () => {
    const result = await repair('study');
    expect(harness.prompts()).toHaveLength(2);
    expect(result.status).toBe('still-vulnerable');
    const candidate = result.trace.steps.find((step) => step.kind === 'candidate');
    expect(candidate?.decision).toBe('vulnerable');
    expect(candidate?.comparison?.introduced).toHaveLength(1); // B603
    expect(candidate?.comparison?.persisting).toHaveLength(1); // B404
    expect(result.trace.summary.findingsAfter).toBe(2);
  });
});
