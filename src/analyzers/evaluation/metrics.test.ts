import { describe, expect, it } from 'vitest';

import { cweMatches } from './cwe-equivalence.js';
import { loadRepairedSets } from './labelled-set.js';
import { perCwe, score, unionFindings, type LabelledSample } from './metrics.js';
import { setScores } from './set-scores.js';

// Hand-computed fixture: 3 vulnerable files (a, b, c), 2 safe files (d, e).
const samples: LabelledSample[] = [
  { id: 'a', targetCwe: 89, vulnerable: true },
  { id: 'b', targetCwe: 798, vulnerable: true },
  { id: 'c', targetCwe: 22, vulnerable: true },
  { id: 'd', targetCwe: 89, vulnerable: false },
  { id: 'e', targetCwe: 611, vulnerable: false },
];
const first = new Map([
  ['a', [{ cwe: 89 }]],
  ['b', [{ cwe: 259 }]], // related: counts in target mode
  ['d', [{ cwe: 78 }]], // unrelated: FP only in any mode
]);
const second = new Map([
  ['c', [{ cwe: 502 }]],
  ['e', [{ cwe: 776 }]],
]);

describe('metrics', () => {
  it('scores target-CWE mode with the equivalence table', () => {
    const result = score(samples, first, 'target');
    expect(result).toMatchObject({ truePositives: 2, falsePositives: 0, falseNegatives: 1, trueNegatives: 2 });
    expect(result.recall).toBeCloseTo(2 / 3);
    expect(result.precision).toBe(1);
  });

  it('scores any-finding mode', () => {
    const result = score(samples, first, 'any');
    expect(result).toMatchObject({ truePositives: 2, falsePositives: 1 });
    expect(result.precision).toBeCloseTo(2 / 3);
  });

  it('unions analyzers', () => {
    const union = unionFindings([first, second]);
    expect(score(samples, union, 'any')).toMatchObject({ truePositives: 3, falsePositives: 2 });
    expect(score(samples, union, 'target')).toMatchObject({ truePositives: 2, falsePositives: 1 });
  });

  it('counts per CWE', () => {
    const rows = perCwe(samples, new Map([['first', first]]));
    expect(rows.find((row) => row.cwe === 89)).toEqual({
      cwe: 89,
      vulnerable: 1,
      safe: 1,
      detected: { first: { truePositives: 1, falsePositives: 0 } },
    });
  });

  it('relates only listed CWEs', () => {
    expect(cweMatches(798, 259)).toBe(true);
    expect(cweMatches(611, 827)).toBe(true);
    expect(cweMatches(89, 78)).toBe(false);
    expect(cweMatches(89, null)).toBe(false);
    expect(cweMatches(319, 614)).toBe(true);
    expect(cweMatches(614, 319)).toBe(false);
    expect(cweMatches(522, 261)).toBe(true);
    expect(cweMatches(414, 667)).toBe(true);
    expect(cweMatches(667, 414)).toBe(true); // 414 is ChildOf 667: a missing lock check is improper locking
  });

  it('counts a more specific weakness for its ancestor, never an ancestor for the more specific target', () => {
    expect(cweMatches(916, 759)).toBe(true); // unsalted is a weak password hash
    expect(cweMatches(327, 759)).toBe(true); // 759 → 916 → 328 → 327
    expect(cweMatches(759, 916)).toBe(false); // salted but fast is not "without a salt"
    expect(cweMatches(759, 760)).toBe(false); // a predictable salt is a sibling, not the missing salt
    expect(cweMatches(250, 269)).toBe(false);
    expect(cweMatches(269, 250)).toBe(true);
    expect(cweMatches(200, 209)).toBe(true);
    expect(cweMatches(209, 200)).toBe(false);
  });

  it('joins aliases both ways and follows the hierarchy from an alias', () => {
    expect(cweMatches(321, 798)).toBe(true);
    expect(cweMatches(798, 321)).toBe(true);
    expect(cweMatches(641, 22)).toBe(true);
    expect(cweMatches(22, 23)).toBe(true);
    expect(cweMatches(1333, 730)).toBe(true);
    expect(cweMatches(400, 730)).toBe(true); // 730 ≡ 1333 → 407 → 405 → 400
    expect(cweMatches(730, 400)).toBe(false);
  });
});

describe('per-set scores', () => {
  it('scores each set and an overall row per kind, with the share of safe files flagged', () => {
    const generated = { name: 'g', kind: 'generated' as const, files: [], missing: [] };
    const repaired = {
      name: 'r',
      kind: 'repaired' as const,
      files: samples.map((sample) => ({ ...sample, path: sample.id, text: '' })),
      missing: [],
    };
    const rows = setScores([generated, repaired], new Map([['first', first]]), 'any');
    expect(rows.map((row) => row.set)).toEqual(['g', 'r', 'all repaired code']);
    const [, set, overall] = rows;
    // any mode: a and b flagged (TP), c missed, d flagged (FP), e clean → 1 of 2 safe files flagged.
    expect(set).toMatchObject({ files: 5, vulnerable: 3, truePositives: 2, falsePositives: 1, safeFlagged: 0.5 });
    expect(set?.recall).toBeCloseTo(2 / 3);
    expect(overall).toEqual({ ...set, set: 'all repaired code' });
  });
});

describe('repaired-set loader', () => {
  it('reads the rq3 sets, skips verdict -1 and counts 0.5 as still vulnerable', () => {
    const groups = loadRepairedSets();
    expect(groups.map((group) => group.name)).toEqual([
      'gpt3.5 repairing gpt3.5',
      'gpt3.5 repairing gpt4',
      'gpt4 repairing gpt3.5',
    ]);
    const gpt4 = groups[2];
    // verify_gpt4_for_gpt3.5.csv: 29 rows -1, 56 fixed (one file never committed upstream), 9 partly, 27 still.
    expect(gpt4?.files.length).toBe(91);
    expect(gpt4?.files.filter((file) => file.vulnerable).length).toBe(36);
    expect(gpt4?.missing).toEqual(['gpt4_for_gpt3.5/CWE-295/codeql_1.py']);
  });
});
