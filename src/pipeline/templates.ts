// Prompt templates: versioned files under `prompts/<version>/`, overridable per template from a user folder. The
// effective set is hashed so every trace names the exact wording it used.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { FdspError } from '../errors/index.js';
import { templateNames, type TemplateName } from '../strategies/types.js';
import { packageRoot } from '../support/package-root.js';

export const defaultPromptVersion = 'v1';

export interface PromptSet {
  readonly version: string;
  /** `v1` or `v1+custom-<hash>`: changes whenever any effective template's text changes. */
  readonly id: string;
  readonly templates: Readonly<Record<TemplateName, string>>;
  readonly overridden: readonly TemplateName[];
}

export interface PromptSetOptions {
  readonly version?: string;
  /** A folder of `<template>.txt` files that replace the shipped ones. */
  readonly directory?: string;
}

function isTemplateName(name: string): name is TemplateName {
  return (templateNames as readonly string[]).includes(name);
}

export function loadPromptSet(options: PromptSetOptions = {}): PromptSet {
  const version = options.version ?? defaultPromptVersion;
  const shippedDirectory = path.join(packageRoot(), 'prompts', version);
  if (!existsSync(shippedDirectory)) {
    throw new FdspError('CONFIG_INVALID', `unknown prompt version "${version}"`, {
      hint: `the shipped versions are the folders under ${path.join(packageRoot(), 'prompts')}`,
    });
  }
  const overrides = new Map<TemplateName, string>();
  if (options.directory !== undefined) {
    if (!existsSync(options.directory)) {
      throw new FdspError('PATH_NOT_FOUND', `prompt folder ${options.directory} does not exist`);
    }
    for (const file of readdirSync(options.directory)) {
      if (!file.endsWith('.txt')) continue;
      const name = file.slice(0, -'.txt'.length);
      if (!isTemplateName(name)) {
        throw new FdspError('CONFIG_INVALID', `prompt override ${file} matches no template`, {
          hint: `template names: ${templateNames.join(', ')}`,
        });
      }
      overrides.set(name, readFileSync(path.join(options.directory, file), 'utf8'));
    }
  }
  const entries = templateNames.map((name): [TemplateName, string] => [
    name,
    overrides.get(name) ?? readFileSync(path.join(shippedDirectory, `${name}.txt`), 'utf8'),
  ]);
  const templates = Object.fromEntries(entries) as Record<TemplateName, string>;
  const hash = createHash('sha256');
  for (const [name, text] of entries) hash.update(`${name}\0${text}\0`);
  const overridden = [...overrides.keys()];
  return {
    version,
    id: overridden.length === 0 ? version : `${version}+custom-${hash.digest('hex').slice(0, 12)}`,
    templates,
    overridden,
  };
}

/** Fill `{{name}}` placeholders. A placeholder without a value is a template error, not an empty string. */
export function renderTemplate(
  name: TemplateName,
  template: string,
  variables: Readonly<Record<string, string>>,
): string {
  return template.replace(/\{\{\s*([a-z][a-z0-9-]*)\s*\}\}/gi, (_match, key: string) => {
    const value = variables[key];
    if (value === undefined) {
      throw new FdspError('CONFIG_INVALID', `prompt template ${name} uses {{${key}}}, which it is not given`, {
        hint: 'see prompts/README.md for the placeholders each template receives',
      });
    }
    return value;
  });
}
