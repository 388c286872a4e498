// The dataset contract: every benchmark source becomes a list of `Task`s. This file imports nothing.

export const datasetNames = ['securityeval', 'llmseceval', 'pythonsecurityeval', 'cweval'] as const;
export type BuiltinDatasetName = (typeof datasetNames)[number];

/** `completion-stub`: the prompt is Python to complete (SecurityEval); `natural-language`: a request in prose. */
export type TaskKind = 'completion-stub' | 'natural-language';

export interface UnitTest {
  /** Where the test came from (a file path, or `<file>:<line>` for inline tests). */
  readonly path: string;
  readonly text: string;
  /** `unittest` (default) or `pytest` (CWEval: per-test outcomes with `functionality`/`security` markers). */
  readonly framework?: 'unittest' | 'pytest';
  /** A regular expression on test function names: those tests are not about the candidate and are not run. */
  readonly deselect?: string;
}

export interface Task {
  /** `securityeval`, `llmseceval`, `pythonsecurityeval`, `cweval` or the custom file's dataset name. */
  readonly dataset: string;
  /** Unique within the dataset; stable across releases (the upstream id). */
  readonly id: string;
  readonly prompt: string;
  readonly kind: TaskKind;
  /** The CWE the task targets (89 for CWE-89), when the dataset names one. */
  readonly cwe?: number;
  readonly cweName?: string;
  /** The dataset's reference insecure solution, when it ships one. */
  readonly insecureCode?: string;
  /** The dataset's reference (secure) solution, when it ships one (CWEval). */
  readonly referenceCode?: string;
  readonly unitTest?: UnitTest;
  /** Upstream fields kept for reports (source language, Stack Overflow URL, ratings). */
  readonly metadata: Readonly<Record<string, string | number | boolean>>;
}

/** A malformed record: reported with its file and line, then skipped. */
export interface DatasetProblem {
  readonly file: string;
  /** 1-based line of the record; 0 when the problem concerns the whole file or a directory. */
  readonly line: number;
  readonly message: string;
}

export interface LoadedDataset {
  readonly name: string;
  readonly tasks: readonly Task[];
  /** Malformed records, each skipped. */
  readonly problems: readonly DatasetProblem[];
  /** Records kept but worth knowing about (an upstream duplicate ID renamed, say). */
  readonly warnings: readonly DatasetProblem[];
}
