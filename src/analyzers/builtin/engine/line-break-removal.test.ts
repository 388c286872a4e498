import { describe, expect, it } from 'vitest';

import { scanSource } from '../builtin-analyzer.js';
import { carriageReturnRemoved, lineFeedRemoved } from '../taint.js';
import { pythonStringValue, replacedLineBreaks, substitutedLineBreaks } from './line-break-removal.js';

const both = lineFeedRemoved | carriageReturnRemoved;

describe('pythonStringValue', () => {
  it('reads escapes of a plain literal and keeps a raw one as written', () => {
    expect(pythonStringValue(String.raw`'\r\n'`)).toBe('\r\n');
    expect(pythonStringValue(String.raw`r'[\r\n]'`)).toBe(String.raw`[\r\n]`);
    expect(pythonStringValue(String.raw`"\x0a"`)).toBe('\n');
    expect(pythonStringValue(`"""a\nb"""`)).toBe('a\nb');
  });
  it('does not read an f-string', () => {
    expect(pythonStringValue(`f'{x}\\n'`)).toBeUndefined();
  });
});

describe('replacedLineBreaks', () => {
  it('a single terminator replaced by text without one is gone everywhere', () => {
    expect(replacedLineBreaks('\n', '')).toBe(lineFeedRemoved);
    expect(replacedLineBreaks('\r', ' ')).toBe(carriageReturnRemoved);
  });
  it('the CRLF pair leaves lone CR and LF in place', () => {
    expect(replacedLineBreaks('\r\n', '')).toBe(0);
  });
  it('a replacement that brings a line break back removes nothing', () => {
    expect(replacedLineBreaks('\r', '\n')).toBe(0);
    expect(replacedLineBreaks('\n', undefined)).toBe(0);
  });
});

describe('substitutedLineBreaks', () => {
  it('a class, an alternation, \\s or an allow-list removes both', () => {
    expect(substitutedLineBreaks(String.raw`[\r\n]`, '')).toBe(both);
    expect(substitutedLineBreaks(String.raw`\r|\n`, '')).toBe(both);
    expect(substitutedLineBreaks(String.raw`\s+`, ' ')).toBe(both);
    expect(substitutedLineBreaks('[^A-Za-z0-9 _-]', '')).toBe(both);
  });
  it('an optional CR before LF removes every LF but not a lone CR', () => {
    expect(substitutedLineBreaks(String.raw`\r?\n`, ' ')).toBe(lineFeedRemoved);
  });
  it('the CRLF pair, an anchored or context-dependent pattern removes nothing it can be sure of', () => {
    expect(substitutedLineBreaks(String.raw`\r\n`, '')).toBe(0);
    expect(substitutedLineBreaks(String.raw`\n$`, '')).toBe(0);
    expect(substitutedLineBreaks(String.raw`\n(?=x)`, '')).toBe(0);
    expect(substitutedLineBreaks('[a-z', '')).toBe(0);
  });
  it('reads Python-only spellings', () => {
    expect(substitutedLineBreaks(String.raw`(?P<eol>[\r\n])`, '')).toBe(both);
    expect(substitutedLineBreaks(String.raw`(?i)[^a-z]`, '')).toBe(both);
  });
});

const handler = (cleaning: string): string =>
  `import logging, re\nfrom flask import Flask, request, Response\napp = Flask(__name__)\n@app.route('/l')\ndef l():\n    name = ${cleaning}\n    logging.info('user ' + name)\n    r = Response('ok')\n    r.headers['X-User'] = name\n    return r\n`;
const rules = (code: string): string[] => scanSource('example.py', code).map((finding) => finding.ruleId);

describe('line-break removal in handlers', () => {
  it.each([
    ["request.args['u'].replace('\\r\\n', '')"],
    ["re.sub(r'\\r\\n', '', request.args['u'])"],
    ["re.sub(r'[\\r\\n]', '', request.args['u'], 1)"],
    ["request.args['u'].replace('\\n', '')"],
  ])('%s leaves a lone terminator: log and header injection stay', (cleaning) => {
    const found = rules(handler(cleaning));
    expect(found).toContain('FDSP-PY-LOG-001');
    expect(found).toContain('FDSP-PY-HEADER-001');
  });
  it.each([
    ["request.args['u'].replace('\\r', '').replace('\\n', '')"],
    ["re.sub(r'[\\r\\n]', '', request.args['u'])"],
    ["re.sub(r'[^A-Za-z0-9_-]', '', request.args['u'])"],
    ["re.sub(r'\\s+', ' ', request.args['u'])"],
  ])('%s removes both: quiet', (cleaning) => {
    const found = rules(handler(cleaning));
    expect(found).not.toContain('FDSP-PY-LOG-001');
    expect(found).not.toContain('FDSP-PY-HEADER-001');
  });
});
