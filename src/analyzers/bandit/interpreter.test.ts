import { describe, expect, it } from 'vitest';

import { interpreterFromShebang, resolveBanditPython } from './interpreter.js';

describe('interpreterFromShebang', () => {
  it('reads direct interpreters with or without a space', () => {
    expect(interpreterFromShebang('#! /usr/bin/python3', '')).toBe('/usr/bin/python3');
    expect(interpreterFromShebang('#!/root/.local/pipx/venvs/bandit/bin/python', '')).toBe(
      '/root/.local/pipx/venvs/bandit/bin/python',
    );
  });

  it('resolves env shebangs through PATH and skips env flags', () => {
    expect(interpreterFromShebang('#!/usr/bin/env python3', '/usr/bin')).toBe('/usr/bin/python3');
    expect(interpreterFromShebang('#!/usr/bin/env -S python3 -I', '/usr/bin')).toBe('/usr/bin/python3');
    expect(interpreterFromShebang('#!/usr/bin/env nonexistent-python', '/usr/bin')).toBeUndefined();
  });

  it('rejects lines that are not shebangs', () => {
    expect(interpreterFromShebang('import sys', '/usr/bin')).toBeUndefined();
  });

  it('prefers FDSP_BANDIT_PYTHON, else the bandit script on PATH', () => {
    expect(resolveBanditPython({ FDSP_BANDIT_PYTHON: '/opt/py', PATH: '/usr/bin' })).toBe('/opt/py');
    expect(resolveBanditPython({ PATH: '/nonexistent' })).toBe('python3');
    expect(resolveBanditPython({ PATH: '/usr/bin' })).toMatch(/python/);
  });
});
