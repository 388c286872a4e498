import { FdspError } from '../errors/index.js';
import { isProviderName, providerNames, type ProviderName } from './providers/registry.js';

export interface ModelId {
  readonly provider: ProviderName;
  readonly model: string;
}

/** `provider:model`; the model part may itself contain colons (`ollama:codellama:7b`, `llamacpp:hf:user/repo`). */
export function parseModelId(id: string): ModelId {
  const separator = id.indexOf(':');
  const provider = separator < 0 ? id : id.slice(0, separator);
  const model = separator < 0 ? '' : id.slice(separator + 1);
  if (!isProviderName(provider)) {
    throw new FdspError('LLM_PROVIDER_UNKNOWN', `unknown model provider "${provider}" in "${id}"`, {
      hint: `use provider:model with one of: ${providerNames.join(', ')} (e.g. openai:gpt-4, ollama:codellama:7b)`,
    });
  }
  if (model.trim() === '') {
    throw new FdspError('LLM_PROVIDER_UNKNOWN', `model id "${id}" names no model`, {
      hint: `write ${provider}:<model>`,
    });
  }
  return { provider, model };
}
