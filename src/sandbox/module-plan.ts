// Decides under which module names the candidate must be importable for a given unit test. Pure.
import { standardLibraryModules, thirdPartyModules } from './python-modules.js';

/**
 * `import`: the test imports the code under test (`import your_module`, `from app import app`), so the candidate
 * is its own module and the test a second one. `top-level`: the test calls the code's names bare, as if both sat in
 * one file, so they share one namespace (also reachable as `__main__`).
 */
export type ModuleLayout = 'import' | 'top-level';

/** How the test reaches the code under test; one test can use several. */
export type ImportStyle = 'import' | 'from-import' | 'star-import' | 'patch-target' | 'bare-names';

export interface ModulePlan {
  readonly layout: ModuleLayout;
  /** Names to register the candidate under, first one primary; empty for `top-level` without patch targets. */
  readonly moduleNames: readonly string[];
  readonly styles: readonly ImportStyle[];
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isForeignModule(name: string): boolean {
  return (
    standardLibraryModules.has(name) ||
    thirdPartyModules.has(name) ||
    name === '__main__' ||
    name === 'builtins' ||
    !identifier.test(name)
  );
}

/** pytest when the file imports pytest and defines no unittest.TestCase subclass; unittest otherwise. */
export function detectFramework(testSource: string): 'unittest' | 'pytest' {
  const importsPytest = /^\s*(import\s+pytest\b|from\s+pytest\b)/m.test(testSource);
  const testCase = /^class\s+\w+\s*\([^)]*TestCase[^)]*\)/m.test(testSource);
  return importsPytest && !testCase ? 'pytest' : 'unittest';
}

export function planModules(testSource: string): ModulePlan {
  const imported = new Map<string, ImportStyle>();
  const referenced = new Map<string, ImportStyle>();
  const note = (target: Map<string, ImportStyle>, dotted: string, style: ImportStyle): void => {
    const name = dotted.trim().split('.')[0] ?? '';
    if (!isForeignModule(name) && !target.has(name)) target.set(name, style);
  };

  for (const line of testSource.split(/\r?\n/)) {
    const code = line.replace(/#.*$/, '');
    const fromImport = /^\s*from\s+([A-Za-z_][\w.]*)\s+import\s+(.*)$/.exec(code);
    if (fromImport?.[1] !== undefined) {
      note(imported, fromImport[1], /^\(?\s*\*/.test(fromImport[2] ?? '') ? 'star-import' : 'from-import');
      continue;
    }
    const plainImport = /^\s*import\s+(.+)$/.exec(code);
    if (plainImport?.[1] !== undefined) {
      for (const part of plainImport[1].split(',')) note(imported, part.replace(/\s+as\s+\w+\s*$/, ''), 'import');
    }
  }
  // patch('your_module.requests.get'), patch.multiple('app', …), mock.patch.dict('app.config', …)
  for (const match of testSource.matchAll(
    /patch(?:\.multiple|\.dict)?\(\s*(?:target\s*=\s*)?['"]([A-Za-z_][\w.]*)['"]/g,
  )) {
    if (match[1] !== undefined) note(referenced, match[1], 'patch-target');
  }

  const names = [...imported.keys(), ...[...referenced.keys()].filter((name) => !imported.has(name))];
  const styles = new Set<ImportStyle>([...imported.values(), ...referenced.values()]);
  if (imported.size === 0) styles.add('bare-names');
  return { layout: imported.size > 0 ? 'import' : 'top-level', moduleNames: names, styles: [...styles] };
}
