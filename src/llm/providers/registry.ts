// Provider ids map to factories through this typed table; adding a provider is one entry here plus its file.
import { createAnthropicProvider } from './anthropic.js';
import { createLlamaCppProvider } from './llamacpp.js';
import { createOllamaProvider } from './ollama.js';
import { createOpenAiProvider } from './openai.js';
import type { ProviderFactory } from './types.js';

export const providerFactories = {
  openai: createOpenAiProvider,
  anthropic: createAnthropicProvider,
  ollama: createOllamaProvider,
  llamacpp: createLlamaCppProvider,
} as const satisfies Record<string, ProviderFactory>;

export type ProviderName = keyof typeof providerFactories;

export const providerNames = Object.keys(providerFactories) as ProviderName[];

export function isProviderName(name: string): name is ProviderName {
  return Object.hasOwn(providerFactories, name);
}
