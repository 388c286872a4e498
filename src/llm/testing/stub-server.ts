// A local model server for tests and benchmarks: real sockets on 127.0.0.1, OpenAI `/v1/chat/completions`,
// Anthropic `/v1/messages` and Ollama `/api/chat`. Replies come from a queue of scripted steps, then from a handler,
// then an echo; faults (429, 5xx, garbage bodies, hangs, resets) can be scripted or drawn at seeded random rates.
// Every request is logged with its parsed body and headers so tests can assert on what was sent.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { parseJson } from '../json.js';

export type StubRoute = 'openai' | 'anthropic' | 'ollama';

export interface StubUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export type StubStep =
  | { readonly kind: 'reply'; readonly text: string; readonly usage?: StubUsage; readonly truncated?: boolean }
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds?: number; readonly retryAfterMs?: number }
  | { readonly kind: 'server-error'; readonly status?: number }
  | { readonly kind: 'error'; readonly status: number; readonly message: string }
  | { readonly kind: 'garbage' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'reset' };

export interface StubMessage {
  readonly role: string;
  readonly content: string;
}

export interface StubRequest {
  readonly route: StubRoute;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body (unknown: tests narrow it themselves). */
  readonly body: unknown;
  /** Messages normalized across routes (Anthropic's `system` becomes a leading system message). */
  readonly messages: readonly StubMessage[];
  readonly model: string | undefined;
}

export type StubHandler = (request: StubRequest) => string | StubStep | Promise<string | StubStep>;

/** Probabilities per request, drawn in this order; the rest get the normal reply. */
export interface StubFaultRates {
  readonly rateLimit?: number;
  readonly serverError?: number;
  readonly garbage?: number;
  readonly hang?: number;
  readonly reset?: number;
}

export interface InFlightChange {
  readonly atMs: number;
  readonly inFlight: number;
}

export interface StubServerOptions {
  /** Delay before every answer (simulates a model's latency). */
  readonly latencyMs?: number;
  readonly faults?: StubFaultRates;
  /** Retry-After sent with random 429s, in milliseconds (`retry-after-ms`, and `retry-after` rounded up). */
  readonly retryAfterMs?: number;
  /** Seed for the fault draws, so a run's fault sequence is reproducible. */
  readonly seed?: number;
  readonly handler?: StubHandler;
}

export interface StubServer {
  /** `http://127.0.0.1:<port>`: Anthropic's and Ollama's base URL. */
  readonly url: string;
  /** `<url>/v1`: the OpenAI base URL. */
  readonly openaiBaseUrl: string;
  readonly requests: readonly StubRequest[];
  /** Requests received and not yet answered (counted on the server side, so it is what a client really had open). */
  readonly inFlight: number;
  /** Every change of `inFlight`, in order: `atMs` on `performance.now()`'s clock. */
  readonly inFlightChanges: readonly InFlightChange[];
  enqueue(...steps: readonly (string | StubStep)[]): void;
  setHandler(handler: StubHandler | undefined): void;
  setFaults(faults: StubFaultRates | undefined): void;
  clearLog(): void;
  close(): Promise<void>;
}

const routes: Readonly<Record<string, StubRoute>> = {
  '/v1/chat/completions': 'openai',
  '/chat/completions': 'openai',
  '/v1/messages': 'anthropic',
  '/api/chat': 'ollama',
};

