// Pure text → record splitting with line numbers, so every malformed record can be reported where it sits.
import type { DatasetProblem } from './types.js';

export type JsonParseResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

export function safeParseJson(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error: unknown) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export interface SourceRecord {
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly value: unknown;
}

export interface SplitResult {
  readonly records: readonly SourceRecord[];
  readonly problems: readonly DatasetProblem[];
}

/** One JSON value per non-blank line. */
export function splitJsonLines(text: string, file: string): SplitResult {
  const records: SourceRecord[] = [];
  const problems: DatasetProblem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((content, index) => {
    if (content.trim() === '') return;
    const parsed = safeParseJson(content);
    if (parsed.ok) records.push({ line: index + 1, value: parsed.value });
    else problems.push({ file, line: index + 1, message: `invalid JSON: ${parsed.message}` });
  });
  return { records, problems };
}

/**
 * A top-level JSON array, element by element: one broken element is reported at its line and the rest still load.
 * Element boundaries are found by a small scanner that tracks strings and nesting depth.
 */
export function splitJsonArray(text: string, file: string): SplitResult {
  const start = text.search(/\S/);
  if (start === -1 || text[start] !== '[') {
    return { records: [], problems: [{ file, line: 1, message: 'expected a JSON array' }] };
  }
  const records: SourceRecord[] = [];
  const problems: DatasetProblem[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let elementStart = -1;
  let line = lineAt(text, start);
  let elementLine = line;
  const finishElement = (end: number): void => {
    if (elementStart === -1) return;
    const slice = text.slice(elementStart, end);
    if (slice.trim() !== '') {
      const parsed = safeParseJson(slice);
      if (parsed.ok) records.push({ line: elementLine, value: parsed.value });
      else problems.push({ file, line: elementLine, message: `invalid JSON: ${parsed.message}` });
    }
    elementStart = -1;
  };
  for (let index = start + 1; index < text.length; index += 1) {
    const character = text[index];
    if (character === '\n') line += 1;
    if (inString) {
      if (escaped) escaped = false;
      else if (character === '\\') escaped = true;
      else if (character === '"') inString = false;
      continue;
    }
    if (depth === 0 && (character === ',' || character === ']')) {
      finishElement(index);
      if (character === ']') {
        if (text.slice(index + 1).trim() !== '') {
          problems.push({ file, line, message: 'unexpected text after the closing bracket' });
        }
        return { records, problems };
      }
      continue;
    }
    if (elementStart === -1 && character !== undefined && /\S/.test(character)) {
      elementStart = index;
      elementLine = line;
    }
    if (character === '"') inString = true;
    else if (character === '{' || character === '[') depth += 1;
    else if (character === '}' || character === ']') depth -= 1;
  }
  finishElement(text.length);
  problems.push({ file, line, message: 'unterminated JSON array' });
  return { records, problems };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index += 1) if (text[index] === '\n') line += 1;
  return line;
}

export interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

/** RFC 4180 CSV (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let rowLine = 1;
  const endRow = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charAt(index);
    if (character === '\n') line += 1;
    if (inQuotes) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') inQuotes = false;
      else field += character;
    } else if (character === '"') inQuotes = true;
    else if (character === ',') {
      fields.push(field);
      field = '';
    } else if (character === '\n') {
      endRow();
      rowLine = line;
    } else if (character !== '\r') field += character;
  }
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}

/** `CWE-089_x`, `CWE-89`, `cwe_89`, or a bare number → 89. */
export function parseCwe(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const match = /^(?:cwe[-_ ]?)?0*(\d+)/i.exec(value.trim());
  if (!match?.[1]) return undefined;
  const number = Number(match[1]);
  return number > 0 ? number : undefined;
}
