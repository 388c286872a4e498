// An embedded GGUF model through node-llama-cpp, loaded lazily: it is not a dependency of fdsp (its install runs a
// postinstall that fetches or builds llama.cpp binaries, and its optional packages include CUDA and Vulkan builds of
// hundreds of MB), so users who want local models run `npm install node-llama-cpp`. Every failure to get a model —
// package missing, file missing, offline with nothing cached — is a typed `unavailable` value that says what to do.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import type { ChatMessage } from '../types.js';
import type { ProviderAttempt, ProviderFactory, ProviderSetup } from './types.js';

/**
 * The slice of node-llama-cpp's API used here, declared structurally and checked at load: the package is an optional
 * peer, so fdsp's build cannot depend on its types.
 */
interface LlamaModule {
  getLlama(): Promise<{ loadModel(options: { modelPath: string }): Promise<LlamaModel> }>;
  resolveModelFile(
    uri: string,
    options: { directory: string; download: 'auto' | false; cli: boolean },
  ): Promise<string>;
  LlamaChatSession: new (options: { contextSequence: LlamaSequence }) => LlamaSession;
}
interface LlamaModel {
  createContext(): Promise<{ getSequence(): LlamaSequence; dispose(): Promise<void> }>;
  tokenize(text: string): readonly unknown[];
  dispose(): Promise<void>;
}
/** The meter counts the tokens the sequence really evaluated (chat template included) and generated. */
interface LlamaSequence {
  readonly tokenMeter?: { readonly usedInputTokens: number; readonly usedOutputTokens: number };
}
type HistoryItem = { type: 'system' | 'user'; text: string } | { type: 'model'; response: string[] };
interface LlamaSession {
  setChatHistory(history: HistoryItem[]): void;
  promptWithMeta(text: string, options: Record<string, unknown>): Promise<{ responseText: string; stopReason: string }>;
  dispose(): void;
}

export function defaultModelDirectory(environment: Readonly<Record<string, string | undefined>>): string {
  return (
    environment.FDSP_MODELS_DIR ??
    path.join(environment.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'fdsp', 'models')
  );
}

export async function huggingFaceReachable(timeoutMs = 3000, url = 'https://huggingface.co'): Promise<boolean> {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}

/** Heuristic look for an already-downloaded file: node-llama-cpp names downloads after the repo and file. */
function findCached(directory: string, uri: string): boolean {
  if (!existsSync(directory)) return false;
  const parts = uri
    .replace(/^hf:/, '')
    .split(/[/:]/)
    .filter((part) => part !== '');
  const needle = (parts.length >= 3 ? parts[parts.length - 1] : parts[1])?.replace(/\.gguf$/i, '').toLowerCase();
  if (needle === undefined) return false;
  return readdirSync(directory).some(
    (name) => name.toLowerCase().endsWith('.gguf') && name.toLowerCase().includes(needle),
  );
}

function isLlamaModule(value: unknown): value is LlamaModule {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.getLlama === 'function' &&
    typeof candidate.resolveModelFile === 'function' &&
    typeof candidate.LlamaChatSession === 'function'
  );
}

async function importLlama(): Promise<LlamaModule | undefined> {
  // A variable specifier keeps TypeScript and bundlers from requiring the optional package.
  const specifier = 'node-llama-cpp';
  try {
    const loaded: unknown = await import(specifier);
    return isLlamaModule(loaded) ? loaded : undefined;
  } catch {
    return undefined;
  }
}

function unavailable(message: string): ProviderSetup {
  return { ok: false, code: 'unavailable', message };
}