export async function startStubServer(options: StubServerOptions = {}): Promise<StubServer> {
  const queue: (string | StubStep)[] = [];
  const log: StubRequest[] = [];
  const inFlightChanges: InFlightChange[] = [];
  let inFlight = 0;
  const countInFlight = (delta: number): void => {
    inFlight += delta;
    inFlightChanges.push({ atMs: performance.now(), inFlight });
  };
  const sockets = new Set<Socket>();
  let handler = options.handler;
  let faults = options.faults;
  const random = mulberry32(options.seed ?? 1);

  const server: Server = createServer((request, response) => {
    // From the first byte of the request to the end of the answer (or the socket closing on a hang or a reset).
    countInFlight(1);
    let counted = true;
    const done = (): void => {
      if (!counted) return;
      counted = false;
      countInFlight(-1);
    };
    response.once('finish', done);
    response.once('close', done);
    void serve(request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const text = await readBody(request);
    const urlPath = (request.url ?? '/').split('?')[0] ?? '/';
    const route = routes[urlPath];
    if (request.method !== 'POST' || route === undefined) {
      sendJson(response, 404, { error: { message: `no stub route for ${request.method ?? '?'} ${urlPath}` } });
      return;
    }
    const parsed = parseJson(text);
    const body = parsed.ok ? parsed.value : text;
    const logged: StubRequest = {
      route,
      method: request.method,
      path: urlPath,
      headers: flattenHeaders(request),
      body,
      messages: normalizeMessages(route, body),
      model: readString(body, 'model'),
    };
    log.push(logged);

    const step = await chooseStep(logged);
    if (options.latencyMs !== undefined && options.latencyMs > 0 && step.kind !== 'hang') {
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    }
    respond(route, logged, step, response, request.socket);
  }

  async function chooseStep(request: StubRequest): Promise<StubStep> {
    const scripted = queue.shift();
    if (scripted !== undefined) return typeof scripted === 'string' ? { kind: 'reply', text: scripted } : scripted;
    const fault = drawFault();
    if (fault) return fault;
    if (handler) {
      const answer = await handler(request);
      return typeof answer === 'string' ? { kind: 'reply', text: answer } : answer;
    }
    const lastUser = [...request.messages].reverse().find((message) => message.role === 'user');
    return { kind: 'reply', text: `echo: ${lastUser?.content ?? ''}` };
  }

  function drawFault(): StubStep | undefined {
    if (!faults) return undefined;
    const draw = random();
    let threshold = 0;
    const table: [number | undefined, StubStep][] = [
      [faults.rateLimit, { kind: 'rate-limit', retryAfterMs: options.retryAfterMs ?? 0 }],
      [faults.serverError, { kind: 'server-error', status: 500 }],
      [faults.garbage, { kind: 'garbage' }],
      [faults.hang, { kind: 'hang' }],
      [faults.reset, { kind: 'reset' }],
    ];
    for (const [rate, step] of table) {
      threshold += rate ?? 0;
      if (draw < threshold) return step;
    }
    return undefined;
  }

  function respond(
    route: StubRoute,
    request: StubRequest,
    step: StubStep,
    response: ServerResponse,
    socket: Socket,
  ): void {
    switch (step.kind) {
      case 'reply':
        sendJson(response, 200, replyBody(route, request, step));
        return;
      case 'rate-limit': {
        const headers: Record<string, string> = {};
        if (step.retryAfterMs !== undefined) {
          headers['retry-after-ms'] = String(step.retryAfterMs);
          headers['retry-after'] = String(Math.ceil(step.retryAfterMs / 1000));
        } else if (step.retryAfterSeconds !== undefined) {
          headers['retry-after'] = String(step.retryAfterSeconds);
        }
        sendJson(response, 429, errorBody(route, 'rate_limit_error', 'Rate limit reached, slow down'), headers);
        return;
      }
      case 'server-error':
        sendJson(response, step.status ?? 500, errorBody(route, 'api_error', 'The server had an error'));
        return;
      case 'error':
        sendJson(response, step.status, errorBody(route, 'invalid_request_error', step.message));
        return;
      case 'garbage':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"id": "chatcmpl-1", "choices": [{"message": {"content": "def f(');
        return;
      case 'hang':
        // Never answer: the client must time out. close() destroys the socket.
        return;
      case 'reset':
        socket.destroy();
        return;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${String(address.port)}`;

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    requests: log,
    get inFlight() {
      return inFlight;
    },
    inFlightChanges,
    enqueue: (...steps) => {
      queue.push(...steps);
    },
    setHandler: (next) => {
      handler = next;
    },
    setFaults: (next) => {
      faults = next;
    },
    clearLog: () => {
      log.length = 0;
      inFlightChanges.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

function replyBody(route: StubRoute, request: StubRequest, step: Extract<StubStep, { kind: 'reply' }>): unknown {
  const usage = step.usage ?? {
    inputTokens: estimateTokens(request.messages.map((message) => message.content).join('\n')),
    outputTokens: estimateTokens(step.text),
  };
  const model = request.model ?? 'stub-model';
  switch (route) {
    case 'openai':
      return {
        id: 'chatcmpl-stub',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: step.text },
            finish_reason: step.truncated === true ? 'length' : 'stop',
          },
        ],
        usage: {
          prompt_tokens: usage.inputTokens,
          completion_tokens: usage.outputTokens,
          total_tokens: usage.inputTokens + usage.outputTokens,
        },
      };
    case 'anthropic':
      return {
        id: 'msg_stub',
        type: 'message',
        role: 'assistant',
        model,
        content: [{ type: 'text', text: step.text }],
        stop_reason: step.truncated === true ? 'max_tokens' : 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
      };
    case 'ollama':
      return {
        model,
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content: step.text },
        done: true,
        done_reason: step.truncated === true ? 'length' : 'stop',
        prompt_eval_count: usage.inputTokens,
        eval_count: usage.outputTokens,
      };
  }
}

function errorBody(route: StubRoute, type: string, message: string): unknown {
  switch (route) {
    case 'openai':
      return { error: { message, type, code: null } };
    case 'anthropic':
      return { type: 'error', error: { type, message } };
    case 'ollama':
      return { error: message };
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readString(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === 'string' ? field : undefined;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((block) => readString(block, 'text') ?? '').join('');
  }
  return '';
}

function normalizeMessages(route: StubRoute, body: unknown): StubMessage[] {
  if (!isRecord(body)) return [];
  const messages: StubMessage[] = [];
  if (route === 'anthropic' && body.system !== undefined) {
    messages.push({ role: 'system', content: contentText(body.system) });
  }
  const list = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
  for (const message of list) {
    messages.push({
      role: readString(message, 'role') ?? '',
      content: contentText(isRecord(message) ? message.content : ''),
    });
  }
  return messages;
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** A tiny seeded PRNG: reproducible fault sequences without a dependency. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
