// The deterministic plan of a run: every (task × strategy × run index) work item, in a fixed order. Resume re-plans
// and skips items with a committed result, so the plan must depend only on the stored config and the dataset.
import type { BenchStrategyName } from './config.js';

export interface WorkItem {
  readonly taskId: string;
  readonly strategy: BenchStrategyName;
  readonly runIndex: number;
}

export function workItemKey(item: WorkItem): string {
  return JSON.stringify([item.taskId, item.strategy, item.runIndex]);
}

/** Run-major, then task, then strategy: a task's strategies sit together so they share one generation soon after
 * it is made, and an interrupted run has whole runs done rather than a thin slice of each. */
export function planWorkItems(input: {
  readonly taskIds: readonly string[];
  readonly detectIds: readonly string[];
  readonly strategies: readonly BenchStrategyName[];
  readonly runs: number;
}): WorkItem[] {
  const repair = input.strategies.filter((strategy) => strategy !== 'detect');
  const items: WorkItem[] = [];
  for (let runIndex = 0; runIndex < input.runs; runIndex += 1) {
    for (const taskId of input.taskIds) {
      for (const strategy of repair) items.push({ taskId, strategy, runIndex });
    }
    if (input.strategies.includes('detect')) {
      for (const taskId of input.detectIds) items.push({ taskId, strategy: 'detect', runIndex });
    }
  }
  return items;
}

export function remainingWorkItems(plan: readonly WorkItem[], committed: ReadonlySet<string>): WorkItem[] {
  return plan.filter((item) => !committed.has(workItemKey(item)));
}
