// The typed table every report format renders: text cells for labels, value cells for numbers with a unit and an
// optional change (shown in parentheses, as in the papers' tables). Plain data, so JSON output is the table itself.

export type ValueUnit = 'percent' | 'count' | 'ratio';

export interface TextCell {
  readonly kind: 'text';
  readonly text: string;
}

export interface ValueCell {
  readonly kind: 'value';
  /** Percent and ratio values are fractions (0.25 = 25%); null = not measured. */
  readonly value: number | null;
  readonly unit: ValueUnit;
  /** Change against a baseline, same unit (negative = a drop). */
  readonly change?: number | null;
}

export type TableCell = TextCell | ValueCell;

export interface ReportTable {
  /** Stable id, used for anchors and CSV rows. */
  readonly id: string;
  readonly title: string;
  readonly caption?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly TableCell[])[];
}

export function textCell(text: string): TextCell {
  return { kind: 'text', text };
}

export function valueCell(value: number | null, unit: ValueUnit, change?: number | null): ValueCell {
  return change === undefined ? { kind: 'value', value, unit } : { kind: 'value', value, unit, change };
}

function formatNumber(value: number, unit: ValueUnit): string {
  if (unit === 'percent') return `${(value * 100).toFixed(1)}%`;
  if (unit === 'ratio') return value.toFixed(3);
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function formatChange(change: number, unit: ValueUnit): string {
  const magnitude = unit === 'percent' ? (Math.abs(change) * 100).toFixed(1) : formatNumber(Math.abs(change), unit);
  if (change < 0) return `↓${magnitude}`;
  if (change > 0) return `↑${magnitude}`;
  return `±${magnitude}`;
}

/** The cell as the papers print it: `32.5% (↓8.3)`; `–` when not measured. */
export function formatCell(cell: TableCell): string {
  if (cell.kind === 'text') return cell.text;
  if (cell.value === null) return '–';
  const base = formatNumber(cell.value, cell.unit);
  return cell.change === undefined || cell.change === null ? base : `${base} (${formatChange(cell.change, cell.unit)})`;
}

/** The raw value for machine formats (CSV): fractions stay fractions, text stays text. */
export function rawCell(cell: TableCell): string {
  if (cell.kind === 'text') return cell.text;
  return cell.value === null ? '' : String(cell.value);
}
