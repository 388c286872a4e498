// Finding and reading the project configuration: from the working directory upwards, the first directory holding a
// `.fdsp.toml`, or a `pyproject.toml` with a `[tool.fdsp]` table, is the project root (`.fdsp.toml` wins when a
// directory has both, as ruff.toml does over pyproject.toml). TOML is parsed by smol-toml (spec-complete, no
// dependencies) rather than by hand; the values are checked by the zod schema, and a bad file is an error that names
// the file, the key and what is allowed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { parse as parseToml, TomlError } from 'smol-toml';
import type { z } from 'zod';

import { FdspError, errorMessage } from '../errors/index.js';
import { allowedValues, projectConfigSchema, type ProjectConfigFile } from './schema.js';

export interface LoadedConfig {
  /** Absolute path of the file the values came from, or undefined when there is none. */
  readonly file: string | undefined;
  /** `[tool.fdsp]` for pyproject.toml, the whole file for .fdsp.toml: how messages name a key. */
  readonly table: string;
  /** The directory relative config paths (globs, baseline, tests) are read against. */
  readonly root: string;
  readonly values: ProjectConfigFile;
}

function readToml(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    throw new FdspError('CONFIG_INVALID', `cannot read ${file}: ${errorMessage(error)}`);
  }
  try {
    return parseToml(text);
  } catch (error: unknown) {
    const where = error instanceof TomlError ? ` (line ${String(error.line)})` : '';
    throw new FdspError(
      'CONFIG_INVALID',
      `${file}${where} is not valid TOML: ${errorMessage(error).split('\n')[0] ?? ''}`,
      {
        hint: 'fix the TOML syntax (https://toml.io)',
      },
    );
  }
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The `[tool.fdsp]` table of a pyproject.toml, or undefined when it has none. */
function pyprojectTable(file: string): Record<string, unknown> | undefined {
  const tool = readToml(file).tool;
  if (!isTable(tool)) return undefined;
  const table = tool.fdsp;
  if (table === undefined) return undefined;
  if (!isTable(table)) throw new FdspError('CONFIG_INVALID', `${file}: tool.fdsp must be a table ([tool.fdsp])`);
  return table;
}

/** One zod issue as "file: [tool.fdsp] key: what is wrong; allowed: …". */
export function describeIssue(file: string, table: string, issue: z.core.$ZodIssue): FdspError {
  const keyPath = issue.path.map(String).join('.');
  const prefix = `${file}: ${table === '' ? '' : `${table} `}`;
  if (issue.code === 'unrecognized_keys') {
    const parent = keyPath === '' ? '' : `${keyPath}.`;
    const unknown = issue.keys.map((key) => `${parent}${key}`).join(', ');
    const known = Object.keys(allowedValues)
      .filter((key) => (parent === '' ? !key.includes('.') : key.startsWith(parent)))
      .map((key) => key.slice(parent.length));
    return new FdspError('CONFIG_INVALID', `${prefix}unknown key ${unknown}`, {
      hint: `allowed keys: ${known.join(', ')}`,
    });
  }
  const topKey = keyPath.replace(/\.\d+$/, '');
  const allowed = allowedValues[topKey] ?? allowedValues[String(issue.path[0] ?? '')] ?? 'see fdsp config show --help';
  return new FdspError('CONFIG_INVALID', `${prefix}bad value for ${keyPath}: ${issue.message}`, {
    hint: `allowed: ${allowed}`,
  });
}

export function validateConfig(file: string, table: string, raw: unknown): ProjectConfigFile {
  const parsed = projectConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  if (first === undefined) throw new FdspError('CONFIG_INVALID', `${file}: invalid configuration`);
  throw describeIssue(file, table, first);
}

/** The configuration file for `cwd`, read and checked; `explicit` (FDSP_CONFIG) skips discovery. */
export function loadProjectConfig(cwd: string = process.cwd(), explicit?: string): LoadedConfig {
  if (explicit !== undefined && explicit !== '') {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new FdspError('CONFIG_INVALID', `no configuration file at ${file}`);
    return loadFile(file);
  }
  let directory = path.resolve(cwd);
  for (;;) {
    const dotfile = path.join(directory, '.fdsp.toml');
    if (existsSync(dotfile)) return loadFile(dotfile);
    const pyproject = path.join(directory, 'pyproject.toml');
    if (existsSync(pyproject) && pyprojectTable(pyproject) !== undefined) return loadFile(pyproject);
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return { file: undefined, table: '', root: path.resolve(cwd), values: {} };
}

function loadFile(file: string): LoadedConfig {
  const isPyproject = path.basename(file) === 'pyproject.toml';
  const table = isPyproject ? '[tool.fdsp]' : '';
  const raw = isPyproject ? (pyprojectTable(file) ?? {}) : readToml(file);
  return { file, table, root: path.dirname(file), values: validateConfig(file, table, raw) };
}
