// The security-test metrics against values worked out by hand (the arithmetic is in the comments).
import { describe, expect, it } from 'vitest';

import {
  computeRunMetrics,
  oracleAgreement,
  passAtK,
  securityTestMetrics,
  securityTestPassAtK,
  type CodeScore,
  type RepairRow,
} from './index.js';

function code(findingCount: number, functional: boolean | null, secure: boolean | null): CodeScore {
  return { scanStatus: 'ok', findingCount, unitTest: null, securityTests: { functional, secure } };
}

function row(
  overrides: Partial<RepairRow> & Pick<RepairRow, 'taskId' | 'runIndex' | 'generated' | 'final'>,
): RepairRow {
  return {
    dataset: 'cweval',
    model: 'm',
    repairModel: 'm',
    strategy: 'agent',
    status: 'secure',
    fixedAtAttempt: null,
    attempts: 0,
    rejectedCandidates: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    ...overrides,
  };
}

// Four tasks, one run, strategy agent:
//   t1 generated functional+secure (0 findings)       → final the same
//   t2 generated functional, insecure (1 finding)     → final functional+secure (0 findings)
//   t3 generated not functional, secure (0 findings)  → final not functional, insecure (2 findings)
//   t4 generated: no code (verdict false/false, code missing) → final the same
const single: RepairRow[] = [
  row({ taskId: 't1', runIndex: 0, generated: code(0, true, true), final: code(0, true, true) }),
  row({ taskId: 't2', runIndex: 0, generated: code(1, true, false), final: code(0, true, true) }),
  row({ taskId: 't3', runIndex: 0, generated: code(0, false, true), final: code(2, false, false) }),
  row({
    taskId: 't4',
    runIndex: 0,
    generated: {
      scanStatus: 'missing',
      findingCount: 0,
      unitTest: null,
      securityTests: { functional: false, secure: false },
    },
    final: {
      scanStatus: 'missing',
      findingCount: 0,
      unitTest: null,
      securityTests: { functional: false, secure: false },
    },
  }),
  // A task of another dataset without security tests is left out.
  row({
    dataset: 'securityeval',
    taskId: 'x',
    runIndex: 0,
    generated: { scanStatus: 'ok', findingCount: 1, unitTest: null },
    final: { scanStatus: 'ok', findingCount: 0, unitTest: null },
  }),
];

describe('security-test metrics', () => {
  it('shares of items functional, secure and both, before and after', () => {
    expect(securityTestMetrics(single)).toEqual([
      {
        dataset: 'cweval',
        strategy: 'agent',
        items: 4,
        // before: functional t1 t2 = 2/4; secure t1 t3 = 2/4; both t1 = 1/4
        before: { functional: 0.5, secure: 0.5, functionalAndSecure: 0.25 },
        // after: functional t1 t2 = 2/4; secure t1 t2 = 2/4; both t1 t2 = 2/4
        after: { functional: 0.5, secure: 0.5, functionalAndSecure: 0.5 },
      },
    ]);
  });

  it('the unbiased pass@k estimator', () => {
    // n = 5, c = 2, k = 1: 1 − C(3,1)/C(5,1) = 1 − 3/5 = 0.4 (= c/n)
    expect(passAtK(5, 2, 1)).toBeCloseTo(0.4, 12);
    // n = 5, c = 2, k = 2: 1 − C(3,2)/C(5,2) = 1 − 3/10 = 0.7
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 12);
    // k = n: 1 when any sample passed, else 0
    expect(passAtK(5, 1, 5)).toBe(1);
    expect(passAtK(5, 0, 5)).toBe(0);
    expect(() => passAtK(2, 1, 3)).toThrow(RangeError);
  });

  it('pass@1 and pass@n over repeated runs', () => {
    // Two tasks × three runs. Final secure: a in runs 0 and 2 (c = 2), b never (c = 0). All functional.
    const rows = [0, 1, 2].flatMap((runIndex) => [
      row({ taskId: 'a', runIndex, generated: code(1, true, false), final: code(0, true, runIndex !== 1) }),
      row({ taskId: 'b', runIndex, generated: code(1, true, false), final: code(1, true, false) }),
    ]);
    const [one, all] = securityTestPassAtK(rows);
    // pass@1 secure = mean(2/3, 0) = 1/3; pass@3 secure = mean(1, 0) = 1/2; functional is 1 throughout.
    expect(one).toMatchObject({ k: 1, n: 3, tasks: 2 });
    expect(one?.after.secure).toBeCloseTo(1 / 3, 12);
    expect(one?.after.functional).toBe(1);
    expect(one?.before.secure).toBe(0);
    expect(all).toMatchObject({ k: 3, n: 3 });
    expect(all?.after.secure).toBeCloseTo(0.5, 12);
    expect(all?.after.functionalAndSecure).toBeCloseTo(0.5, 12);
  });

  it('one run gives pass@1 only, equal to the plain shares', () => {
    const rows = securityTestPassAtK(single);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.after).toEqual(securityTestMetrics(single)[0]?.after);
  });

  it('the agreement table: analyzers against tests on generated and final code', () => {
    expect(oracleAgreement(single)).toEqual([
      // generated: t1 neither; t2 both? analyzers 1 finding, tests insecure → both; t3 neither (0 findings, secure);
      // t4 missing code → analyzers say insecure, tests say insecure → both.
      {
        dataset: 'cweval',
        strategy: '',
        phase: 'generated',
        items: 4,
        both: 2,
        analyzersOnly: 0,
        testsOnly: 0,
        neither: 2,
      },
      // final: t1 neither; t2 neither; t3 both; t4 both
      {
        dataset: 'cweval',
        strategy: 'agent',
        phase: 'final',
        items: 4,
        both: 2,
        analyzersOnly: 0,
        testsOnly: 0,
        neither: 2,
      },
    ]);
    // Disagreement both ways: tests catch what the analyzers missed, and the analyzers flag what the tests pass.
    const disagree = [row({ taskId: 'p', runIndex: 0, generated: code(0, true, false), final: code(1, true, true) })];
    expect(oracleAgreement(disagree).map((entry) => [entry.phase, entry.analyzersOnly, entry.testsOnly])).toEqual([
      ['generated', 0, 1],
      ['final', 1, 0],
    ]);
  });

  it('computeRunMetrics carries them, and a run without security tests has empty tables', () => {
    const metrics = computeRunMetrics({ repair: single, detect: [] });
    expect(metrics.securityTests).toHaveLength(1);
    expect(metrics.oracleAgreement).toHaveLength(2);
    const none = computeRunMetrics({ repair: single.filter((entry) => entry.dataset !== 'cweval'), detect: [] });
    expect(none.securityTests).toEqual([]);
    expect(none.securityTestsPassAtK).toEqual([]);
    expect(none.oracleAgreement).toEqual([]);
  });
});
