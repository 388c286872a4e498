// The embedded provider offline: no route to Hugging Face, and a tiny GGUF model generated at test time stands in
// for a real one. node-llama-cpp stays out of the lockfile (the offline registry mirror lacks its mac/win/riscv
// builds, so a lockfile written here breaks `npm ci`), so the tests that run llama.cpp skip unless it is present.
// `npm install --no-save` will not add a package the root declares as an optional peer, so install it in another
// directory and link it: `ln -s <dir>/node_modules/node-llama-cpp node_modules/`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { openStore } from '../../store/index.js';
import { createLanguageModel } from '../language-model.js';
import { writeTinyGguf } from '../testing/tiny-gguf.js';
import { defaultModelDirectory, huggingFaceReachable } from './llamacpp.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'fdsp-models-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

// A variable specifier keeps TypeScript from resolving the package, which is usually absent.
const nodeLlamaCpp = 'node-llama-cpp';
const withoutNodeLlamaCpp = await import(nodeLlamaCpp).then<boolean, boolean>(
  () => false,
  () => true,
);

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
    const file = writeTinyGguf(path.join(directory, 'tiny.gguf'));
    // Stands in for an install without the optional package: the module lacks what the provider needs.
    vi.doMock('node-llama-cpp', () => ({}));
    vi.resetModules();
    try {
      const { createLanguageModel: createIsolated } = await import('../language-model.js');
      const result = await createIsolated(`llamacpp:${file}`, { environment: {} }).chat(ask);
      expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(result.ok ? '' : result.error.message).toContain('npm install node-llama-cpp');
    } finally {
      vi.doUnmock('node-llama-cpp');
      vi.resetModules();
    }
  });

  it.skipIf(withoutNodeLlamaCpp)('a file that is not a GGUF model is unavailable with the loader error', async () => {
    const file = path.join(directory, 'broken.gguf');
    writeFileSync(file, 'GGUF');
    const result = await createLanguageModel(`llamacpp:${file}`, { environment: {} }).chat(ask);
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(result.ok ? '' : result.error.message).toContain(`cannot load ${file}`);
  });

  it.skipIf(withoutNodeLlamaCpp)(
    'generates text with a real (tiny) GGUF model, and a repeat is a cache hit',
    async () => {
      const file = writeTinyGguf(path.join(directory, 'tiny.gguf'));
      const store = openStore(path.join(directory, 'fdsp.db'));
      const model = createLanguageModel(`llamacpp:${file}`, { environment: {}, store });
      try {
        const request = {
          messages: [
            { role: 'system' as const, content: 'You write safe code.' },
            { role: 'user' as const, content: 'hello world' },
          ],
          parameters: { maxTokens: 8, seed: 7 },
        };
        const first = await model.chat(request);
        if (!first.ok) throw new Error(`llamacpp failed: ${first.error.message}`);
        expect(first).toMatchObject({ ok: true, provider: 'llamacpp', model: file, cacheHit: false });
        expect(first.text.length).toBeGreaterThan(0);
        expect(first.usage.inputTokens).toBeGreaterThan(0);
        expect(first.usage.outputTokens).toBeGreaterThan(0);
        // Counted as generated: re-tokenizing this byte-level gibberish overcounts (9 for these 8 with the old count).
        expect(first.usage.outputTokens).toBeLessThanOrEqual(8);

        const again = await model.chat(request);
        expect(again).toMatchObject({ ok: true, cacheHit: true, text: first.text });
      } finally {
        await model.close();
        store.close();
      }
    },
  );

  it('keeps models under FDSP_MODELS_DIR, else the XDG cache', () => {
    expect(defaultModelDirectory({ FDSP_MODELS_DIR: '/models' })).toBe('/models');
    expect(defaultModelDirectory({ XDG_CACHE_HOME: '/cache' })).toBe('/cache/fdsp/models');
  });
});
