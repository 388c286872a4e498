// `fdsp serve`: the local viewer over node:http. A handful of routes needs no framework, and owning the request path
// keeps the security rules in one place: 127.0.0.1 only, Host checked (DNS rebinding), same-origin POSTs only,
// every parameter validated with zod, a strict Content-Security-Policy, and no file is ever read from a request path.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { z } from 'zod';

import { FdspError, errorMessage } from '../errors/index.js';
import { buildPaperReport } from '../reports/paper-report.js';
import { collectReportRun, collectReportRuns } from '../reports/collect.js';
import { renderChartSvgs } from '../reports/charts.js';
import { csvField } from '../reports/report-csv.js';
import { addReviewLabel, listReviewLabels, reviewLabelsCsv, reviewSubmissionSchema } from '../review/index.js';
import { stylesheet } from '../reports/styles.js';
import type { Store } from '../store/index.js';
import { comparePage, problemPage, runPage, runsPage, sessionPath, taskPage } from './pages.js';
import { listBenchRuns, listRunTasks, listTraceGroups, readTaskPage, sessionExists } from './viewer-data.js';

export interface ViewerOptions {
  readonly store: Store;
  /** 0 picks a free port. */
  readonly port?: number;
}

export interface Viewer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const host = '127.0.0.1';
const maxBodyBytes = 16 * 1024;

const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on form posts.
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

/** An id from the path: printable, no slashes or control characters, bounded. */
const idParameter = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}/\\]+$/u);
const noQuery = z.strictObject({});
const sessionQuery = z.strictObject({ saved: z.literal('1').optional() });
const compareRuns = z
  .array(idParameter)
  .min(1, 'select at least one run')
  .max(12)
  .refine((ids) => new Set(ids).size === ids.length, 'a run is selected twice');
const labelsQuery = z.strictObject({ run: idParameter.optional() });

