// `fdsp bench` through the built CLI: run against the stub model, then list, show and rescore (no model call).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { runFdsp, sharedDirectory } from '../../../test/support/environment.js';
import { readSecurityEval, scriptedReply } from '../../bench/testing.js';
import { startStubServer, type StubServer } from '../../llm/testing/index.js';

const reference = readSecurityEval(sharedDirectory());
let server: StubServer;
let directory: string;

beforeAll(async () => {
  server = await startStubServer({
    handler: (request) => scriptedReply(request.messages.at(-1)?.content ?? '', reference),
  });
  directory = mkdtempSync(path.join(os.tmpdir(), 'fdsp-bench-cli-'));
});
afterAll(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

const environment = { OPENAI_API_KEY: 'stub-key', FDSP_SHARED: sharedDirectory() };
const evaluationShape = z.object({
  evaluation: z.object({ id: z.number(), kind: z.string(), analyzers: z.array(z.string()) }),
  evaluations: z.array(z.object({ id: z.number() })),
  metrics: z.object({ repair: z.array(z.object({ strategy: z.string(), insecureAfter: z.number() })) }),
});

describe('fdsp bench (CLI)', () => {
  it('runs, lists, shows and rescores a run; rescoring makes no model call', async () => {
    const db = path.join(directory, 'bench.db');
    const run = await runFdsp(
      [
        'bench',
        'run',
        '--dataset',
        'securityeval',
        '--strategies',
        'direct',
        '--model',
        'openai:stub-model',
        '--base-url',
        server.openaiBaseUrl,
        '--limit',
        '3',
        '--policy',
        'precise',
        '--db',
        db,
      ],
      { env: environment },
    );
    expect(run.code, run.stderr).toBe(0);
    const runId = /\b(run-[\w-]+)/.exec(run.stdout + run.stderr)?.[1];
    expect(runId).toBeDefined();

    const list = await runFdsp(['bench', 'list', '--db', db], { env: environment });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(runId);

    const calls = server.requests.length;
    expect(calls).toBeGreaterThan(0);
    const rescore = await runFdsp(
      ['bench', 'rescore', runId ?? '', '--analyzers', 'bandit,builtin', '--db', db, '--format', 'json'],
      { env: environment },
    );
    expect(rescore.code, rescore.stderr).toBe(0);
    expect(server.requests.length).toBe(calls);
    const rescored = evaluationShape.parse(JSON.parse(rescore.stdout));
    expect(rescored.evaluation).toMatchObject({ kind: 'rescore', analyzers: ['bandit', 'builtin'] });
    expect(rescored.evaluations).toHaveLength(2);
    expect(rescored.metrics.repair.map((row) => row.strategy)).toEqual(['direct']);

    const show = await runFdsp(['bench', 'show', runId ?? '', '--db', db], { env: environment });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`run ${runId ?? ''}`);
    expect(show.stdout).toContain('policy precise');
  });

  it('refuses an unknown policy with exit 2, naming the choices', async () => {
    const run = await runFdsp(
      ['bench', 'run', '-d', 'securityeval', '-s', 'direct', '-m', 'x:y', '--policy', 'loose'],
      {
        env: environment,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/study, precise/);
  });
});