export const createLlamaCppProvider: ProviderFactory = async (settings) => {
  const target = settings.model;
  const directory = settings.modelDirectory ?? defaultModelDirectory(settings.environment);
  const remote = target.startsWith('hf:') || target.startsWith('https://');

  if (!remote && !existsSync(target)) {
    return unavailable(
      `llamacpp: model file ${target} does not exist; pass a .gguf path or an hf:<user>/<repo>[:quant] URI`,
    );
  }
  if (remote && !findCached(directory, target)) {
    const online = await (settings.isOnline ?? huggingFaceReachable)();
    if (!online) {
      return unavailable(
        `llamacpp: ${target} is not in the model cache (${directory}) and Hugging Face is unreachable, so it cannot be ` +
          `downloaded. Download the .gguf file on a machine with internet access, copy it into ${directory} (or anywhere), ` +
          `and use llamacpp:<path-to-file.gguf>; or set FDSP_MODELS_DIR to a directory that already holds it.`,
      );
    }
  }
  const llamaModule = await importLlama();
  if (llamaModule === undefined) {
    return unavailable(
      'llamacpp: the optional package node-llama-cpp is not installed; run `npm install node-llama-cpp` in the fdsp ' +
        'directory (it downloads or builds llama.cpp binaries), or use ollama:<model> with a local Ollama server.',
    );
  }

  let modelPath: string;
  let model: LlamaModel;
  try {
    modelPath = remote
      ? await llamaModule.resolveModelFile(target, { directory, download: 'auto', cli: false })
      : path.resolve(target);
    const llama = await llamaModule.getLlama();
    model = await llama.loadModel({ modelPath });
  } catch (error: unknown) {
    return unavailable(`llamacpp: cannot load ${target}: ${error instanceof Error ? error.message : String(error)}`);
  }

  // One embedded model answers one prompt at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const runExclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    ok: true,
    client: {
      endpoint: `llamacpp|${modelPath}`,
      // runExclusive above: more open requests would only wait in its queue with their timeouts running.
      maxConcurrency: 1,
      doChat: (request) =>
        runExclusive(async (): Promise<ProviderAttempt> => {
          const context = await model.createContext();
          const sequence = context.getSequence();
          const session = new llamaModule.LlamaChatSession({ contextSequence: sequence });
          try {
            const last = request.messages[request.messages.length - 1];
            if (last?.role !== 'user') {
              return { ok: false, code: 'bad-request', message: 'llamacpp: the last message must be from the user' };
            }
            session.setChatHistory(toHistory(request.messages.slice(0, -1)));
            const parameters = request.parameters;
            const { responseText: text, stopReason } = await session.promptWithMeta(last.content, {
              signal: request.signal,
              ...(parameters.temperature === undefined ? {} : { temperature: parameters.temperature }),
              ...(parameters.topP === undefined ? {} : { topP: parameters.topP }),
              ...(parameters.maxTokens === undefined ? {} : { maxTokens: parameters.maxTokens }),
              ...(parameters.seed === undefined ? {} : { seed: parameters.seed }),
              ...(parameters.stop === undefined ? {} : { customStopTriggers: [...parameters.stop] }),
            });
            // Re-tokenizing the text miscounts (generated tokens need not re-tokenize the same way; with byte-fallback
            // tokens the count can double), so the sequence's meter is used when the installed version has one.
            const meter = sequence.tokenMeter;
            const usage =
              meter === undefined
                ? {
                    inputTokens: request.messages.reduce(
                      (sum, message) => sum + model.tokenize(message.content).length,
                      0,
                    ),
                    outputTokens: model.tokenize(text).length,
                  }
                : { inputTokens: meter.usedInputTokens, outputTokens: meter.usedOutputTokens };
            return { ok: true, text, usage, truncated: stopReason === 'maxTokens' };
          } catch (error: unknown) {
            if (request.signal.aborted) return { ok: false, code: 'aborted', message: 'request aborted' };
            return {
              ok: false,
              code: 'bad-response',
              message: `llamacpp: ${error instanceof Error ? error.message : String(error)}`,
            };
          } finally {
            session.dispose();
            await context.dispose();
          }
        }),
      // Frees the model's memory once queued prompts finish; the shared llama.cpp runtime stays for other models.
      close: () => runExclusive(() => model.dispose()),
    },
  };
};

function toHistory(messages: readonly ChatMessage[]): HistoryItem[] {
  return messages.map((message) =>
    message.role === 'assistant'
      ? { type: 'model', response: [message.content] }
      : { type: message.role, text: message.content },
  );
}
