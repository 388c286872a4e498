// CWEval as a held-out corpus for the analyzers: nobody tuned a rule on it, so it measures what the SecurityEval-shaped
// sets cannot. Per task, the secure reference solution (the whole `cwe_XXX_N_task.py`: prompt, then solution) is
// expected quiet for the task's CWE, and every insecure variant in the test file (`def <function>_unsafe…`) is expected
// flagged. Each variant becomes its own module: the function and the top-level statements it needs (imports,
// constants, helpers), found by name through tree-sitter's tree rather than by matching lines, so a multi-line
// signature, a decorator or a constant declared after an import is carried over as Python sees it.
import { loadDataset, resolveDatasetsDirectory } from '../../datasets/index.js';
import { childByField, namedChildren, parsePython, toPlainTree, type PlainNode } from '../../python-syntax/index.js';
import type { LabelledFile } from './labelled-set.js';

/** One insecure variant as a stand-alone module. */
export interface UnsafeVariant {
  /** The function's name in the test file, `get_target_for_redirect_unsafe_0`. */
  readonly name: string;
  readonly text: string;
}

export interface CwevalSample extends LabelledFile {
  readonly task: string;
  /** `secure` for the reference solution, else the unsafe variant's function name. */
  readonly variant: string;
}

/** Functions the test file defines as its own insecure references (its test helpers start with `test_`/`_test_`). */
const unsafeName = /^(?!_?test_)\w+_unsafe(?:_\w+)?$/;

/**
 * Statements that are test scaffolding, never part of a variant: pytest, the import of the task's own module (the
 * candidate under test) and star imports (a test-time helper such as `wrapt_timeout_decorator`; a star import binds
 * no name the dependency walk could follow, so keeping it would only add an unused import).
 */
function isScaffolding(statement: PlainNode, source: string): boolean {
  const text = source.slice(statement.start, statement.end);
  if (statement.type === 'import_statement') return /^import\s+pytest\b/.test(text);
  if (statement.type !== 'import_from_statement') return false;
  return (
    statement.children.some((child) => child.type === 'wildcard_import') ||
    /^from\s+(?:pytest\b|cwe_\w+_task\b)/.test(text)
  );
}

function identifierText(node: PlainNode | undefined, source: string): string | undefined {
  return node === undefined ? undefined : source.slice(node.start, node.end);
}

/** The names a top-level statement binds in the module namespace. */
function boundNames(statement: PlainNode, source: string): string[] {
  const definition = statement.type === 'decorated_definition' ? childByField(statement, 'definition') : statement;
  if (definition?.type === 'function_definition' || definition?.type === 'class_definition') {
    const name = identifierText(childByField(definition, 'name'), source);
    return name === undefined ? [] : [name];
  }
  if (statement.type === 'import_statement' || statement.type === 'import_from_statement') {
    return namedChildren(statement)
      .filter((child) => child.field === 'name')
      .flatMap((child) => {
        // `import a as b` and `from m import a as b` bind b; `import a.b` binds a; `from m import a` binds a.
        const alias = child.type === 'aliased_import' ? childByField(child, 'alias') : undefined;
        const dotted = child.type === 'aliased_import' ? childByField(child, 'name') : child;
        const name = alias ?? dotted?.children.find((part) => part.type === 'identifier');
        const text = identifierText(name, source);
        return text === undefined ? [] : [text];
      });
  }
  if (statement.type === 'expression_statement') {
    return statement.children
      .filter((child) => child.type === 'assignment' || child.type === 'augmented_assignment')
      .flatMap((assignment) => assignedNames(childByField(assignment, 'left'), source));
  }
  return [];
}

/** `x = …`, `a, (b, c) = …` bind names; `obj.x = …` and `table[k] = …` write into an object that exists already. */
function assignedNames(target: PlainNode | undefined, source: string): string[] {
  if (target === undefined || target.type === 'attribute' || target.type === 'subscript') return [];
  if (target.type === 'identifier') return [source.slice(target.start, target.end)];
  return namedChildren(target).flatMap((child) => assignedNames(child, source));
}

/** Whether an identifier names a value rather than an attribute (`os.path`'s `path`) or a keyword (`mode=`). */
function isRead(node: PlainNode): boolean {
  if (node.parent?.type === 'attribute' && node.field === 'attribute') return false;
  return !(node.parent?.type === 'keyword_argument' && node.field === 'name');
}

