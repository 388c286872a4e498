import { describe, expect, it } from 'vitest';

import { FdspError } from '../errors/index.js';
import { parseModelId } from './model-id.js';

describe('parseModelId', () => {
  it('splits at the first colon so model names keep theirs', () => {
    expect(parseModelId('openai:gpt-4')).toEqual({ provider: 'openai', model: 'gpt-4' });
    expect(parseModelId('ollama:codellama:7b-instruct')).toEqual({
      provider: 'ollama',
      model: 'codellama:7b-instruct',
    });
    expect(parseModelId('llamacpp:hf:user/repo:Q4_K_M')).toEqual({
      provider: 'llamacpp',
      model: 'hf:user/repo:Q4_K_M',
    });
  });

  it.each(['gpt-4', 'huggingface:codellama', 'openai:', 'toString:x', ''])(
    'rejects %j with LLM_PROVIDER_UNKNOWN',
    (id) => {
      try {
        parseModelId(id);
        expect.unreachable();
      } catch (error: unknown) {
        expect(FdspError.isInstance(error) && error.code).toBe('LLM_PROVIDER_UNKNOWN');
      }
    },
  );
});
