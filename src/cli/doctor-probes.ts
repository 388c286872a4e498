// What `fdsp doctor` looks at: each engine and tool fdsp runs, found the way fdsp finds it, and its exact version.
// Probes run programs (never through a shell) and return values; a missing tool is a finding, not an error.
import { createBanditEngine } from '../analyzers/bandit/index.js';
import { runTool, versionNumber } from '../analyzers/batch-directory.js';
import { chooseBanditPython, type BanditPythonSource } from '../analyzers/bandit/interpreter.js';
import { describeSemgrepConfig, resolveSemgrepConfig, semgrepEnvironment } from '../analyzers/semgrep/index.js';
import { errorMessage } from '../errors/index.js';
import { locateEngineTool } from '../support/engine-venv.js';
import type { DoctorCheck } from './doctor-report.js';

const setupHint = 'run bash scripts/setup.sh';

const banditSources: Record<BanditPythonSource, string> = {
  option: '--bandit-python',
  environment: 'FDSP_BANDIT_PYTHON',
  venv: "setup's .venv",
  'bandit-script': "the bandit script's interpreter (Debian's fallback)",
  fallback: 'python3 on PATH',
};

async function banditCheck(explicit: string | undefined): Promise<DoctorCheck> {
  const choice = chooseBanditPython({ explicit });
  const engine = createBanditEngine({ python: choice.python, concurrency: 1 });
  try {
    const version = await engine.version();
    return {
      name: 'bandit',
      required: true,
      ok: true,
      version,
      where: `${choice.python} (${banditSources[choice.source]})`,
      ...(choice.source === 'venv' || choice.source === 'option' || choice.source === 'environment'
        ? {}
        : { note: `not the pinned 1.7.8 the studies ran: ${setupHint}` }),
    };
  } catch (error: unknown) {
    return {
      name: 'bandit',
      required: true,
      ok: false,
      where: choice.python,
      note: errorMessage(error),
      hint: setupHint,
    };
  } finally {
    await engine.close();
  }
}

async function toolCheck(
  name: string,
  located: { readonly path: string; readonly from?: string } | undefined,
  versionArgs: readonly string[],
  options: {
    readonly required: boolean;
    readonly hint: string;
    readonly env?: NodeJS.ProcessEnv;
    readonly note?: string;
  },
): Promise<DoctorCheck> {
  if (located === undefined) return { name, required: options.required, ok: false, hint: options.hint };
  try {
    const outcome = await runTool(located.path, versionArgs, {
      timeoutMs: 60_000,
      ...(options.env ? { env: options.env } : {}),
    });
    const output = `${outcome.stdout}\n${outcome.stderr}`.trim();
    if (outcome.exitCode !== 0) throw new Error(output.split('\n')[0] ?? `exit ${String(outcome.exitCode)}`);
    return {
      name,
      required: options.required,
      ok: true,
      version: versionNumber(output.split('\n').find((line) => /\d+\.\d+/.test(line)) ?? output),
      where: located.from === 'venv' ? `${located.path} (setup's .venv)` : located.path,
      ...(options.note ? { note: options.note } : {}),
    };
  } catch (error: unknown) {
    return {
      name,
      required: options.required,
      ok: false,
      where: located.path,
      note: errorMessage(error),
      hint: options.hint,
    };
  }
}

function fixedPath(file: string): { path: string } {
  return { path: file };
}

/** Modules the sandboxed unit tests import (scripts/apt-packages.txt installs them from Debian). */
export const sandboxModules = [
  'flask',
  'flask_login',
  'requests',
  'bcrypt',
  'psycopg2',
  'pymongo',
  'sqlalchemy',
  'paramiko',
  'Cryptodome',
  'cryptography',
  'jwt',
  'yaml',
  'lxml',
  'ldap3',
  'xmltodict',
  'pymysql',
  'MySQLdb',
  'pandas',
  'pytest',
  'PyPDF2',
  'qrcode',
  'pyodbc',
  'PAM',
  'django',
] as const;

// Imports each module in its own try, so one broken library does not hide the rest.
const importProbe = `
import importlib, json, sys
found, missing = [], []
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
        found.append(name)
    except Exception:
        missing.append(name)
print(json.dumps({"found": found, "missing": missing}))
`;

async function sandboxLibrariesCheck(python: string): Promise<DoctorCheck> {
  const hint = 'run bash scripts/setup.sh (installs them from scripts/apt-packages.txt)';
  try {
    const outcome = await runTool(python, ['-c', importProbe, ...sandboxModules], { timeoutMs: 120_000 });
    const parsed = JSON.parse(outcome.stdout) as unknown;
    const missing =
      typeof parsed === 'object' && parsed !== null && 'missing' in parsed && Array.isArray(parsed.missing)
        ? parsed.missing.filter((item): item is string => typeof item === 'string')
        : [...sandboxModules];
    const present = sandboxModules.length - missing.length;
    return {
      name: 'sandbox libraries',
      required: false,
      ok: missing.length === 0,
      version: `${String(present)}/${String(sandboxModules.length)} import`,
      where: python,
      ...(missing.length === 0 ? {} : { note: `missing: ${missing.join(', ')}`, hint }),
    };
  } catch (error: unknown) {
    return { name: 'sandbox libraries', required: false, ok: false, where: python, note: errorMessage(error), hint };
  }
}

export interface DoctorInputs {
  readonly banditPython?: string;
  readonly semgrepConfig?: string;
}

export async function runDoctorProbes(inputs: DoctorInputs = {}): Promise<DoctorCheck[]> {
  const sandboxPython = '/usr/bin/python3';
  const chromium = process.env.FDSP_CHROMIUM ?? '/usr/bin/chromium';
  const semgrepConfig = resolveSemgrepConfig(inputs.semgrepConfig);
  // In sequence: each probe starts a process, and the machine may be shared.
  const checks: DoctorCheck[] = [await banditCheck(inputs.banditPython)];
  checks.push(await toolCheck('ruff', locateEngineTool('ruff'), ['--version'], { required: false, hint: setupHint }));
  checks.push(
    await toolCheck('semgrep', locateEngineTool('semgrep'), ['--version'], {
      required: false,
      hint: setupHint,
      env: semgrepEnvironment,
      note: `rules: ${describeSemgrepConfig(semgrepConfig)}`,
    }),
  );
  checks.push(
    await toolCheck('bubblewrap', fixedPath('/usr/bin/bwrap'), ['--version'], {
      required: true,
      hint: 'apt-get install bubblewrap (or run bash scripts/setup.sh as root)',
    }),
  );
  checks.push(
    await toolCheck('chromium', fixedPath(chromium), ['--version'], {
      required: false,
      hint: 'apt-get install chromium (the viewer and HTML-report tests drive it; FDSP_CHROMIUM names another)',
    }),
  );
  checks.push(
    await toolCheck('sandbox python', fixedPath(sandboxPython), ['--version'], {
      required: true,
      hint: 'apt-get install python3 (the sandbox runs /usr/bin/python3)',
    }),
  );
  checks.push(await sandboxLibrariesCheck(sandboxPython));
  return checks;
}