interface Reply {
  readonly status: number;
  readonly type: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

class HttpProblem extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function page(body: string, status = 200): Reply {
  return { status, type: 'text/html; charset=utf-8', body };
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpProblem(400, `invalid ${what}`);
  return parsed.data;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpProblem(400, 'invalid path encoding');
  }
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new HttpProblem(413, 'request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

function allowedOrigins(port: number): Set<string> {
  return new Set([`127.0.0.1:${String(port)}`, `localhost:${String(port)}`]);
}

async function route(store: Store, request: http.IncomingMessage, port: number): Promise<Reply> {
  const hosts = allowedOrigins(port);
  if (!hosts.has(request.headers.host ?? '')) throw new HttpProblem(421, 'unexpected Host header');
  const url = new URL(request.url ?? '/', `http://${host}:${String(port)}`);
  const query = Object.fromEntries(url.searchParams);
  if (url.pathname !== '/compare' && url.searchParams.size !== Object.keys(query).length)
    throw new HttpProblem(400, 'repeated query parameter');
  const segments = url.pathname.split('/').slice(1);
  const method = request.method ?? 'GET';

  if (method === 'POST') {
    const origin = request.headers.origin;
    if (origin !== undefined && !(origin.startsWith('http://') && hosts.has(origin.slice('http://'.length))))
      throw new HttpProblem(403, 'cross-origin request refused');
    if (segments.length === 3 && segments[0] === 'sessions' && segments[2] === 'labels') {
      parseWith(noQuery, query, 'query');
      return submitLabel(store, parseWith(idParameter, decodeSegment(segments[1] ?? ''), 'session id'), request);
    }
    throw new HttpProblem(404, 'no such page');
  }
  if (method !== 'GET' && method !== 'HEAD') throw new HttpProblem(405, 'method not allowed');

  if (url.pathname === '/') {
    parseWith(noQuery, query, 'query');
    return page(runsPage(listBenchRuns(store), listTraceGroups(store)));
  }
  if (url.pathname === '/compare') {
    // The one repeated parameter: ?run=a&run=b from the runs list's checkboxes.
    const runIds = parseWith(compareRuns, url.searchParams.getAll('run'), 'run selection');
    if ([...url.searchParams.keys()].some((key) => key !== 'run')) throw new HttpProblem(400, 'invalid query');
    const known = new Set(listBenchRuns(store).map((run) => run.id));
    if (runIds.some((runId) => !known.has(runId))) throw new HttpProblem(404, 'no such run');
    const report = buildPaperReport(collectReportRuns(store, runIds), {
      generatedAt: new Date().toISOString(),
      title: 'Runs side by side',
    });
    return page(comparePage(report, await renderChartSvgs(report.charts)));
  }
  if (url.pathname === '/assets/fdsp.css') return { status: 200, type: 'text/css; charset=utf-8', body: stylesheet };
  if (url.pathname === '/labels.json' || url.pathname === '/labels.csv') {
    const { run } = parseWith(labelsQuery, query, 'query');
    const labels = listReviewLabels(store, run === undefined ? {} : { runId: run });
    return url.pathname.endsWith('.json')
      ? { status: 200, type: 'application/json; charset=utf-8', body: `${JSON.stringify(labels, null, 2)}\n` }
      : {
          status: 200,
          type: 'text/csv; charset=utf-8',
          body: reviewLabelsCsv(labels, csvField),
          headers: { 'content-disposition': 'attachment; filename="fdsp-review-labels.csv"' },
        };
  }
  if (segments.length === 2 && segments[0] === 'runs') {
    parseWith(noQuery, query, 'query');
    const raw = decodeSegment(segments[1] ?? '');
    const runId = raw === '-' ? null : parseWith(idParameter, raw, 'run id');
    const run = runId === null ? undefined : listBenchRuns(store).find((candidate) => candidate.id === runId);
    const tasks = listRunTasks(store, runId);
    if (run === undefined && tasks.length === 0) throw new HttpProblem(404, 'no such run');
    const report =
      run === undefined
        ? undefined
        : buildPaperReport([collectReportRun(store, run.id)], {
            generatedAt: new Date().toISOString(),
            title: 'Tables and charts',
          });
    const svgs = report === undefined ? new Map<string, string>() : await renderChartSvgs(report.charts);
    return page(runPage({ runId, run, report, svgs, tasks }));
  }
  if (segments.length === 2 && segments[0] === 'sessions') {
    const { saved } = parseWith(sessionQuery, query, 'query');
    const sessionId = parseWith(idParameter, decodeSegment(segments[1] ?? ''), 'session id');
    const data = readTaskPage(store, sessionId);
    if (data === undefined) throw new HttpProblem(404, 'no such task');
    return page(taskPage(data, { saved: saved === '1', problem: null, reviewer: '', note: '' }));
  }
  throw new HttpProblem(404, 'no such page');
}

async function submitLabel(store: Store, sessionId: string, request: http.IncomingMessage): Promise<Reply> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
  if (type !== 'application/x-www-form-urlencoded') throw new HttpProblem(415, 'expected a form submission');
  const session = sessionExists(store, sessionId);
  if (session === undefined) throw new HttpProblem(404, 'no such task');
  const form = new URLSearchParams(await readBody(request));
  const fields = Object.fromEntries(form);
  if (form.size !== Object.keys(fields).length) throw new HttpProblem(400, 'repeated form field');
  const parsed = reviewSubmissionSchema.safeParse(fields);
  if (!parsed.success) {
    const data = readTaskPage(store, sessionId);
    if (data === undefined) throw new HttpProblem(404, 'no such task');
    const problem = parsed.error.issues
      .map((issue) => `${issue.path.map(String).join('.') || 'form'}: ${issue.message}`)
      .join('; ');
    return page(
      taskPage(data, {
        saved: false,
        problem,
        reviewer: typeof fields.reviewer === 'string' ? fields.reviewer.slice(0, 80) : '',
        note: typeof fields.note === 'string' ? fields.note.slice(0, 4000) : '',
      }),
      400,
    );
  }
  addReviewLabel(store, {
    sessionId,
    runId: session.runId,
    taskId: session.taskId,
    code: session.finalCode,
    label: parsed.data.label,
    note: parsed.data.note,
    reviewer: parsed.data.reviewer,
  });
  // Post/redirect/get: a reload does not submit twice.
  return {
    status: 303,
    type: 'text/plain; charset=utf-8',
    body: 'saved\n',
    headers: { location: `${sessionPath(sessionId)}?saved=1#review` },
  };
}

export async function startViewer(options: ViewerOptions): Promise<Viewer> {
  const server = http.createServer();
  let port = options.port ?? 0;
  server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    const respond = (reply: Reply): void => {
      response.writeHead(reply.status, {
        ...securityHeaders,
        'content-type': reply.type,
        'content-length': Buffer.byteLength(reply.body),
        ...reply.headers,
      });
      response.end(request.method === 'HEAD' ? undefined : reply.body);
    };
    route(options.store, request, port).then(respond, (error: unknown) => {
      if (error instanceof HttpProblem) {
        respond(page(problemPage(error.status, error.message), error.status));
        return;
      }
      process.stderr.write(`fdsp serve: ${errorMessage(error)}\n`);
      respond(page(problemPage(500, 'internal error; see the server log'), 500));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new FdspError('USAGE', `cannot listen on ${host}:${String(port)}: ${error.code ?? errorMessage(error)}`, {
          hint: error.code === 'EADDRINUSE' ? 'choose another port with --port, or 0 for any free port' : undefined,
          cause: error,
        }),
      );
    });
    server.listen(port, host, () => {
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${String(port)}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
