// Which rules Semgrep runs: `--semgrep-config`, else FDSP_SEMGREP_CONFIG, else fdsp's own rules file (offline, and
// the one the tests run). A path that exists is a rules file or folder; anything else is a registry id (p/python,
// r/…, auto, a URL), which needs the network.
import { existsSync } from 'node:fs';
import path from 'node:path';

import { packageRoot } from '../../support/package-root.js';

export type SemgrepConfig =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'registry'; readonly id: string }
  | { readonly kind: 'missing'; readonly path: string };

export function defaultSemgrepRules(): string {
  return path.join(packageRoot(), 'python', 'semgrep-rules.yml');
}

const registryShape = /^(?:[prs]\/\S+|auto|https?:\/\/\S+)$/;

export function resolveSemgrepConfig(
  explicit: string | undefined,
  environment: NodeJS.ProcessEnv = process.env,
  exists: (file: string) => boolean = existsSync,
): SemgrepConfig {
  const chosen = explicit ?? (environment.FDSP_SEMGREP_CONFIG || undefined) ?? defaultSemgrepRules();
  if (exists(chosen)) return { kind: 'file', path: path.resolve(chosen) };
  if (registryShape.test(chosen)) return { kind: 'registry', id: chosen };
  return { kind: 'missing', path: chosen };
}

export function describeSemgrepConfig(config: SemgrepConfig): string {
  return config.kind === 'registry' ? `registry ${config.id}` : config.path;
}
