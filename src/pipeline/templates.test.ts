import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { templateNames } from '../strategies/types.js';
import { loadPromptSet, renderTemplate } from './templates.js';

describe('prompt templates', () => {
  it('ships every template, and the direct prompt quotes the paper', () => {
    const set = loadPromptSet();
    expect(set.id).toBe('v1');
    for (const name of templateNames) expect(set.templates[name].length).toBeGreaterThan(20);
    expect(set.templates.direct).toContain(
      'Does the provided function have a security issue? If yes, please fix the issue.',
    );
  });

  it('renders placeholders and refuses missing ones', () => {
    const set = loadPromptSet();
    const text = renderTemplate('detect', set.templates.detect, { code: 'eval(x)', weakness: 'CWE-95' });
    expect(text).toContain('vulnerable to CWE-95?');
    expect(text).toContain('eval(x)');
    expect(() => renderTemplate('detect', set.templates.detect, { code: 'x' })).toThrow(/weakness/);
  });

  it('takes user overrides, changes the set id, and rejects unknown names', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'fdsp-prompts-'));
    writeFileSync(path.join(directory, 'direct.txt'), 'Fix: {{code}}');
    const set = loadPromptSet({ directory });
    expect(set.templates.direct).toBe('Fix: {{code}}');
    expect(set.overridden).toEqual(['direct']);
    expect(set.id).toMatch(/^v1\+custom-[0-9a-f]{12}$/);
    writeFileSync(path.join(directory, 'drect.txt'), 'typo');
    expect(() => loadPromptSet({ directory })).toThrow(/matches no template/);
  });
});
