// The done-when check, through the built CLI as a user runs it: `fdsp bench run -d cweval` with the stub model
// answering one of CWEval's references, then `fdsp bench show RUN --format json`, whose `metrics.securityTests` rows
// are returned as printed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { z } from 'zod';

import { loadDataset, resolveDatasetsDirectory } from '../../datasets/index.js';
import { startStubServer } from '../../llm/testing/index.js';
import { packageRoot } from '../../support/package-root.js';
import { cwevalReply } from '../testing.js';

const shares = z.object({ functional: z.number(), secure: z.number(), functionalAndSecure: z.number() });
const showSchema = z.object({
  run: z.object({ id: z.string() }),
  metrics: z.object({
    securityTests: z.array(
      z.strictObject({ dataset: z.string(), strategy: z.string(), items: z.number(), before: shares, after: shares }),
    ),
    oracleAgreement: z.array(
      z.object({
        phase: z.string(),
        strategy: z.string(),
        items: z.number(),
        both: z.number(),
        analyzersOnly: z.number(),
        testsOnly: z.number(),
        neither: z.number(),
      }),
    ),
  }),
});
export type CwevalShow = z.infer<typeof showSchema>;

function cli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(packageRoot(), 'dist', 'cli', 'main.js'), ...args], {
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => { resolve({ code, stdout, stderr }); });
  });
}

/** Runs CWEval with the stub answering `answer` for every task and returns `bench show --format json`. */
export async function runCwevalWith(
  answer: 'referenceCode' | 'insecureCode',
  options: { readonly strategies?: string; readonly limit?: number } = {},
): Promise<CwevalShow> {
  const location = resolveDatasetsDirectory(undefined);
  const tasks = (await loadDataset('cweval', location.directory)).tasks;
  const server = await startStubServer({
    handler: (request) => cwevalReply(request.messages.at(-1)?.content ?? '', tasks, answer),
  });
  const directory = mkdtempSync(path.join(os.tmpdir(), 'fdsp-cweval-check-'));
  try {
    const db = path.join(directory, 'fdsp.db');
    const env = { OPENAI_API_KEY: 'stub-key', FDSP_DATASETS: location.directory };
    const run = await cli(
      [
        'bench',
        'run',
        '--dataset',
        'cweval',
        '--strategies',
        options.strategies ?? 'direct',
        '--model',
        'openai:stub-model',
        '--base-url',
        server.openaiBaseUrl,
        '--db',
        db,
        ...(options.limit === undefined ? [] : ['--limit', String(options.limit)]),
      ],
      env,
    );
    const runId = /\b(run-[\w-]+)/.exec(run.stdout + run.stderr)?.[1];
    if (run.code !== 0 || runId === undefined) throw new Error(`bench run failed (${String(run.code)}): ${run.stderr}`);
    const show = await cli(['bench', 'show', runId, '--db', db, '--format', 'json'], env);
    if (show.code !== 0) throw new Error(`bench show failed: ${show.stderr}`);
    return showSchema.parse(JSON.parse(show.stdout));
  } finally {
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  }
}
