// A code version as a line diff against the previous one (jsdiff), rendered as escaped HTML lines.
import { diffLines } from 'diff';

import { html, type SafeHtml } from '../reports/html.js';

export interface DiffLine {
  readonly kind: 'added' | 'removed' | 'context';
  readonly text: string;
}

/** Line-level changes from `before` to `after` (pure). */
export function codeDiff(before: string, after: string): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const part of diffLines(before, after)) {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'context';
    const body = part.value.endsWith('\n') ? part.value.slice(0, -1) : part.value;
    for (const text of body.split('\n')) lines.push({ kind, text });
  }
  return lines;
}

const prefix: Readonly<Record<DiffLine['kind'], string>> = { added: '+', removed: '-', context: ' ' };

export function renderDiff(lines: readonly DiffLine[]): SafeHtml {
  const changed = lines.filter((line) => line.kind !== 'context').length;
  return html`<pre class="diff" data-changed-lines="${changed}">
${lines.map((line) => html`<span class="${line.kind}">${prefix[line.kind]} ${line.text}</span>`)}</pre>`;
}
