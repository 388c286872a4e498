// The runner's public types: what a caller passes (store, signal, callbacks, shared analyzer and sandbox) and what a
// run reports as it goes and at its end; plus the prepared plan that executing a run consumes.
import type { Analyzer } from '../analyzers/types.js';
import type { Task } from '../datasets/index.js';
import type { PromptSet, UnitTestRunner } from '../pipeline/index.js';
import type { Store } from '../store/index.js';
import type { LabelledItem } from './labels.js';
import type { WorkItem } from './plan.js';
import type { RunStatus } from './run-store.js';

export interface RunProgress {
  readonly runId: string;
  readonly total: number;
  /** Committed results, including those of earlier attempts. */
  readonly done: number;
  readonly doneAtStart: number;
  /** Items that failed in this attempt (left for resume). */
  readonly errors: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly elapsedMs: number;
}

export interface RunnerOptions {
  readonly store: Store;
  readonly signal?: AbortSignal;
  readonly onStart?: (runId: string, total: number, done: number) => void;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Overrides the stored concurrency for this attempt (resume on a smaller machine). */
  readonly concurrency?: number;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** Shared across runs in one process (bench:pipeline); default: a fresh analyzer per run. */
  readonly analyzer?: Analyzer;
  /** Called after each committed item. */
  readonly onItemCommitted?: (item: WorkItem) => void;
  /** The unit-test sandbox, shared across runs in one process; default: one started on first use per attempt. */
  readonly sandbox?: () => Promise<UnitTestRunner>;
}

export interface RunOutcome {
  readonly runId: string;
  readonly status: RunStatus;
  readonly total: number;
  readonly committed: number;
  readonly errors: number;
  readonly orphansRemoved: number;
  readonly wallMs: number;
  readonly firstErrors: readonly string[];
}

export interface PreparedRun {
  readonly tasks: readonly Task[];
  readonly datasetName: string;
  readonly labelled: readonly LabelledItem[];
  readonly labelSetName: string | undefined;
  readonly plan: readonly WorkItem[];
  readonly prompts: PromptSet;
}
