// `npm run eval:robustness`: the builtin analyzer and the union on every labelled file, SecurityEval reference and
// challenge-corpus snippet, and on semantics-preserving variants of each (python/ast-variants.py, run with the engines'
// Python: it only parses and unparses, never executes), reporting per transform how many target-CWE verdicts change.
// `--list` names each flip.

import { createBanditEngine } from '../bandit/index.js';
import { loadChallengeCorpus } from '../builtin/challenge/challenge-corpus.js';
import { createBuiltinAnalyzer } from '../builtin/index.js';
import type { Analyzer } from '../types.js';
import { loadGeneratedSets, loadRepairedSets } from './labelled-set.js';
import { unionFindings, type FindingCwe } from './metrics.js';
import { securityEvalReferences } from './reference-samples.js';
import { formatRobustness, verdictFlips, type RobustnessSample } from './robustness.js';
import { scannedFindings } from './scanned-findings.js';
import { runVariantScript } from './variant-script.js';

interface Source extends RobustnessSample {
  readonly text: string;
}

async function sources(): Promise<Source[]> {
  const labelled = [...loadGeneratedSets(), ...loadRepairedSets()].flatMap((group) => group.files);
  const references = (await securityEvalReferences()).map((sample) => ({ ...sample, id: `reference/${sample.id}` }));
  // the builtin challenge corpus's vulnerable and safe snippets (neutral ones have no target CWE to keep)
  const challenge = loadChallengeCorpus().flatMap((snippet) =>
    snippet.cwe === null || snippet.label === 'neutral'
      ? []
      : [
          {
            id: `challenge/${snippet.id}`,
            targetCwe: snippet.cwe,
            vulnerable: snippet.label === 'vuln',
            text: snippet.code,
          },
        ],
  );
  return [
    ...labelled.map((file) => ({
      id: file.id,
      targetCwe: file.targetCwe,
      vulnerable: file.vulnerable,
      text: file.text,
    })),
    ...references,
    ...challenge,
  ];
}

async function findingsOf(
  analyzers: readonly Analyzer[],
  files: readonly { id: string; text: string }[],
): Promise<Map<string, FindingCwe[]>> {
  const maps = [];
  for (const analyzer of analyzers) {
    const results = await analyzer.scan(files.map((file) => ({ path: file.id, text: file.text })));
    maps.push(new Map(results.map((result) => [result.path, scannedFindings(analyzer.name, result)])));
  }
  return unionFindings(maps);
}

const usage = `Usage: npm run eval:robustness -- [--list] [--builtin-only]

Scans every labelled file, SecurityEval reference and challenge-corpus snippet, and semantics-preserving variants of
each (unparsed, locals renamed, f-strings as .format or +, a call's computed argument hoisted into a variable,
from-imports qualified; and in other models' style: a sink moved into a helper, the request's containers aliased or the
request imported under another name, temporaries inlined, guards inverted, arguments by keyword, parameters given type
hints, function bodies wrapped in a re-raising try, call literals named as module constants, comments and docstrings dropped, and all of these at once as
"restyle"), and counts the target-CWE verdicts that change. A change is
a rule reading the code's surface, not its meaning.
  --list          name every changed verdict (transform, CWE, file, direction, and whether the variant agrees with
                  the human label)
  --builtin-only  the builtin analyzer alone (default: the bandit+builtin union as well)
  --help          show this help
`;

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    process.stdout.write(usage);
    return;
  }
  const files = await sources();
  const variants = runVariantScript(files.map((file) => ({ id: file.id, text: file.text })));
  const byTransform = new Map<string, { id: string; text: string }[]>();
  for (const variant of variants) {
    if (variant.text === null) continue;
    byTransform.set(variant.transform, [
      ...(byTransform.get(variant.transform) ?? []),
      { id: variant.id, text: variant.text },
    ]);
  }
  const builtin = createBuiltinAnalyzer();
  const bandit = createBanditEngine({ concurrency: 2 });
  try {
    const configurations: [string, Analyzer[]][] = [['builtin', [builtin]]];
    if (!process.argv.includes('--builtin-only')) configurations.push(['bandit+builtin', [bandit, builtin]]);
    for (const [name, analyzers] of configurations) {
      const original = await findingsOf(analyzers, files);
      const perTransform = new Map<string, Map<string, FindingCwe[]>>();
      for (const [transform, texts] of byTransform) perTransform.set(transform, await findingsOf(analyzers, texts));
      const { rows, flips } = verdictFlips(files, original, perTransform);
      process.stdout.write(
        formatRobustness(
          `${name}: target-CWE verdicts of ${String(files.length)} files against their variants`,
          rows,
          flips,
        ),
      );
    }
  } finally {
    await bandit.close();
    await builtin.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`eval:robustness: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
