// Detection items: a review CSV (`CWE-XXX/<file>.py,1|0.5|0`, as in ../shared/labelled/llmsecurecode-rq1) whose code
// sits in the sibling `generatedCode_<model>/` folder. 1 and 0.5 mean vulnerable to the CWE, 0 means not.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parseReview } from '../analyzers/evaluation/labelled-set.js';
import { FdspError, errorMessage } from '../errors/index.js';

export interface LabelledItem {
  readonly id: string;
  readonly cwe: number;
  readonly code: string;
  readonly vulnerable: boolean;
}

export interface LabelSet {
  readonly name: string;
  readonly items: readonly LabelledItem[];
}

export function loadLabelSet(file: string): LabelSet {
  const name = path.basename(file, '.csv');
  const folder = path.join(path.dirname(file), `generatedCode_${name.replace(/^review_/, '')}`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    throw new FdspError('DATASET_NOT_FOUND', `cannot read label file ${file}: ${errorMessage(error)}`, {
      hint: 'labels: a review_<model>.csv beside its generatedCode_<model>/ folder',
    });
  }
  const items = parseReview(text).map((row): LabelledItem => {
    const codePath = path.join(folder, row.file);
    let code: string;
    try {
      code = readFileSync(codePath, 'utf8');
    } catch (error: unknown) {
      throw new FdspError('DATASET_NOT_FOUND', `labelled code ${codePath} is missing: ${errorMessage(error)}`);
    }
    return { id: row.file, cwe: Number(/^CWE-0*(\d+)/.exec(row.file)?.[1]), code, vulnerable: row.verdict > 0 };
  });
  return { name, items };
}
