// What a project run scans: the paths named (or the project root when none are and a configuration file exists), or
// with `--changed` the Python files a change touched (within the named paths, if any). The configuration's
// include/exclude globs choose among files found by walking folders or by `--changed`; a file named explicitly is
// always scanned, as in ruff and Bandit.
import path from 'node:path';

import { selectByGlobs, type EffectiveConfig } from '../config/index.js';
import { FdspError } from '../errors/index.js';
import { collectSources, type CollectedSource } from '../sources/index.js';
import { changedPythonFiles } from '../vcs/index.js';

export interface TargetRequest {
  readonly paths: readonly string[];
  /** `--changed` alone is `true`; `--changed REF` is the ref. */
  readonly changed: string | boolean | undefined;
  readonly config: EffectiveConfig;
  readonly cwd: string;
  readonly maxFileBytes: number;
  readonly readStdin?: () => Promise<Buffer>;
}

export interface CollectedTargets {
  readonly collected: CollectedSource[];
  /** With `--changed`: what the files were compared with. */
  readonly changedAgainst?: string;
}

function isWithin(file: string, parents: readonly string[]): boolean {
  return parents.some((parent) => {
    const relative = path.relative(parent, file);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
}

export async function collectTargets(request: TargetRequest): Promise<CollectedTargets> {
  const { config, cwd } = request;
  const keep = selectByGlobs({ root: config.root, include: config.include.value, exclude: config.exclude.value }, cwd);
  const options = {
    maxFileBytes: request.maxFileBytes,
    ...(request.readStdin === undefined ? {} : { readStdin: request.readStdin }),
  };
  if (request.changed !== undefined && request.changed !== false) {
    if (request.paths.includes('-')) throw new FdspError('USAGE', '--changed cannot be combined with stdin (-)');
    const ref = typeof request.changed === 'string' ? request.changed : undefined;
    const changed = await changedPythonFiles(cwd, ref);
    const within = request.paths.map((input) => path.resolve(cwd, input));
    const files = changed.files
      .filter((file) => within.length === 0 || isWithin(file, within))
      .map((file) => path.relative(cwd, file) || file)
      .filter(keep);
    return { collected: await collectSources(files, options), changedAgainst: changed.against };
  }
  let inputs = request.paths;
  if (inputs.length === 0) {
    if (config.file === undefined) {
      throw new FdspError('USAGE', 'no files or folders to scan', {
        hint: 'name them, pass --changed, or add a [tool.fdsp] table to pyproject.toml (or a .fdsp.toml) to scan the project',
      });
    }
    inputs = [path.relative(cwd, config.root) || '.'];
  }
  const explicit = new Set(inputs.map((input) => path.resolve(cwd, input)));
  const collected = await collectSources(inputs, options);
  return {
    collected: collected.filter((item) => {
      const itemPath = item.kind === 'file' ? item.file.path : item.path;
      return item.kind === 'file' && item.file.path === '<stdin>'
        ? true
        : explicit.has(path.resolve(cwd, itemPath)) || keep(itemPath);
    }),
  };
}
