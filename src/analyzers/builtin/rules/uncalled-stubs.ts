// Uncalled task functions stubbed out (issue 10, item 4a): with no caller, a stub's own name, docstring and unfinished
// marker are the whole evidence, so the shape is kept narrow (see uncalledStubVerdict). Pure functions over the tree.
import { childByField, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import {
  docstringOf,
  isModuleLevel,
  markedUnfinished,
  meantToBeEmpty,
  promisedOperation,
  stubShape,
  type PromisedOperation,
  type StubShape,
} from './stub-shapes.js';

// Operations whose names are specific enough to read an uncalled function's promise from its name and docstring
// alone; file, URL and upload words name ordinary work-in-progress helpers (`export_report_file`) too often.
const uncalledOperations: ReadonlySet<PromisedOperation> = new Set([
  'command',
  'code',
  'sql',
  'redirect',
  'xml',
  'deserialize',
  'hash',
  'encryption',
  'signature',
]);

export interface UncalledStub {
  readonly name: string;
  readonly shape: StubShape;
  readonly operation: PromisedOperation;
}

/**
 * A module-level function nobody calls whose body is a stub that says it is unfinished (a TODO note, `...`,
 * `raise NotImplementedError`) and whose own name or docstring names a sink operation: the task's function, emptied
 * (`def evalInput(s): raise NotImplementedError`). Public, undecorated, outside test code, never referenced (a
 * callback registered by name is a caller), the operation read from the name and docstring only (not the
 * parameters). Measured before keeping it: 0 findings on the CPython 3.11 standard library (668 modules) and 0 on the
 * challenge corpus's safe and neutral snippets.
 */
export function uncalledStubVerdict(fn: PlainNode, analysis: ModuleAnalysis): UncalledStub | undefined {
  const nameNode = childByField(fn, 'name');
  const name = nameNode ? analysis.text(nameNode) : '';
  if (!isModuleLevel(fn) || fn.parent?.type === 'decorated_definition' || name === '' || name.startsWith('_'))
    return undefined;
  if (/^\s*(import|from)\s+(unittest|pytest)\b/m.test(analysis.moduleText())) return undefined;
  const referenced = analysis.nodes.some(
    (node) => node.type === 'identifier' && node !== nameNode && analysis.text(node) === name,
  );
  if (referenced || meantToBeEmpty(fn, analysis)) return undefined;
  const shape = stubShape(fn, analysis, false);
  if (!shape || !markedUnfinished(fn, analysis, shape)) return undefined;
  const operation = promisedOperation([name, docstringOf(fn, analysis)]);
  return uncalledOperations.has(operation) ? { name, shape, operation } : undefined;
}
