// The import statements of one module, read from its text, and what each imported name refers to as an absolute
// dotted name (`from ..utils import check` in `app.views.users` binds `check` → `app.utils.check`). Both the engine's
// cross-module resolution and the scan cache's dependency digest use this one reading, so a cached result can only
// depend on modules this function lists. A line-level reading (not the tree) on purpose: the cache needs it without
// parsing, and over-reading (an `import` line inside a docstring) only adds a dependency, never hides one.

export interface ImportedName {
  readonly name: string;
  /** The local name it is bound to (`as` alias, else the name). */
  readonly local: string;
}

export interface ImportStatement {
  /** Leading dots of a relative import (0 for absolute). */
  readonly level: number;
  /** The module after the dots (`utils` in `from ..utils import x`), '' for `from . import x`. */
  readonly module: string;
  /** `from M import a, b as c`; undefined for `import a.b`. `*` appears as a name. */
  readonly names: readonly ImportedName[] | undefined;
  /** `import a.b as c`: the alias (`c`); undefined binds the head (`a`). */
  readonly alias?: string;
}

const fromPattern = /^from\s+(\.*)\s*([\w.]*)\s+import\s+(.+)$/s;
const importPattern = /^import\s+(.+)$/s;

/** Logical lines: comments dropped, backslash continuations and parenthesized import lists joined, `;` split. */
function logicalStatements(text: string): string[] {
  const statements: string[] = [];
  let pending = '';
  let open = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '');
    const joined = pending === '' ? line.trim() : `${pending} ${line.trim()}`;
    if (joined.endsWith('\\')) {
      pending = joined.slice(0, -1);
      continue;
    }
    if (/^from\s+\.*\s*[\w.]*\s+import\s*\(/.test(joined) && !joined.includes(')')) {
      pending = joined;
      open = true;
      continue;
    }
    if (open && !joined.includes(')')) {
      pending = joined;
      continue;
    }
    open = false;
    pending = '';
    for (const part of joined.split(';')) statements.push(part.trim());
  }
  return statements;
}

const identifier = /^[A-Za-z_]\w*$/;
const dotted = /^[A-Za-z_][\w.]*$/;

export function importStatements(text: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  for (const statement of logicalStatements(text)) {
    const from = fromPattern.exec(statement);
    if (from) {
      const names = (from[3] ?? '')
        .replace(/[()]/g, ' ')
        .split(',')
        .flatMap((entry): ImportedName[] => {
          const [name, alias] = entry.trim().split(/\s+as\s+/);
          if (name === '*') return [{ name, local: '*' }];
          if (!name || !identifier.test(name)) return [];
          return [{ name, local: alias && identifier.test(alias) ? alias : name }];
        });
      found.push({ level: (from[1] ?? '').length, module: from[2] ?? '', names });
      continue;
    }
    const plain = importPattern.exec(statement);
    if (!plain) continue;
    for (const entry of (plain[1] ?? '').split(',')) {
      const [name, alias] = entry.trim().split(/\s+as\s+/);
      if (!name || !dotted.test(name)) continue;
      found.push({
        level: 0,
        module: name,
        names: undefined,
        ...(alias && identifier.test(alias) ? { alias } : {}),
      });
    }
  }
  return found;
}

/** Where a module sits: its dotted name, and whether it is a package's `__init__`. */
export interface ModuleName {
  readonly name: string;
  readonly isPackage: boolean;
}

/** The absolute module a (possibly relative) import names, or undefined when it climbs above the top package. */
export function absoluteModule(statement: ImportStatement, importer: ModuleName): string | undefined {
  if (statement.level === 0) return statement.module;
  const parts = importer.name.split('.');
  const packageParts = importer.isPackage ? parts : parts.slice(0, -1);
  const keep = packageParts.length - (statement.level - 1);
  if (keep <= 0) return undefined;
  const base = packageParts.slice(0, keep).join('.');
  return statement.module === '' ? base : `${base}.${statement.module}`;
}

export interface ImportBindings {
  /** Local name → absolute dotted name of the module or of the name inside it. */
  readonly names: ReadonlyMap<string, string>;
  /** Modules imported with `*`. */
  readonly star: readonly string[];
  /** Every absolute name the module may depend on: imported modules and `module.name` candidates for submodules. */
  readonly candidates: readonly string[];
}

export function importBindings(statements: readonly ImportStatement[], importer: ModuleName): ImportBindings {
  const names = new Map<string, string>();
  const star: string[] = [];
  const candidates: string[] = [];
  for (const statement of statements) {
    const module = absoluteModule(statement, importer);
    if (module === undefined || module === '') continue;
    if (statement.names === undefined) {
      // `import a.b.c` runs a, a.b and a.b.c and binds `a`; with `as c` it binds the module itself.
      const parts = module.split('.');
      for (let length = 1; length <= parts.length; length++) candidates.push(parts.slice(0, length).join('.'));
      if (statement.alias !== undefined) names.set(statement.alias, module);
      else names.set(parts[0] ?? module, parts[0] ?? module);
      continue;
    }
    candidates.push(module);
    for (const entry of statement.names) {
      if (entry.name === '*') {
        star.push(module);
        continue;
      }
      names.set(entry.local, `${module}.${entry.name}`);
      candidates.push(`${module}.${entry.name}`);
    }
  }
  return { names, star, candidates };
}
