// Option value parsers shared by commands; they throw commander's InvalidArgumentError so usage errors exit 2.
import { InvalidArgumentError } from 'commander';

export function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return parsed;
}

const units: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1024,
  k: 1024,
  mb: 1024 ** 2,
  m: 1024 ** 2,
  gb: 1024 ** 3,
  g: 1024 ** 3,
};

export function parseByteSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = units[match?.[2]?.toLowerCase() ?? 'x'];
  if (!match?.[1] || unit === undefined)
    throw new InvalidArgumentError('expected a size such as 2MB, 500KB or 1048576');
  return Math.round(Number(match[1]) * unit);
}
