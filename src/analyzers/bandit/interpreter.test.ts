import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { chooseBanditPython, interpreterFromShebang } from './interpreter.js';

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

  it("prefers --bandit-python, then FDSP_BANDIT_PYTHON, then the engines' venv, then the bandit script on PATH", () => {
    const venv = mkdtempSync(path.join(tmpdir(), 'fdsp-venv-'));
    const none = path.join(venv, 'absent');
    expect(chooseBanditPython({ explicit: '/a/py', environment: { FDSP_BANDIT_PYTHON: '/b/py' }, venv })).toEqual({
      python: '/a/py',
      source: 'option',
    });
    expect(chooseBanditPython({ environment: { FDSP_BANDIT_PYTHON: '/b/py' }, venv })).toEqual({
      python: '/b/py',
      source: 'environment',
    });
    // a venv without Bandit's script is not the engines' venv
    mkdirSync(path.join(venv, 'bin'));
    writeFileSync(path.join(venv, 'bin', 'python'), '#!/bin/sh\n', { mode: 0o755 });
    expect(chooseBanditPython({ environment: { PATH: '/nonexistent' }, venv }).source).toBe('fallback');
    writeFileSync(path.join(venv, 'bin', 'bandit'), '#!/bin/sh\n', { mode: 0o755 });
    expect(chooseBanditPython({ environment: { PATH: '/usr/bin' }, venv })).toEqual({
      python: path.join(venv, 'bin', 'python'),
      source: 'venv',
    });
    expect(chooseBanditPython({ environment: { PATH: '/nonexistent' }, venv: none })).toEqual({
      python: 'python3',
      source: 'fallback',
    });
    expect(chooseBanditPython({ environment: { PATH: '/usr/bin' }, venv: none })).toEqual({
      python: '/usr/bin/python3',
      source: 'bandit-script',
    });
  });
});
