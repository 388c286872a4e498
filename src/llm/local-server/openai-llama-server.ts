// A real OpenAI-compatible server (`POST /v1/chat/completions`, `GET /v1/models`) over a GGUF model run by
// node-llama-cpp, for the opt-in end-to-end check with a local model. node-llama-cpp is an optional peer (see
// providers/llamacpp.ts), loaded here only when the server starts. One context sequence, so requests are served one at
// a time in arrival order; the server counts generated tokens and generation time for tokens/s.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { z } from 'zod';

import { FdspError } from '../../errors/index.js';

type HistoryItem =
  { type: 'system'; text: string } | { type: 'user'; text: string } | { type: 'model'; response: string[] };

/** The slice of node-llama-cpp's API used here, declared structurally: its types are not a build dependency. */
interface LlamaApi {
  getLlama(options: { gpu: false; build: 'never' }): Promise<{
    loadModel(options: { modelPath: string }): Promise<{
      createContext(options: { contextSize: number; threads?: number }): Promise<{
        getSequence(): LlamaSequence;
        dispose(): Promise<void>;
      }>;
      tokenize(text: string): readonly unknown[];
      dispose(): Promise<void>;
    }>;
  }>;
  LlamaChatSession: new (options: { contextSequence: LlamaSequence; autoDisposeSequence: boolean }) => {
    setChatHistory(history: HistoryItem[]): void;
    prompt(text: string, options: { maxTokens: number; temperature: number; seed?: number }): Promise<string>;
    dispose(options: { disposeSequence: boolean }): void;
  };
}
interface LlamaSequence {
  clearHistory(): Promise<void>;
}

const requestSchema = z.object({
  model: z.string().default('local'),
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })).min(1),
  max_tokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).optional(),
  seed: z.number().int().optional(),
});

export interface LocalModelServerOptions {
  readonly modelPath: string;
  /** Upper bound on tokens per reply, whatever the client asks (keeps a CPU-only run bounded). */
  readonly maxTokens?: number;
  readonly contextSize?: number;
  readonly threads?: number;
}

export interface LocalModelServer {
  readonly baseUrl: string;
  readonly stats: { requests: number; promptTokens: number; completionTokens: number; generationMs: number };
  close(): Promise<void>;
}

async function loadApi(): Promise<LlamaApi> {
  try {
    const name = 'node-llama-cpp';
    return (await import(name)) as LlamaApi;
  } catch {
    throw new FdspError('LLM_REQUEST_FAILED', 'node-llama-cpp is not installed', {
      hint: 'npm install --no-save node-llama-cpp (opt-in; its prebuilt CPU binary comes from npm)',
    });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export async function startLocalModelServer(options: LocalModelServerOptions): Promise<LocalModelServer> {
  const api = await loadApi();
  const llama = await api.getLlama({ gpu: false, build: 'never' });
  const model = await llama.loadModel({ modelPath: options.modelPath });
  const context = await model.createContext({
    contextSize: options.contextSize ?? 4096,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  });
  const sequence = context.getSequence();
  const stats = { requests: 0, promptTokens: 0, completionTokens: 0, generationMs: 0 };
  let queue: Promise<unknown> = Promise.resolve();

  const complete = async (input: z.infer<typeof requestSchema>): Promise<unknown> => {
    const last = input.messages[input.messages.length - 1];
    const history: HistoryItem[] = input.messages
      .slice(0, -1)
      .map((message) =>
        message.role === 'system'
          ? { type: 'system', text: message.content }
          : message.role === 'user'
            ? { type: 'user', text: message.content }
            : { type: 'model', response: [message.content] },
      );
    await sequence.clearHistory();
    const session = new api.LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
    try {
      session.setChatHistory(history);
      const started = performance.now();
      const text = await session.prompt(last?.content ?? '', {
        maxTokens: Math.min(input.max_tokens ?? Number.MAX_SAFE_INTEGER, options.maxTokens ?? 512),
        temperature: input.temperature ?? 0,
        ...(input.seed === undefined ? {} : { seed: input.seed }),
      });
      const promptTokens = input.messages.reduce((sum, message) => sum + model.tokenize(message.content).length, 0);
      const completionTokens = model.tokenize(text).length;
      stats.requests += 1;
      stats.promptTokens += promptTokens;
      stats.completionTokens += completionTokens;
      stats.generationMs += performance.now() - started;
      return {
        id: `local-${String(stats.requests)}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: input.model,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      };
    } finally {
      session.dispose({ disposeSequence: false });
    }
  };

  const server: Server = createServer((request, response) => {
    const route = request.url?.split('?')[0] ?? '';
    if (request.method === 'GET' && route === '/v1/models') {
      send(response, 200, { object: 'list', data: [{ id: 'local', object: 'model', owned_by: 'local' }] });
      return;
    }
    if (request.method !== 'POST' || route !== '/v1/chat/completions') {
      send(response, 404, { error: { message: 'not found' } });
      return;
    }
    void readBody(request).then((body) => {
      let parsed: ReturnType<typeof requestSchema.safeParse>;
      try {
        parsed = requestSchema.safeParse(JSON.parse(body));
      } catch {
        send(response, 400, { error: { message: 'body is not JSON' } });
        return;
      }
      if (!parsed.success) {
        send(response, 400, { error: { message: parsed.error.message } });
        return;
      }
      const input = parsed.data;
      const job = queue.then(() => complete(input));
      queue = job.catch(() => undefined);
      job.then(
        (answer) => {
          send(response, 200, answer);
        },
        (error: unknown) => {
          send(response, 500, { error: { message: error instanceof Error ? error.message : 'failed' } });
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${String(port)}/v1`,
    stats,
    close: async () => {
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await context.dispose();
      await model.dispose();
    },
  };
}
