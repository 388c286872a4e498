// A validating decorator read the same in the styles careful models write it (entry-checks.ts): the wrapped view
// type-hinted, the wrapper's body inside a try that only re-raises, the request key a module constant.
import { describe, expect, it } from 'vitest';

import { scanSource } from '../index.js';

const rules = (code: string): string[] => scanSource('t.py', code).map((finding) => finding.ruleId);

function app(options: { hint?: boolean; wrapTry?: boolean; checkedKey?: string; key?: string }): string {
  const checked = options.checkedKey ?? "'next'";
  const body = [
    `value = request.args.get(${checked}, '')`,
    "if not value.startswith('/') or value.startswith('//'):",
    '    abort(400)',
    'return view(*args, **kwargs)',
  ];
  const wrapper = options.wrapTry
    ? ['try:', ...body.map((line) => `    ${line}`), 'except Exception:', '    raise']
    : body;
  return [
    'import functools',
    'from flask import Flask, abort, redirect, request',
    'app = Flask(__name__)',
    "NEXT_KEY = 'next'",
    `def local_only(view${options.hint ? ': "Callable"' : ''}):`,
    '    @functools.wraps(view)',
    '    def checked(*args, **kwargs):',
    ...wrapper.map((line) => `        ${line}`),
    '    return checked',
    "@app.route('/go')",
    '@local_only',
    'def go():',
    `    return redirect(request.args.get(${options.key ?? "'next'"}, '/'))`,
    '',
  ].join('\n');
}

describe('a validating decorator in other styles', () => {
  it('is followed with the wrapped view type-hinted', () => {
    expect(rules(app({ hint: true }))).toEqual([]);
  });

  it('is followed with the wrapper body inside a re-raising try', () => {
    expect(rules(app({ wrapTry: true }))).toEqual([]);
  });

  it('is followed when the key is a module constant, at the check or at the use', () => {
    expect(rules(app({ checkedKey: 'NEXT_KEY' }))).toEqual([]);
    expect(rules(app({ key: 'NEXT_KEY' }))).toEqual([]);
  });

  it('covers only the key it checked', () => {
    expect(rules(app({ hint: true, wrapTry: true, checkedKey: "'back'" }))).toContain('FDSP-PY-REDIRECT-001');
  });
});
