// `eval:robustness`, pure: does a detector's verdict survive rewrites that keep the program's meaning? Each variant of
// a file (python/ast-variants.py: unparsed, locals renamed, f-strings as .format, a sink's argument hoisted into a
// variable, `from m import x` as `import m` + `m.x`, and python/style_variants: a sink in a helper, request aliases,
// inlined temporaries, inverted guards, keyword arguments, no comments, all at once) is scanned like the original; a
// verdict that changes is a rule reading the code's surface. Other models write the same programs in other surfaces, so a flip predicts a miss or a
// false alarm on code no rule was tuned on.
import { z } from 'zod';

import { flagged, type FindingCwe } from './metrics.js';

export const variantsSchema = z.object({
  variants: z.array(
    z.object({
      id: z.string(),
      transform: z.string(),
      text: z.string().nullable(),
      error: z.string().optional(),
    }),
  ),
});

export interface RobustnessSample {
  readonly id: string;
  readonly targetCwe: number;
  /** The human verdict when the file is labelled; a flip is a defect either way, this says which way it errs. */
  readonly vulnerable?: boolean;
}

export interface VerdictFlip {
  readonly id: string;
  readonly transform: string;
  readonly targetCwe: number;
  /** The original was flagged for its target and the variant is not. */
  readonly lost: boolean;
  /** Whether the variant's verdict disagrees with the human label (undefined: unlabelled). */
  readonly variantWrong?: boolean;
}

export interface TransformRow {
  readonly transform: string;
  readonly variants: number;
  readonly lost: number;
  readonly gained: number;
}

/** Flips of the target-CWE verdict, original against each variant. */
export function verdictFlips(
  samples: readonly RobustnessSample[],
  original: ReadonlyMap<string, readonly FindingCwe[]>,
  variants: ReadonlyMap<string, ReadonlyMap<string, readonly FindingCwe[]>>,
): { rows: TransformRow[]; flips: VerdictFlip[] } {
  const flips: VerdictFlip[] = [];
  const rows: TransformRow[] = [];
  for (const [transform, findings] of variants) {
    let count = 0;
    let lost = 0;
    let gained = 0;
    for (const sample of samples) {
      const variant = findings.get(sample.id);
      if (variant === undefined) continue;
      count++;
      const before = flagged(original.get(sample.id) ?? [], 'target', sample.targetCwe);
      const after = flagged(variant, 'target', sample.targetCwe);
      if (before === after) continue;
      if (before) lost++;
      else gained++;
      flips.push({
        id: sample.id,
        transform,
        targetCwe: sample.targetCwe,
        lost: before,
        ...(sample.vulnerable === undefined ? {} : { variantWrong: after !== sample.vulnerable }),
      });
    }
    rows.push({ transform, variants: count, lost, gained });
  }
  return { rows, flips };
}

export function formatRobustness(title: string, rows: readonly TransformRow[], flips: readonly VerdictFlip[]): string {
  const lines = [
    '',
    title,
    '| transform | variants | verdicts kept | flagged → quiet | quiet → flagged |',
    '|---|---|---|---|---|',
    ...rows.map((row) => {
      const kept = row.variants === 0 ? 1 : (row.variants - row.lost - row.gained) / row.variants;
      return `| ${row.transform} | ${String(row.variants)} | ${(kept * 100).toFixed(1)}% | ${String(row.lost)} | ${String(row.gained)} |`;
    }),
  ];
  const total = rows.reduce((sum, row) => sum + row.variants, 0);
  const changed = rows.reduce((sum, row) => sum + row.lost + row.gained, 0);
  lines.push(`all transforms: ${String(changed)} of ${String(total)} verdicts changed`);
  if (flips.length > 0 && process.argv.includes('--list')) {
    lines.push('');
    for (const flip of flips) {
      const against =
        flip.variantWrong === undefined
          ? ''
          : flip.variantWrong
            ? ' (variant disagrees with the label)'
            : ' (variant agrees with the label)';
      lines.push(
        `${flip.transform}\tCWE-${String(flip.targetCwe)}\t${flip.id}\t${flip.lost ? 'flagged → quiet' : 'quiet → flagged'}${against}`,
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}
