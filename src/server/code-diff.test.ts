import { describe, expect, it } from 'vitest';

import { codeDiff, renderDiff } from './code-diff.js';

describe('codeDiff', () => {
  it('marks removed, added and unchanged lines and escapes them', () => {
    const lines = codeDiff('a = 1\nb = "<script>"\n', 'a = 1\nb = "</textarea>"\n');
    expect(lines).toEqual([
      { kind: 'context', text: 'a = 1' },
      { kind: 'removed', text: 'b = "<script>"' },
      { kind: 'added', text: 'b = "</textarea>"' },
    ]);
    const markup = renderDiff(lines).markup;
    expect(markup).toContain('data-changed-lines="2"');
    expect(markup).not.toMatch(/<script|<\/textarea/);
  });

  it('handles code without a final newline and identical versions', () => {
    expect(codeDiff('x', 'x\ny')).toEqual([
      { kind: 'removed', text: 'x' },
      { kind: 'added', text: 'x' },
      { kind: 'added', text: 'y' },
    ]);
    expect(codeDiff('same\n', 'same\n')).toEqual([{ kind: 'context', text: 'same' }]);
  });
});
