import { describe, expect, it } from 'vitest';

import { fixtureFiles, scoreFixture } from '../../evaluation/cross-module-fixture.js';
import { createBuiltinAnalyzer } from '../index.js';

describe('flows across the modules of one scan (tests/fixtures/cross-module-app)', () => {
  it('finds every marked flow at its call site and keeps every safe twin quiet', async () => {
    const files = fixtureFiles();
    const results = await createBuiltinAnalyzer({ crossModule: true }).scan(files);
    const score = scoreFixture(files, results);
    expect(score.flows).toBeGreaterThanOrEqual(12);
    expect(score.missed).toEqual([]);
    expect(score.noisy).toEqual([]);
    expect(score.precision).toBe(1);
  });
});
