// Prices in US dollars per million tokens, keyed `provider:model` (exact) or `provider:*` (every model of a
// provider). Users extend or override the table through options or a JSON file; unknown models cost `null`, not 0.
import { readFileSync } from 'node:fs';

import { z } from 'zod';

import { FdspError, errorMessage } from '../errors/index.js';
import { parseJson } from './json.js';

export interface Price {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

export type PriceTable = Readonly<Record<string, Price>>;

// List prices when the studies ran (and current ones for newer models); local providers are free.
export const defaultPrices: PriceTable = {
  'openai:gpt-4': { inputPerMillion: 30, outputPerMillion: 60 },
  'openai:gpt-4-0613': { inputPerMillion: 30, outputPerMillion: 60 },
  'openai:gpt-4-turbo': { inputPerMillion: 10, outputPerMillion: 30 },
  'openai:gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'openai:gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'openai:gpt-3.5-turbo': { inputPerMillion: 0.5, outputPerMillion: 1.5 },
  'openai:gpt-3.5-turbo-0613': { inputPerMillion: 1.5, outputPerMillion: 2 },
  'anthropic:claude-3-5-sonnet-latest': { inputPerMillion: 3, outputPerMillion: 15 },
  'anthropic:claude-3-5-haiku-latest': { inputPerMillion: 0.8, outputPerMillion: 4 },
  'anthropic:claude-3-haiku-20240307': { inputPerMillion: 0.25, outputPerMillion: 1.25 },
  'ollama:*': { inputPerMillion: 0, outputPerMillion: 0 },
  'llamacpp:*': { inputPerMillion: 0, outputPerMillion: 0 },
};

export function priceFor(table: PriceTable, provider: string, model: string): Price | undefined {
  return table[`${provider}:${model}`] ?? table[`${provider}:*`];
}

export function callCost(
  table: PriceTable,
  provider: string,
  model: string,
  usage: { readonly inputTokens: number; readonly outputTokens: number },
): number | null {
  const price = priceFor(table, provider, model);
  if (price === undefined) return null;
  return (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1_000_000;
}

const priceFileSchema = z.record(
  z.string().regex(/^[a-z]+:.+$/, 'keys look like provider:model or provider:*'),
  z.object({ inputPerMillion: z.number().nonnegative(), outputPerMillion: z.number().nonnegative() }),
);

/** Read a user price table (`{"openai:my-model": {"inputPerMillion": 1, "outputPerMillion": 2}}`). */
export function loadPriceTable(filePath: string): PriceTable {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error: unknown) {
    throw new FdspError('PATH_NOT_FOUND', `cannot read the price table ${filePath}: ${errorMessage(error)}`);
  }
  const parsed = parseJson(text);
  const result = parsed.ok ? priceFileSchema.safeParse(parsed.value) : undefined;
  if (!result?.success) {
    throw new FdspError('CONFIG_INVALID', `the price table ${filePath} is not valid`, {
      hint: parsed.ok ? (result?.error.issues[0]?.message ?? 'expected an object') : `invalid JSON: ${parsed.error}`,
    });
  }
  return result.data;
}
