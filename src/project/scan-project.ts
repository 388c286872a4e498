// One project scan as `fdsp scan` and `fdsp baseline create` run it: the effective configuration's analyzers (with
// the persistent cache), its targets, its severity and confidence floors, then suppressions and the baseline.
import {
  analyzerMembers,
  parseAnalyzerNames,
  withPolicy,
  type AnalyzerFactoryOptions,
  type FileScanResult,
  type OraclePolicy,
} from '../analyzers/index.js';
import { readBaseline } from '../baseline/index.js';
import type { EffectiveConfig } from '../config/index.js';
import type { AnalyzerIdentity, LeftAside } from '../reports/index.js';
import { openProjectAnalyzers } from '../scan-cache/index.js';
import { filterFindings, scanSources } from '../sources/index.js';
import { leaveAside } from './left-aside.js';
import { collectTargets, type TargetRequest } from './targets.js';

export interface ProjectScanRequest extends Omit<TargetRequest, 'config'> {
  readonly config: EffectiveConfig;
  readonly cache: boolean;
  /** Workers, Bandit's Python, Semgrep's rules. */
  readonly engine?: AnalyzerFactoryOptions;
  /** False for `baseline create`: today's findings are recorded whatever the current baseline says. */
  readonly useBaseline: boolean;
}

export interface ProjectScan {
  readonly results: FileScanResult[];
  readonly leftAside: LeftAside | undefined;
  readonly analyzers: readonly AnalyzerIdentity[];
  /** The oracle policy that set each finding's `blocking`. */
  readonly policy: OraclePolicy;
  readonly changedAgainst?: string;
}

export async function scanProject(request: ProjectScanRequest): Promise<ProjectScan> {
  const { config } = request;
  const names = parseAnalyzerNames(config.analyzers.value.join(','));
  // Read first: a missing baseline is a usage error before any engine starts.
  const baselineFile = request.useBaseline ? config.baseline.value : null;
  const baseline = baselineFile === null ? undefined : readBaseline(baselineFile);
  const targets = await collectTargets(request);
  // The policy judges all of a file's findings before the floors, suppressions and the baseline drop any; the cache
  // below it keeps the analyzers' own verdicts.
  const policy = config.policy.value;
  const analyzer = withPolicy(
    openProjectAnalyzers(names, {
      root: config.root,
      cache: request.cache,
      ...request.engine,
      // A project scan reads the tree as one program: flows into helpers of other modules are found.
      crossModule: true,
    }),
    policy,
  );
  try {
    const scanned = filterFindings(await scanSources(analyzer, targets.collected), {
      minSeverity: config.minSeverity.value,
      minConfidence: config.minConfidence.value,
    });
    const sources = new Map(
      targets.collected.flatMap((item) => (item.kind === 'file' ? [[item.file.path, item.file.text] as const] : [])),
    );
    const { results, leftAside } = leaveAside(scanned, sources, baseline, request.cwd);
    const analyzers = await Promise.all(
      analyzerMembers(analyzer).map(async (member) => ({ name: member.name, version: await member.version() })),
    );
    return {
      results,
      leftAside,
      analyzers,
      policy,
      ...(targets.changedAgainst === undefined ? {} : { changedAgainst: targets.changedAgainst }),
    };
  } finally {
    await analyzer.close();
  }
}
