import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { detect } from './detect.js';
import { startRepairHarness, vulnerableCode, type RepairHarness } from './testing/repair-fixtures.js';

let harness: RepairHarness;
beforeAll(async () => {
  harness = await startRepairHarness();
});
afterAll(async () => {
  await harness.close();
});

describe('detect', () => {
  it('asks about the CWE by id and MITRE name and records the parsed verdict', async () => {
    harness.server.enqueue('**False** — it uses a loader.', 'Maybe.', { kind: 'error', status: 400, message: 'no' });
    const model = harness.model();
    const first = await detect({ code: vulnerableCode, cwe: 502, model });
    expect(harness.prompts()[0]).toContain('vulnerable to CWE-502 (Deserialization of Untrusted Data)?');
    expect(harness.prompts()[0]).toContain('yaml.load(handle)');
    expect(first.verdict).toBe(false);
    expect(first.trace.steps.map((step) => step.decision)).toEqual(['verdict:false']);
    expect((await detect({ code: vulnerableCode, cwe: 502, model })).verdict).toBeNull();
    const failed = await detect({ code: vulnerableCode, cwe: 502, model });
    expect(failed.verdict).toBeNull();
    expect(failed.error).toMatch(/bad-request/);
    expect(failed.trace.steps[0]!.decision).toBe('failed');
  });
});
