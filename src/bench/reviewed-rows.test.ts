// `bench show` and `report` must agree: both count a reviewer's "vulnerable"/"unrealistic" verdict (the agent study's
// rule). Uses the report fixture runs built through the real store.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fixtureSessionId, fixtureTasks, seedFixtureRuns } from '../reports/testing/fixture-runs.js';
import { addReviewLabel } from '../review/index.js';
import { openStore, type Store } from '../store/index.js';
import { buildRunReport, renderRunReport } from './show.js';

let store: Store;

beforeAll(() => {
  store = openStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'fdsp-reviewed-')), 'fixture.db'));
  seedFixtureRuns(store);
});

afterAll(() => {
  store.close();
});

function directInsecureAfter(): number | undefined {
  return buildRunReport(store, 'run-gpt4').metrics.repair.find((row) => row.strategy === 'direct')?.insecureAfter;
}

describe('bench show with manual review', () => {
  it('counts an unrealistic fix as insecure and says so', () => {
    expect(directInsecureAfter()).toBeCloseTo(2 / 3);
    const task = fixtureTasks[1]!;
    addReviewLabel(store, {
      sessionId: fixtureSessionId('run-gpt4', task.taskId, 'direct'),
      runId: 'run-gpt4',
      taskId: task.taskId,
      code: task.repairs.direct.code,
      label: 'unrealistic',
      note: '',
      reviewer: 'grace',
    });
    expect(directInsecureAfter()).toBeCloseTo(1);
    const report = buildRunReport(store, 'run-gpt4');
    expect(report.review).toMatchObject({ reviewedTasks: 1, overrides: 1, verdicts: { unrealistic: 1 } });
    expect(renderRunReport(report)).toContain(
      'manual review: 1 task(s) reviewed (0 vulnerable, 0 fixed, 1 unrealistic)',
    );
  });
});