/** `x`, `x: int`, `x=1`, `x: int = 1`, `*x`, `**x`: the parameter's own name. */
function parameterName(parameter: PlainNode): PlainNode | undefined {
  if (parameter.type === 'identifier') return parameter;
  const named = childByField(parameter, 'name');
  if (named !== undefined) return named;
  for (const child of parameter.children) {
    if (child.type === 'identifier') return child;
    if (child.type === 'list_splat_pattern' || child.type === 'dictionary_splat_pattern')
      return child.children.find((part) => part.type === 'identifier');
  }
  return undefined;
}

/** Names a function binds itself (parameters, assignment, loop and `as` targets): they never refer to the module. */
function localNames(definition: PlainNode, source: string): Set<string> {
  const locals = new Set<string>();
  const targets: PlainNode[] = [];
  const pending = [definition];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    if (current.field === 'parameters') {
      // A parameter's annotation and default are read in the enclosing scope; only its name is local.
      for (const parameter of namedChildren(current)) {
        const name = parameterName(parameter);
        if (name !== undefined) targets.push(name);
      }
      continue;
    }
    if (current.type === 'assignment' || current.type === 'for_statement') {
      const left = childByField(current, 'left');
      if (left !== undefined) targets.push(left);
    }
    if (current.type === 'as_pattern') {
      const alias = childByField(current, 'alias');
      if (alias !== undefined) targets.push(alias);
    }
    pending.push(...current.children);
  }
  for (const target of targets) for (const name of assignedNames(target, source)) locals.add(name);
  return locals;
}

/** The module-level names a top-level statement reads. */
function freeNames(statement: PlainNode, source: string): string[] {
  const definition = statement.type === 'decorated_definition' ? childByField(statement, 'definition') : statement;
  const locals = definition?.type === 'function_definition' ? localNames(definition, source) : new Set<string>();
  const names: string[] = [];
  const pending = [statement];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    if (current.type === 'identifier' && isRead(current)) {
      const name = source.slice(current.start, current.end);
      if (!locals.has(name)) names.push(name);
    }
    pending.push(...current.children);
  }
  return names;
}

/**
 * Every insecure variant of a CWEval test file as its own module: the top-level statements the variant needs,
 * transitively (an import, a constant table, a helper and what that helper needs), in the file's order, then nothing
 * else. Pure; a file without variants gives an empty list.
 */
export function extractUnsafeVariants(testSource: string): UnsafeVariant[] {
  const { root } = toPlainTree(parsePython(testSource));
  const statements = namedChildren(root).filter((statement) => !isScaffolding(statement, testSource));
  const binders = new Map<string, PlainNode[]>();
  for (const statement of statements) {
    for (const name of boundNames(statement, testSource)) binders.set(name, [...(binders.get(name) ?? []), statement]);
  }
  const variants = statements.filter((statement) => {
    const definition = statement.type === 'decorated_definition' ? childByField(statement, 'definition') : statement;
    return (
      definition?.type === 'function_definition' &&
      unsafeName.test(identifierText(childByField(definition, 'name'), testSource) ?? '')
    );
  });
  return variants.map((variant) => {
    const needed = new Set<PlainNode>([variant]);
    const pending = [variant];
    for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
      for (const name of freeNames(current, testSource)) {
        for (const binder of binders.get(name) ?? []) {
          if (needed.has(binder)) continue;
          needed.add(binder);
          pending.push(binder);
        }
      }
    }
    const text = statements
      .filter((statement) => needed.has(statement))
      .map((statement) => testSource.slice(statement.start, statement.end))
      .join('\n\n');
    return { name: boundNames(variant, testSource)[0] ?? 'unsafe', text: `${text}\n` };
  });
}

/**
 * The CWEval corpus from the datasets folder (../shared/datasets, FDSP_SHARED or FDSP_DATASETS): per task its secure
 * reference and its unsafe variants, each with the task's CWE as target. Ids end in `.py` and are unique per module.
 */
export async function loadCwevalCorpus(
  directory = resolveDatasetsDirectory(undefined).directory,
): Promise<CwevalSample[]> {
  const dataset = await loadDataset('cweval', directory);
  return dataset.tasks.flatMap((task) => {
    const targetCwe = task.cwe ?? 0;
    const secure: CwevalSample = {
      id: `cweval/${task.id}/secure.py`,
      path: `${task.id}_task.py`,
      task: task.id,
      variant: 'secure',
      targetCwe,
      vulnerable: false,
      text: task.referenceCode ?? '',
    };
    const unsafe = extractUnsafeVariants(task.unitTest?.text ?? '').map((variant): CwevalSample => ({
      id: `cweval/${task.id}/${variant.name}.py`,
      path: task.unitTest?.path ?? `${task.id}_test.py`,
      task: task.id,
      variant: variant.name,
      targetCwe,
      vulnerable: true,
      text: variant.text,
    }));
    return [secure, ...unsafe];
  });
}
