// SecurityEval's human-written insecure reference solutions as evaluation samples: every one is vulnerable to its
// task's CWE (recall only). Read by eval:analyzers and eval:robustness alike.
import { loadDataset, resolveDatasetsDirectory } from '../../datasets/index.js';

export interface ReferenceSample {
  readonly id: string;
  readonly targetCwe: number;
  readonly vulnerable: true;
  readonly text: string;
}

export async function securityEvalReferences(): Promise<ReferenceSample[]> {
  const dataset = await loadDataset('securityeval', resolveDatasetsDirectory(undefined).directory);
  return dataset.tasks.flatMap((task) =>
    task.insecureCode === undefined || task.cwe === undefined
      ? []
      : [{ id: task.id, targetCwe: task.cwe, vulnerable: true as const, text: task.insecureCode }],
  );
}
