// The shapes LLM answers take that Python rejects, as pure wrappers of a program's lines: the recovery tests and
// `npm run eval:recovery` both use them. `offset` is how many lines the wrapper puts before the program's first line.

export interface BrokenShape {
  readonly name: string;
  /** The edit reasons recovery is expected to use on it. */
  readonly reasons: readonly string[];
  readonly offset: number;
  wrap(code: readonly string[]): string[];
}

export const brokenShapes: readonly BrokenShape[] = [
  { name: 'fence', reasons: ['outside-fence'], offset: 1, wrap: (code) => ['```python', ...code, '```'] },
  {
    name: 'prose before',
    reasons: ['prose'],
    offset: 2,
    wrap: (code) => ['Here is the corrected code:', '', ...code],
  },
  {
    name: 'prose after',
    reasons: ['prose'],
    offset: 0,
    wrap: (code) => [...code, '', 'This version validates the input, so it is secure now.', 'It keeps the route.'],
  },
  {
    name: 'uniform indent',
    reasons: ['indent'],
    offset: 0,
    wrap: (code) => code.map((line) => (line.trim() === '' ? line : `    ${line}`)),
  },
  {
    name: 'space on line 1',
    reasons: ['indent'],
    offset: 0,
    wrap: (code) => {
      const first = code.findIndex((line) => line.trim() !== '');
      return code.map((line, index) => (index === first ? ` ${line}` : line));
    },
  },
  { name: 'python 2 print', reasons: ['python2-print'], offset: 0, wrap: (code) => [...code, 'print "done"'] },
  {
    name: 'fence in prose',
    reasons: ['outside-fence'],
    offset: 3,
    wrap: (code) => [
      'Sure! The problem was the unchecked input.',
      '',
      '```python',
      ...code,
      '```',
      '',
      'Explanation:',
      '- The value is now handled safely.',
    ],
  },
  {
    name: 'unclosed bracket in prose',
    reasons: ['prose'],
    offset: 1,
    wrap: (code) => ['Updated code (the value now comes from the request:', ...code],
  },
];
