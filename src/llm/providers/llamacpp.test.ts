// Offline paths of the embedded provider (this machine has no route to Hugging Face, and node-llama-cpp is an
// optional package that is not installed here).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createLanguageModel } from '../language-model.js';
import { defaultModelDirectory, huggingFaceReachable } from './llamacpp.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'fdsp-models-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('llamacpp provider', () => {
  it('offline with nothing cached: a typed unavailable error that says how to proceed', async () => {
    const model = createLanguageModel('llamacpp:hf:TheBloke/CodeLlama-7B-GGUF:Q4_K_M', {
      modelDirectory: directory,
      environment: {},
      isOnline: () => Promise.resolve(false),
    });
    const result = await model.chat(ask);
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' }, retries: 0 });
    const message = result.ok ? '' : result.error.message;
    expect(message).toContain('Hugging Face is unreachable');
    expect(message).toContain(directory);
    expect(message).toContain('llamacpp:<path-to-file.gguf>');
  });

  it('with the real reachability probe against an unreachable host, an hf model is unavailable and never throws', async () => {
    // Tests never contact outside hosts: the probe is aimed at a closed loopback port.
    const model = createLanguageModel('llamacpp:hf:user/repo/model.Q4_K_M.gguf', {
      modelDirectory: directory,
      environment: {},
      isOnline: () => huggingFaceReachable(1000, 'http://127.0.0.1:9/'),
    });
    const ready = await model.ready();
    expect(ready).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('a missing local file is unavailable with the path in the message', async () => {
    const missing = path.join(directory, 'nope.gguf');
    const result = await createLanguageModel(`llamacpp:${missing}`, { environment: {} }).chat(ask);
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(result.ok ? '' : result.error.message).toContain(missing);
  });

  it('an existing file without the optional package says to install node-llama-cpp', async () => {
    const file = path.join(directory, 'tiny.gguf');
    writeFileSync(file, 'GGUF');
    const result = await createLanguageModel(`llamacpp:${file}`, { environment: {} }).chat(ask);
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(result.ok ? '' : result.error.message).toContain('npm install node-llama-cpp');
  });

  it('keeps models under FDSP_MODELS_DIR, else the XDG cache', () => {
    expect(defaultModelDirectory({ FDSP_MODELS_DIR: '/models' })).toBe('/models');
    expect(defaultModelDirectory({ XDG_CACHE_HOME: '/cache' })).toBe('/cache/fdsp/models');
  });
});
