// The done-when check through the built CLI (`bench run` then `bench show --format json`), on the first ten
// CWEval tasks to keep the suite's CPU down; `npm run eval:security-tests` prints the same measurement on all 25.
import { describe, expect, it } from 'vitest';

import { runCwevalWith } from './cweval-check.js';

describe('CWEval through fdsp bench run / bench show --format json', () => {
  it('reference solutions come out functional and secure; the insecure references functional but not secure', async () => {
    const [reference, insecure] = await Promise.all([
      runCwevalWith('referenceCode', { limit: 10 }),
      runCwevalWith('insecureCode', { limit: 10 }),
    ]);
    const [referenceRow] = reference.metrics.securityTests;
    expect(Object.keys(referenceRow ?? {}).sort()).toEqual(['after', 'before', 'dataset', 'items', 'strategy']);
    expect(referenceRow).toMatchObject({ dataset: 'cweval', strategy: 'direct', items: 10 });
    expect(referenceRow?.before.functionalAndSecure).toBeGreaterThanOrEqual(0.9);
    const [insecureRow] = insecure.metrics.securityTests;
    expect(insecureRow?.before.functional).toBeGreaterThanOrEqual(0.8);
    expect(insecureRow?.before.secure).toBeLessThanOrEqual(0.1);
    for (const row of [referenceRow, insecureRow]) {
      for (const value of [...Object.values(row?.before ?? {}), ...Object.values(row?.after ?? {})]) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
    }
  }, 300_000);
});
