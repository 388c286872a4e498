// The modules of one scan as Python would import them: each file's dotted name from its package folders (a folder is
// a package when the scan holds its `__init__.py`; the folder above the top package is the root), the modules each
// one imports (resolved through `project-imports.ts`, preferring the importer's own root when two roots hold the same
// name, as the running program's `sys.path[0]` would), and an order that puts imported modules first. Cycles keep
// the order of the depth-first walk: a module in a cycle sees the summaries computed before it, the rest are unknown.
// Pure: paths and texts in, layout out.
import { createHash } from 'node:crypto';

import { importBindings, importStatements, type ImportBindings, type ModuleName } from './project-imports.js';
import { calleeFirstOrder } from './summaries.js';

export interface ProjectFile {
  readonly path: string;
  readonly text: string;
}

export interface ProjectModule {
  readonly path: string;
  readonly module: ModuleName;
  /** The folder its dotted name is relative to. */
  readonly root: string;
  readonly bindings: ImportBindings;
  /** Indexes (into the scanned files) of the modules of this scan it imports. */
  readonly imports: readonly number[];
}

export interface ProjectLayout {
  readonly modules: readonly ProjectModule[];
  /** Imported modules first. */
  readonly order: readonly number[];
  /** Whether some other module of the scan imports it. */
  readonly imported: readonly boolean[];
  /** The module of a dotted name, seen from `root`. */
  find(name: string, root: string): number | undefined;
}

function normalize(file: string): string {
  return file.replace(/\\/g, '/');
}

function dirname(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

function basename(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function place(file: string, present: ReadonlySet<string>): { module: ModuleName; root: string } {
  const isPackage = basename(file) === '__init__.py';
  const parts = isPackage ? [] : [basename(file).replace(/\.py$/, '')];
  // Climb while the folder is a package of this scan.
  let folder = dirname(file);
  while (folder !== '' && present.has(`${folder}/__init__.py`)) {
    parts.unshift(basename(folder));
    folder = dirname(folder);
  }
  return { module: { name: parts.join('.'), isPackage }, root: folder };
}

export function projectLayout(files: readonly ProjectFile[]): ProjectLayout {
  const paths = files.map((file) => normalize(file.path));
  const present = new Set(paths);
  const placed = paths.map((file) => place(file, present));
  const byName = new Map<string, number[]>();
  placed.forEach((entry, index) => {
    const list = byName.get(entry.module.name) ?? [];
    list.push(index);
    byName.set(entry.module.name, list);
  });
  const find = (name: string, root: string): number | undefined => {
    const list = byName.get(name);
    if (!list) return undefined;
    return list.find((index) => placed[index]?.root === root) ?? (list.length === 1 ? list[0] : undefined);
  };
  const modules = files.map((file, index): ProjectModule => {
    const { module, root } = placed[index] ?? { module: { name: '', isPackage: false }, root: '' };
    const bindings = importBindings(importStatements(file.text), module);
    const imports = new Set<number>();
    for (const candidate of bindings.candidates) {
      const found = find(candidate, root);
      if (found !== undefined && found !== index) imports.add(found);
    }
    return { path: paths[index] ?? file.path, module, root, bindings, imports: [...imports].sort((a, b) => a - b) };
  });
  const imported = modules.map(() => false);
  for (const module of modules) for (const target of module.imports) imported[target] = true;
  const order = calleeFirstOrder(
    modules.map((_, index) => String(index)),
    new Map(modules.map((module, index) => [String(index), module.imports.map(String)])),
  ).map(Number);
  return { modules, order, imported, find };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Per file, the scan cache key of a result that depends on other modules: its own text and dotted name plus the path,
 * name and text of every module it imports, transitively (summaries of an imported module depend on what that one
 * imports). Undefined for a file that imports no module of the scan: its result depends on its text alone, as before.
 */
export function dependencyKeys(files: readonly ProjectFile[], layout: ProjectLayout): (string | undefined)[] {
  const digests = files.map((file) => sha256(file.text));
  return layout.modules.map((module, index) => {
    if (module.imports.length === 0) return undefined;
    const hash = createHash('sha256').update(`cross-module v1\n${module.module.name}\n${digests[index] ?? ''}\n`);
    const members = withDependencies(layout, module.imports).filter((member) => member !== index);
    members.sort((a, b) => (layout.modules[a]?.path ?? '').localeCompare(layout.modules[b]?.path ?? ''));
    for (const member of members) {
      const other = layout.modules[member];
      hash.update(`${other?.path ?? ''}\n${other?.module.name ?? ''}\n${digests[member] ?? ''}\n`);
    }
    return hash.digest('hex');
  });
}

/** A file and every module it imports, transitively: what re-analysing it needs in the same batch. */
export function withDependencies(layout: ProjectLayout, indexes: readonly number[]): number[] {
  const seen = new Set<number>();
  const stack = [...indexes];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined || seen.has(next)) continue;
    seen.add(next);
    stack.push(...(layout.modules[next]?.imports ?? []));
  }
  return [...seen].sort((a, b) => a - b);
}
