// include/exclude globs of the project configuration, matched by picomatch (the matcher behind fast-glob, chokidar
// and micromatch) on paths relative to the project root with `/` separators, so one pattern works on every OS.
import path from 'node:path';

import picomatch from 'picomatch';

export interface GlobSelection {
  readonly root: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** A predicate over file paths (absolute or relative to `cwd`): in when it matches an include (or there are none)
 * and neither it nor a folder above it matches an exclude. Files outside the root are judged by their path as given. */
export function selectByGlobs(selection: GlobSelection, cwd: string = process.cwd()): (filePath: string) => boolean {
  const options = { dot: true };
  const included = selection.include.length === 0 ? () => true : picomatch([...selection.include], options);
  const excluded = selection.exclude.length === 0 ? () => false : picomatch([...selection.exclude], options);
  return (filePath: string): boolean => {
    const absolute = path.resolve(cwd, filePath);
    const relative = path.relative(selection.root, absolute);
    const candidate = (relative.startsWith('..') || path.isAbsolute(relative) ? filePath : relative)
      .split(path.sep)
      .join('/');
    // `exclude = ["build"]` leaves out everything under build/, as it does in ruff and Bandit.
    const parts = candidate.split('/');
    const ancestors = parts.slice(1).map((_, index) => parts.slice(0, index + 1).join('/'));
    return included(candidate) && !excluded(candidate) && !ancestors.some((ancestor) => excluded(ancestor));
  };
}
