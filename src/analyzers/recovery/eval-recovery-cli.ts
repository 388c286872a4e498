// `npm run eval:recovery`: how well recovery gives back a program's findings when an LLM answer wraps it in a shape
// Python rejects. Every labelled file Python accepts is wrapped in each broken shape (broken-shapes.ts) and scanned by
// the Bandit + builtin union; a wrapped file is "exact" when its findings (engine, rule, line less the wrapper's
// offset) are the valid file's. Side by side: the union with recovery, and what it reported without (the builtin
// engine on the file as given, Bandit nothing).
import { performance } from 'node:perf_hooks';

import { createBanditEngine } from '../bandit/index.js';
import { createBuiltinAnalyzer } from '../builtin/index.js';
import { loadGeneratedSets, loadRepairedSets } from '../evaluation/labelled-set.js';
import type { Finding, SourceFile } from '../types.js';
import { AnalyzerUnion } from '../union.js';
import { brokenShapes } from './broken-shapes.js';

const usage = `Usage: npm run eval:recovery -- [--limit N]

Wraps every labelled file Python accepts (../shared/labelled, FDSP_SHARED overrides) in each shape LLM answers take
that Python rejects (a Markdown fence, prose before or after, indentation, a Python 2 print, a fence inside prose, a
sentence with an unclosed bracket), scans it with Bandit + builtin, and counts per shape the files recovered and the
files whose findings are exactly the valid file's, with recovery and without it.
  --limit N  only the first N valid files (default: all)
  --help     show this help
`;

function keys(findings: readonly Finding[], offset: number): string[] {
  return findings.map((finding) => `${finding.analyzer} ${finding.ruleId} ${String(finding.line - offset)}`).sort();
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}

function missing(expected: readonly string[], found: readonly string[]): number {
  const left = [...found];
  let count = 0;
  for (const key of expected) {
    const at = left.indexOf(key);
    if (at < 0) count += 1;
    else left.splice(at, 1);
  }
  return count;
}

function limitArgument(): number | undefined {
  const at = process.argv.indexOf('--limit');
  if (at < 0) return undefined;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write('eval:recovery: --limit needs a positive whole number, e.g. --limit 100\n');
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    process.stdout.write(usage);
    return;
  }
  const limit = limitArgument();
  const labelled = [...loadGeneratedSets(), ...loadRepairedSets()].flatMap((group) => group.files);
  const bandit = createBanditEngine({ concurrency: 1 });
  const builtin = createBuiltinAnalyzer();
  const union = new AnalyzerUnion([builtin, bandit]);
  try {
    const candidates = labelled.map((file): SourceFile => ({ path: file.path, text: file.text }));
    const reference = await union.scan(candidates);
    const valid = candidates.filter((_, index) => reference[index]?.status === 'ok').slice(0, limit);
    const expected = new Map(
      candidates.map((file, index) => [file.path, keys(reference[index]?.findings ?? [], 0)] as const),
    );
    const lines = [
      '',
      `Recovery: ${String(valid.length)} labelled files Python accepts (of ${String(candidates.length)}), each wrapped in every shape; Bandit + builtin union.`,
      '',
      '| shape | rejected | recovered | exact with recovery | findings lost | findings added | exact without | lost without | builtin exact: recovered / as given | ms/file |',
      '|---|---|---|---|---|---|---|---|---|---|',
    ];
    for (const shape of brokenShapes) {
      const wrapped = valid.map((file) => ({
        path: file.path,
        text: `${shape.wrap(file.text.replace(/\n$/, '').split('\n')).join('\n')}\n`,
      }));
      const started = performance.now();
      const recovered = await union.scan(wrapped);
      const elapsed = performance.now() - started;
      const raw = await builtin.scan(wrapped);
      let rejected = 0;
      let withRecovery = 0;
      let exact = 0;
      let lost = 0;
      let added = 0;
      let exactWithout = 0;
      let lostWithout = 0;
      // The builtin engine alone: its findings on the recovered code and on the file as given, against its own on
      // the valid file (does one recovery serve it as well as Bandit?).
      let builtinRecovered = 0;
      let builtinAsGiven = 0;
      wrapped.forEach((file, index) => {
        const result = recovered[index];
        const want = expected.get(file.path) ?? [];
        if (result?.status !== 'syntax-error') return;
        rejected += 1;
        if (result.recovery) withRecovery += 1;
        const got = keys(result.findings, shape.offset);
        if (same(got, want)) exact += 1;
        lost += missing(want, got);
        added += missing(got, want);
        const without = keys(raw[index]?.findings ?? [], shape.offset);
        if (same(without, want)) exactWithout += 1;
        lostWithout += missing(want, without);
        const ownWant = want.filter((key) => key.startsWith('builtin '));
        if (
          same(
            got.filter((key) => key.startsWith('builtin ')),
            ownWant,
          )
        )
          builtinRecovered += 1;
        if (same(without, ownWant)) builtinAsGiven += 1;
      });
      lines.push(
        `| ${shape.name} | ${String(rejected)} | ${String(withRecovery)} | ${String(exact)} | ${String(lost)} | ${String(added)} | ${String(exactWithout)} | ${String(lostWithout)} | ${String(builtinRecovered)} / ${String(builtinAsGiven)} | ${(elapsed / Math.max(1, wrapped.length)).toFixed(1)} |`,
      );
    }
    const total = valid.reduce((sum, file) => sum + (expected.get(file.path)?.length ?? 0), 0);
    lines.push(
      '',
      `Exact: the wrapped file's findings (engine, rule, line) are the valid file's. Lost/added: findings counted over all files (the valid files have ${String(total)}). Without recovery: the builtin engine on the file as given (Bandit skips it). ms/file: the union with recovery, wall time.`,
      '',
    );
    process.stdout.write(lines.join('\n'));
  } finally {
    await union.close();
  }
}

await main();
