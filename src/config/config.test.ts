import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { FdspError } from '../errors/index.js';
import { loadProjectConfig, renderConfig, resolveConfig, selectByGlobs } from './index.js';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'fdsp-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

function loadError(root: string, cwd = root): FdspError {
  try {
    loadProjectConfig(cwd);
  } catch (error: unknown) {
    if (FdspError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('project configuration', () => {
  it('finds [tool.fdsp] in pyproject.toml from a subfolder, and resolves paths against the project root', () => {
    const root = project({
      'pyproject.toml':
        '[project]\nname = "x"\n\n[tool.fdsp]\nanalyzers = ["builtin"]\npolicy = "precise"\noracle = "both"\n' +
        'baseline = "ci/base.json"\ntests = ["tests/test_app.py"]\n\n[tool.fdsp.bounds]\nrounds = 2\n',
      'src/pkg/mod.py': '',
    });
    const loaded = loadProjectConfig(path.join(root, 'src', 'pkg'));
    expect(loaded.file).toBe(path.join(root, 'pyproject.toml'));
    const config = resolveConfig({ loaded, flags: {}, environment: {}, cwd: path.join(root, 'src') });
    expect(config.analyzers).toEqual({ value: ['builtin'], source: `${loaded.file ?? ''} [tool.fdsp] analyzers` });
    expect(config.policy.value).toBe('precise');
    expect(config.oracle.value).toBe('both');
    expect(config.baseline.value).toBe(path.join(root, 'ci', 'base.json'));
    expect(config.tests.value).toEqual([path.join(root, 'tests', 'test_app.py')]);
    expect(config.rounds.value).toBe(2);
    expect(config.rounds.source).toContain('[tool.fdsp] bounds.rounds');
    expect(config.solutions).toEqual({ value: 3, source: 'default' });
  });

  it('lets flags override the file, then the environment, then defaults, and says which', () => {
    const root = project({ '.fdsp.toml': 'model = "openai:gpt-4"\nstrategy = "agent"\nmin-severity = "medium"\n' });
    const loaded = loadProjectConfig(root);
    const config = resolveConfig({
      loaded,
      flags: { strategy: 'direct', baseline: 'b.json' },
      environment: { FDSP_MODEL: 'ollama:llama3' },
      cwd: path.join(root, 'sub'),
    });
    expect(config.strategy).toEqual({ value: 'direct', source: 'flag --strategy' });
    expect(config.model).toEqual({ value: 'openai:gpt-4', source: `${path.join(root, '.fdsp.toml')} model` });
    expect(config.minSeverity.value).toBe('medium');
    expect(config.baseline.value).toBe(path.join(root, 'sub', 'b.json'));
    const bare = resolveConfig({
      loaded: loadProjectConfig(project({})),
      flags: {},
      environment: { FDSP_MODEL: 'ollama:llama3' },
      cwd: root,
    });
    expect(bare.model).toEqual({ value: 'ollama:llama3', source: 'env FDSP_MODEL' });
    expect(renderConfig(config)).toMatch(/strategy = "direct" +# flag --strategy/);
  });

  it('prefers .fdsp.toml over pyproject.toml in one folder, and skips a pyproject.toml without [tool.fdsp]', () => {
    const both = project({ '.fdsp.toml': 'policy = "precise"\n', 'pyproject.toml': '[tool.fdsp]\npolicy = "study"\n' });
    expect(loadProjectConfig(both).values.policy).toBe('precise');
    const outer = project({
      'pyproject.toml': '[tool.fdsp]\npolicy = "precise"\n',
      'inner/pyproject.toml': '[project]\n',
    });
    expect(loadProjectConfig(path.join(outer, 'inner')).root).toBe(outer);
  });

  it('names the file, the key and the allowed values for an unknown key or a bad value', () => {
    const typo = loadError(project({ 'pyproject.toml': '[tool.fdsp]\npolcy = "study"\n' }));
    expect(typo.code).toBe('CONFIG_INVALID');
    expect(typo.message).toMatch(/pyproject\.toml: \[tool\.fdsp\] unknown key polcy/);
    expect(typo.hint).toContain('policy');
    const bad = loadError(project({ '.fdsp.toml': 'oracle = "vibes"\n' }));
    expect(bad.message).toMatch(/\.fdsp\.toml: bad value for oracle/);
    expect(bad.hint).toBe('allowed: analyzers | tests | both');
    const nested = loadError(project({ '.fdsp.toml': '[bounds]\nrounds = 0\nturns = 1\n' }));
    expect(nested.message).toMatch(/unknown key bounds\.turns|bad value for bounds\.rounds/);
    const analyzer = loadError(project({ '.fdsp.toml': 'analyzers = ["bandit", "nope"]\n' }));
    expect(analyzer.message).toContain('analyzers.1');
    expect(analyzer.hint).toContain('builtin');
    const syntax = loadError(project({ '.fdsp.toml': 'policy = \n' }));
    expect(syntax.message).toMatch(/is not valid TOML/);
  });

  it('selects files by include and exclude globs relative to the root, excluding whole folders', () => {
    const keep = selectByGlobs(
      { root: '/repo', include: ['src/**/*.py'], exclude: ['src/vendor', '**/test_*.py'] },
      '/repo',
    );
    expect(keep('src/app/main.py')).toBe(true);
    expect(keep('/repo/src/vendor/lib/x.py')).toBe(false);
    expect(keep('src/app/test_main.py')).toBe(false);
    expect(keep('scripts/tool.py')).toBe(false);
    expect(selectByGlobs({ root: '/repo', include: [], exclude: [] })('anything.py')).toBe(true);
  });
});
