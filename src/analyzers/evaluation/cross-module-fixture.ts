// The cross-module fixture application (tests/fixtures/cross-module-app): its files, the flows it marks (`# flow:
// RULE-ID` on the call line of a view) and their safe twins (`# twin: RULE-ID`), and the score of a scan against
// them. Shared by the test that asserts every flow found and every twin quiet and by `npm run eval:cross-module`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { FileScanResult, SourceFile } from '../types.js';

export const crossModuleFixture = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../tests/fixtures/cross-module-app',
);

export interface Marker {
  readonly path: string;
  readonly line: number;
  readonly ruleId: string;
  readonly kind: 'flow' | 'twin';
}

function pythonFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return pythonFiles(full);
      return entry.name.endsWith('.py') ? [full] : [];
    })
    .sort();
}

/** The fixture's files with paths relative to `root`'s parent, under `prefix` (a copy's folder). */
export function fixtureFiles(prefix = '', root = crossModuleFixture): SourceFile[] {
  return pythonFiles(root).map((file) => ({
    path: path.posix.join(prefix, path.relative(root, file).split(path.sep).join('/')),
    text: readFileSync(file, 'utf8'),
  }));
}

const markerPattern = /#\s*(flow|twin):\s*(FDSP-PY-[A-Z]+-\d+)\s*$/;

export function markers(files: readonly SourceFile[]): Marker[] {
  return files.flatMap((file) =>
    file.text.split('\n').flatMap((text, index): Marker[] => {
      const match = markerPattern.exec(text);
      if (!match) return [];
      const kind = match[1] === 'flow' ? 'flow' : 'twin';
      return [{ path: file.path, line: index + 1, ruleId: match[2] ?? '', kind }];
    }),
  );
}

export interface FixtureScore {
  readonly flows: number;
  readonly found: number;
  readonly twins: number;
  /** Twins with a finding of any rule on their line. */
  readonly noisyTwins: number;
  /** Findings in files holding markers (the views): those on a flow line with its rule are true positives. */
  readonly viewFindings: number;
  readonly truePositives: number;
  readonly missed: readonly Marker[];
  readonly noisy: readonly Marker[];
  readonly recall: number;
  readonly precision: number;
}

export function scoreFixture(files: readonly SourceFile[], results: readonly FileScanResult[]): FixtureScore {
  const marked = markers(files);
  const viewPaths = new Set(marked.map((marker) => marker.path));
  const findings = results.flatMap((result) => (viewPaths.has(result.path) ? result.findings : []));
  const at = (marker: Marker): boolean =>
    findings.some((finding) => finding.path === marker.path && finding.line === marker.line);
  const flows = marked.filter((marker) => marker.kind === 'flow');
  const twins = marked.filter((marker) => marker.kind === 'twin');
  const missed = flows.filter(
    (marker) =>
      !findings.some(
        (finding) => finding.path === marker.path && finding.line === marker.line && finding.ruleId === marker.ruleId,
      ),
  );
  const noisy = twins.filter(at);
  const truePositives = findings.filter((finding) =>
    flows.some((flow) => flow.path === finding.path && flow.line === finding.line && flow.ruleId === finding.ruleId),
  ).length;
  const found = flows.length - missed.length;
  return {
    flows: flows.length,
    found,
    twins: twins.length,
    noisyTwins: noisy.length,
    viewFindings: findings.length,
    truePositives,
    missed,
    noisy,
    recall: flows.length === 0 ? 0 : found / flows.length,
    precision: findings.length === 0 ? 0 : truePositives / findings.length,
  };
}
