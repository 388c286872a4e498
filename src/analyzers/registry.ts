// Analyzer names → factories. `--analyzers bandit,builtin` resolves here; each engine registers one entry.
import { FdspError } from '../errors/index.js';
import { createBanditEngine, type BanditEngineOptions } from './bandit/index.js';
import { createBuiltinAnalyzer } from './builtin/index.js';
import { createCodeqlAnalyzer } from './codeql/index.js';
import { createRuffAnalyzer } from './ruff/index.js';
import { createSemgrepAnalyzer } from './semgrep/index.js';
import type { Analyzer, PythonSyntaxChecker } from './types.js';
import { AnalyzerUnion } from './union.js';

export interface AnalyzerFactoryOptions {
  /** Worker processes for engines that use them; default: cores. */
  readonly concurrency?: number;
  /** Python that runs Bandit (`--bandit-python`); default: FDSP_BANDIT_PYTHON, the engines' .venv, Debian's. */
  readonly banditPython?: string;
  /** Semgrep rules: a rules file or a registry id (`--semgrep-config`); default: FDSP_SEMGREP_CONFIG, fdsp's own. */
  readonly semgrepConfig?: string;
}

function banditOptions(options: AnalyzerFactoryOptions): BanditEngineOptions {
  return {
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.banditPython ? { python: options.banditPython } : {}),
  };
}

export interface AnalyzerRegistration {
  readonly description: string;
  readonly create: (options: AnalyzerFactoryOptions) => Analyzer;
}

export const analyzerRegistry = {
  bandit: {
    description: 'Bandit (PyCQA; the pinned 1.7.8 from setup), exactly as `bandit --ignore-nosec`, with CWE ids',
    create: (options) => createBanditEngine(banditOptions(options)),
  },
  builtin: {
    description: "fdsp's own tree-sitter analyzer: taint flows and API-misuse rules, each with a fix hint",
    create: () => createBuiltinAnalyzer(),
  },
  ruff: {
    description: "Ruff's flake8-bandit rules (`ruff check --select S`), mapped to Bandit ids and CWEs",
    create: () => createRuffAnalyzer(),
  },
  semgrep: {
    description: "Semgrep (`semgrep scan --json`), rules from --semgrep-config / FDSP_SEMGREP_CONFIG or fdsp's own",
    create: (options) => createSemgrepAnalyzer(options.semgrepConfig ? { config: options.semgrepConfig } : {}),
  },
  codeql: {
    description: 'CodeQL Python security-extended suite (SARIF), when codeql is on PATH',
    create: () => createCodeqlAnalyzer(),
  },
} satisfies Record<string, AnalyzerRegistration>;

export type AnalyzerName = keyof typeof analyzerRegistry;

export const defaultAnalyzers: readonly AnalyzerName[] = ['bandit'];

export function isAnalyzerName(name: string): name is AnalyzerName {
  return Object.hasOwn(analyzerRegistry, name);
}

export function parseAnalyzerNames(list: string): AnalyzerName[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new FdspError('USAGE', 'no analyzers named', {
      hint: `choose from: ${Object.keys(analyzerRegistry).join(', ')}`,
    });
  for (const name of names) {
    if (!isAnalyzerName(name)) {
      throw new FdspError('ANALYZER_UNKNOWN', `unknown analyzer '${name}'`, {
        hint: `choose from: ${Object.keys(analyzerRegistry).join(', ')}`,
      });
    }
  }
  return [...new Set(names)] as AnalyzerName[];
}

/** One Analyzer over the named engines (a union when there are several). */
export function createAnalyzers(names: readonly AnalyzerName[], options: AnalyzerFactoryOptions = {}): Analyzer {
  const members = names.map((name) => analyzerRegistry[name].create(options));
  return members.length === 1 && members[0] ? members[0] : new AnalyzerUnion(members);
}

/** The Python parser verdict, from the Bandit engine's interpreter. */
export function createSyntaxChecker(
  options: AnalyzerFactoryOptions = {},
): PythonSyntaxChecker & { close(): Promise<void> } {
  return createBanditEngine(banditOptions(options));
}
