// The CWEval section of `npm run eval:analyzers`: scans the corpus (cweval-corpus.ts) with each analyzer, judges the
// findings under every oracle policy as the labelled sets are judged, and prints the scores, with `--list-fp` /
// `--list-fn` rows in the format of the other sets.
import { oraclePolicies } from '../policy/index.js';
import type { Analyzer, Finding } from '../types.js';
import { loadCwevalCorpus } from './cweval-corpus.js';
import { formatCwevalScores } from './cweval-scores.js';
import { falseAlarms, formatFalseAlarms } from './false-alarms.js';
import { formatMisses, targetMisses } from './misses.js';
import { blockingUnderPolicies } from './policy-findings.js';

async function findingsOf(
  analyzer: Analyzer,
  files: readonly { id: string; text: string }[],
): Promise<Map<string, Finding[]>> {
  const results = await analyzer.scan(files.map((file) => ({ path: file.id, text: file.text })));
  return new Map(results.map((result) => [result.path, [...result.findings]]));
}

export async function cwevalSection(
  analyzers: { readonly bandit: Analyzer; readonly builtin: Analyzer },
  options: { readonly listFalseAlarms: boolean; readonly listMisses: boolean },
): Promise<string> {
  const samples = await loadCwevalCorpus();
  const byAnalyzer = blockingUnderPolicies(
    new Map([
      ['bandit', await findingsOf(analyzers.bandit, samples)],
      ['builtin', await findingsOf(analyzers.builtin, samples)],
    ]),
    oraclePolicies,
  );
  const union = 'bandit+builtin (study)';
  let text = formatCwevalScores(samples, byAnalyzer, ['bandit (study)', 'builtin (study)', union]);
  const unionFindings = byAnalyzer.get(union) ?? new Map<string, Finding[]>();
  if (options.listMisses) text += formatMisses(`CWEval, ${union} misses`, targetMisses(samples, unionFindings));
  if (options.listFalseAlarms) {
    for (const name of [...byAnalyzer.keys()].filter((key) => key.startsWith('bandit+builtin'))) {
      text += formatFalseAlarms(
        `CWEval secure references, ${name}`,
        falseAlarms(samples, byAnalyzer.get(name) ?? new Map()),
      );
    }
  }
  return text;
}
