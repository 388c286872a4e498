// The metrics against values worked out by hand (the arithmetic is in the comments) on a small fixture.
import { describe, expect, it } from 'vitest';

import {
  computeRunMetrics,
  detectMetrics,
  meanInterval,
  tQuantile975,
  type CodeScore,
  type RepairRow,
} from './index.js';

const clean: CodeScore = { scanStatus: 'ok', findingCount: 0, unitTest: null };

function row(overrides: Partial<RepairRow> & Pick<RepairRow, 'taskId' | 'runIndex'>): RepairRow {
  return {
    dataset: 'securityeval',
    model: 'openai:gpt-4',
    repairModel: 'openai:gpt-4',
    strategy: 'agent',
    generated: clean,
    final: clean,
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

const score = (findingCount: number, unitTest: CodeScore['unitTest'] = null): CodeScore => ({
  scanStatus: 'ok',
  findingCount,
  unitTest,
});

// Two runs of three tasks.
const fixture: RepairRow[] = [
  row({
    taskId: 't1',
    runIndex: 0,
    generated: score(2, 'fail'),
    final: score(0, 'pass'),
    fixedAtAttempt: 2,
    attempts: 2,
    inputTokens: 100,
    outputTokens: 50,
    costUsd: 0.01,
  }),
  row({
    taskId: 't2',
    runIndex: 0,
    generated: score(1, 'pass'),
    final: score(1, 'pass'),
    status: 'still-vulnerable',
    attempts: 5,
    rejectedCandidates: 1,
    inputTokens: 200,
    outputTokens: 100,
    costUsd: 0.02,
  }),
  row({
    taskId: 't3',
    runIndex: 0,
    generated: { scanStatus: 'syntax-error', findingCount: 0, unitTest: null },
    final: { scanStatus: 'syntax-error', findingCount: 0, unitTest: null },
    status: 'unparsable',
  }),
  row({
    taskId: 't1',
    runIndex: 1,
    generated: score(1, 'pass'),
    final: score(0, 'pass'),
    fixedAtAttempt: 1,
    attempts: 1,
    inputTokens: 50,
    outputTokens: 50,
    costUsd: 0.005,
  }),
  row({ taskId: 't2', runIndex: 1, generated: score(0, 'pass'), final: score(0, 'pass') }),
  row({
    taskId: 't3',
    runIndex: 1,
    generated: score(3),
    final: score(0),
    fixedAtAttempt: 3,
    attempts: 3,
    inputTokens: 100,
    outputTokens: 100,
    costUsd: 0.01,
  }),
];

describe('computeRunMetrics', () => {
  const [metrics] = computeRunMetrics({ repair: fixture, detect: [] }).repair;

  it('counts insecure code before and after, with code that never parsed as insecure', () => {
    // before: t1r0, t2r0, t3r0 (syntax error), t1r1, t3r1 = 5 of 6; after: t2r0, t3r0 = 2 of 6
    expect(metrics?.items).toBe(6);
    expect(metrics?.runs).toBe(2);
    expect(metrics?.insecureBefore).toBeCloseTo(5 / 6);
    expect(metrics?.insecureAfter).toBeCloseTo(2 / 6);
    expect(metrics?.drop).toBeCloseTo(3 / 6);
  });

  it('computes unit-test pass rates over the items that have tests', () => {
    // tested: t1r0, t2r0, t1r1, t2r1. pass before: t2r0, t1r1, t2r1; secure and passing before: t2r1 only;
    // after: all four pass, t2r0 still has a finding
    expect(metrics?.withUnitTests).toBe(4);
    expect(metrics?.passBefore).toBeCloseTo(3 / 4);
    expect(metrics?.passAfter).toBeCloseTo(1);
    expect(metrics?.secureAndPassingBefore).toBeCloseTo(1 / 4);
    expect(metrics?.secureAndPassingAfter).toBeCloseTo(3 / 4);
  });

  it('computes cumulative R_fix per attempt as a mean over runs with a t-interval', () => {
    // run 0 vulnerable: t1 (fixed at 2), t2 (never) → 0, .5, .5, .5, .5
    // run 1 vulnerable: t1 (fixed at 1), t3 (fixed at 3) → .5, .5, 1, 1, 1
    expect(metrics?.initiallyVulnerable).toBe(4);
    expect(metrics?.rFix.map((interval) => interval.mean)).toEqual([0.25, 0.5, 0.75, 0.75, 0.75]);
    // R_fix^1 over {0, .5}: sd = .35355, se = .25, t(1) = 12.706 → ±3.1765
    expect(metrics?.rFix[0]?.low).toBeCloseTo(0.25 - 12.706 * 0.25, 6);
    expect(metrics?.rFix[0]?.high).toBeCloseTo(0.25 + 12.706 * 0.25, 6);
    expect(metrics?.rFix[1]?.low).toBeCloseTo(0.5);
    expect(metrics?.rFix[1]?.high).toBeCloseTo(0.5);
  });

  it('counts rejections, fixed findings, tokens and cost per item and per fixed finding', () => {
    // fixed findings: 2 + 0 + (t3r0 never parsed) + 1 + 0 + 3 = 6; tokens 450 + 300 = 750; cost .045
    expect(metrics?.rejectedCandidates).toBe(1);
    expect(metrics?.rejectedItems).toBe(0);
    expect(metrics?.fixedFindings).toBe(6);
    expect(metrics?.tokensPerItem).toBeCloseTo(125);
    expect(metrics?.costPerItem).toBeCloseTo(0.0075);
    expect(metrics?.tokensPerFixedFinding).toBeCloseTo(125);
    expect(metrics?.costPerFixedFinding).toBeCloseTo(0.0075);
  });

  it('groups by strategy in the papers’ order', () => {
    const tables = computeRunMetrics({
      repair: [
        row({ taskId: 'a', runIndex: 0, strategy: 'fdsp' }),
        row({ taskId: 'a', runIndex: 0, strategy: 'direct' }),
      ],
      detect: [],
    });
    expect(tables.repair.map((table) => table.strategy)).toEqual(['direct', 'fdsp']);
  });
});

describe('detectMetrics', () => {
  it('computes accuracy and false-positive rate against labels, leaving unanswered items out', () => {
    const base = { dataset: 'rq1', model: 'm', runIndex: 0, inputTokens: 1, outputTokens: 1, costUsd: 0 };
    const verdicts: [boolean | null, boolean][] = [
      [true, true],
      [true, false],
      [false, false],
      [false, false],
      [null, true],
      [false, true],
    ];
    const metrics = detectMetrics(
      verdicts.map(([verdict, label], index) => ({ ...base, taskId: String(index), verdict, label })),
    );
    // TP 1, FP 1, TN 2, FN 1, unanswered 1 → accuracy 3/5, FPR 1/3, TPR 1/2
    expect(metrics).toMatchObject({ truePositives: 1, falsePositives: 1, trueNegatives: 2, falseNegatives: 1 });
    expect(metrics.unanswered).toBe(1);
    expect(metrics.accuracy).toBeCloseTo(0.6);
    expect(metrics.falsePositiveRate).toBeCloseTo(1 / 3);
    expect(metrics.truePositiveRate).toBeCloseTo(0.5);
    expect(metrics.inputTokens).toBe(6);
  });
});

describe('meanInterval', () => {
  it('uses Student-t quantiles and no interval for one run', () => {
    expect(tQuantile975(4)).toBe(2.776);
    expect(meanInterval([0.4])).toEqual({ mean: 0.4, low: null, high: null, runs: 1 });
    // {1, 2, 3}: mean 2, sd 1, se 1/√3, t(2) = 4.303
    const interval = meanInterval([1, 2, 3]);
    expect(interval.low).toBeCloseTo(2 - 4.303 / Math.sqrt(3));
    expect(interval.high).toBeCloseTo(2 + 4.303 / Math.sqrt(3));
  });
});

describe('gate metrics', () => {
  // fdsp: t1 checked 3 (1 pass, 1 fail, 1 timeout), t2 checked 2 (2 fail), t3 never gated (null), t4 no field at all.
  // direct: t1 checked 1 (1 pass). agent (another strategy) has no gated item and gets no row.
  const rows: RepairRow[] = [
    row({
      taskId: 't1',
      runIndex: 0,
      strategy: 'fdsp',
      gate: { checked: 3, passed: 1, outcomes: { timeout: 1, pass: 1, fail: 1 } },
    }),
    row({ taskId: 't2', runIndex: 0, strategy: 'fdsp', gate: { checked: 2, passed: 0, outcomes: { fail: 2 } } }),
    row({ taskId: 't3', runIndex: 0, strategy: 'fdsp', gate: null }),
    row({ taskId: 't4', runIndex: 0, strategy: 'fdsp' }),
    row({ taskId: 't1', runIndex: 0, strategy: 'direct', gate: { checked: 1, passed: 1, outcomes: { pass: 1 } } }),
    row({ taskId: 't1', runIndex: 0, strategy: 'agent' }),
  ];

  it('sums checked, passed and rejected-by-outcome per setup over the gated items, in strategy order', () => {
    const { gate } = computeRunMetrics({ repair: rows, detect: [] });
    const setup = { dataset: 'securityeval', model: 'openai:gpt-4', repairModel: 'openai:gpt-4' };
    expect(gate).toEqual([
      { ...setup, strategy: 'direct', gatedItems: 1, checked: 1, passed: 1, rejected: 0, rejectedByOutcome: {} },
      // checked 3 + 2 = 5, passed 1 + 0 = 1, rejected 4 = fail 1 + 2, timeout 1
      {
        ...setup,
        strategy: 'fdsp',
        gatedItems: 2,
        checked: 5,
        passed: 1,
        rejected: 4,
        rejectedByOutcome: { fail: 3, timeout: 1 },
      },
    ]);
    // Outcomes keep a fixed order (fail before timeout) whatever order the details had.
    expect(Object.keys(gate[1]?.rejectedByOutcome ?? {})).toEqual(['fail', 'timeout']);
  });

  it('is empty when nothing was gated', () => {
    expect(computeRunMetrics({ repair: [row({ taskId: 't1', runIndex: 0 })], detect: [] }).gate).toEqual([]);
  });
});
