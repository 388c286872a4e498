import { describe, expect, it } from 'vitest';

import type { RecoveryEdit } from '../types.js';
import {
  applyEdit,
  fenceEdits,
  isProseLike,
  nextEdit,
  recoveredText,
  rewritePython2Print,
  splitLines,
} from './recovery-policy.js';

describe('isProseLike', () => {
  it.each([
    'Here is the fixed code:',
    "Here's the corrected version, which doesn't trust the input:",
    'This code is now secure because it uses `subprocess.run` with a list.',
    'Explanation:',
    'Fixed code:',
    '- The value is now validated against an allow-list.',
    '1. Use parameterized queries (e.g., with sqlite3).',
    '```python',
    '~~~',
    'secure because the input is never passed to a shell',
    '**Explanation:**',
    '**Note**: the key now comes from the environment.',
    'Replace `x = eval(data)` with `x = json.loads(data)` to avoid code execution.',
  ])('reads %j as prose', (line) => {
    expect(isProseLike(line)).toBe(true);
  });

  it.each([
    'retrun value',
    'improt os',
    'from flask import Flask request',
    'for i in range(10)',
    'if x = 3:',
    'else if ready:',
    'def f(x) return x',
    'print "hello"',
    'app.run(debug=True',
    'x = = 3',
    '# A comment that reads like a sentence, as comments do.',
    'return the value to the caller',
    '',
    'output',
  ])('reads %j as code (perhaps with a typo)', (line) => {
    expect(isProseLike(line)).toBe(false);
  });
});

describe('rewritePython2Print', () => {
  it('turns a print statement into the call, keeping indentation and a CRLF ending', () => {
    expect(rewritePython2Print('    print "x", y')).toBe('    print("x", y)');
    expect(rewritePython2Print('print "a" % b,\r')).toBe('print("a" % b)\r');
    expect(rewritePython2Print('  print >>sys.stderr, "x"')).toBe('  pass');
  });

  it('leaves Python 3 calls and names alone', () => {
    expect(rewritePython2Print('print("x")')).toBeUndefined();
    expect(rewritePython2Print('print (x)')).toBeUndefined();
    expect(rewritePython2Print('print = log')).toBeUndefined();
    expect(rewritePython2Print('print')).toBeUndefined();
  });
});

describe('fenceEdits', () => {
  it('blanks everything outside the fenced blocks, the fences included', () => {
    const lines = splitLines('Intro:\n\n```python\nimport os\n```\nOutro.\n```py\nx = 1\n```\n');
    expect(fenceEdits(lines)).toEqual([
      { kind: 'blank', reason: 'outside-fence', startLine: 1, endLine: 3 },
      { kind: 'blank', reason: 'outside-fence', startLine: 5, endLine: 7 },
      { kind: 'blank', reason: 'outside-fence', startLine: 9, endLine: 9 },
    ]);
  });

  it('blanks a block tagged with another language (a shell command) with the prose', () => {
    const lines = splitLines('```Python\nimport os\n```\nInstall it:\n```bash\npip install flask\n```\n');
    expect(fenceEdits(lines)).toEqual([
      { kind: 'blank', reason: 'outside-fence', startLine: 1, endLine: 1 },
      { kind: 'blank', reason: 'outside-fence', startLine: 3, endLine: 7 },
    ]);
  });

  it('runs an unclosed block to the end, and does nothing without a fence or without code inside one', () => {
    expect(fenceEdits(splitLines('Code:\n```python\nimport os\nos.getcwd()\n'))).toEqual([
      { kind: 'blank', reason: 'outside-fence', startLine: 1, endLine: 2 },
    ]);
    expect(fenceEdits(splitLines('import os\nHello there friend.\n'))).toEqual([]);
    expect(fenceEdits(splitLines('Text\n```\n\n```\nmore text\n'))).toEqual([]);
  });
});

describe('nextEdit', () => {
  const indent = 'IndentationError: unexpected indent';
  const invalid = 'SyntaxError: invalid syntax';
  const dedent = (startLine: number, endLine: number, columns: number): RecoveryEdit => ({
    kind: 'dedent',
    reason: 'indent',
    startLine,
    endLine,
    columns,
  });

  it.each<[string, string, string, number, RecoveryEdit | undefined]>([
    [
      'the indentation every line shares',
      '\n    import os\n    def f():\n        return 1\n',
      indent,
      2,
      dedent(1, 4, 4),
    ],
    [
      'the indentation of a Markdown indented code block between sentences at the margin',
      '\n    import os\n    os.getcwd()\n\nIt is safe now.\n',
      indent,
      2,
      dedent(1, 5, 4),
    ],
    [
      'the indentation the code shares when a comment at the margin comes first',
      '# the app\n    import os\n  # note\n    os.getcwd()\n',
      indent,
      2,
      dedent(1, 4, 4),
    ],
    [
      "only the first line's indentation when the others do not share it",
      ' import os\nos.getcwd()\n',
      indent,
      1,
      dedent(1, 1, 1),
    ],
    [
      'nothing for an unexpected indent inside the code (a mistake in it)',
      'import os\n    os.getcwd()\n',
      indent,
      2,
      undefined,
    ],
    [
      'the prose paragraph around the error line, not the code next to it',
      'import os\nos.getcwd()\nThis code is safe now.\nIt uses no shell at all.\n',
      invalid,
      3,
      { kind: 'blank', reason: 'prose', startLine: 3, endLine: 4 },
    ],
    [
      'a Python 2 print rewritten',
      'def f():\n    print "x"\n',
      'SyntaxError: Missing parentheses',
      2,
      { kind: 'rewrite', reason: 'python2-print', startLine: 2, endLine: 2 },
    ],
    ['nothing for code with a typo', 'import os\ndef broken(:\n    pass\n', invalid, 2, undefined],
    ['nothing for a line past the end', 'import os\n', invalid, 9, undefined],
  ])('gives %s', (_, text, message, line, expected) => {
    expect(nextEdit(splitLines(text), { ok: false, message, line })).toEqual(expected);
  });

  it('dedents to code Python reads, and gives nothing without a line or for a parse that succeeded', () => {
    const code = splitLines('\n    import os\n    def f():\n        return 1\n');
    expect(applyEdit(code, dedent(1, 4, 4))).toEqual(splitLines('\nimport os\ndef f():\n    return 1\n'));
    expect(nextEdit(code, { ok: false, message: invalid })).toBeUndefined();
    expect(nextEdit(code, { ok: true })).toBeUndefined();
  });
});

describe('recoveredText', () => {
  it('replays the edits on the original text, keeping every line and its number', () => {
    const text = 'Here it is:\r\n```python\r\n  print "x"\r\n  y = 1\r\n```\r\n';
    const recovered = recoveredText(text, {
      edits: [
        { kind: 'blank', reason: 'outside-fence', startLine: 1, endLine: 2 },
        { kind: 'blank', reason: 'outside-fence', startLine: 5, endLine: 5 },
        { kind: 'dedent', reason: 'indent', startLine: 1, endLine: 5, columns: 2 },
        { kind: 'rewrite', reason: 'python2-print', startLine: 3, endLine: 3 },
      ],
    });
    expect(recovered).toBe('\r\n\r\nprint("x")\r\ny = 1\r\n\r\n');
    expect(recovered.split('\n')).toHaveLength(text.split('\n').length);
  });
});
