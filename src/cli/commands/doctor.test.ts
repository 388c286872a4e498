import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { runFdsp } from '../../../test/support/environment.js';
import { doctorExitCode, renderDoctorText, type DoctorCheck } from '../doctor-report.js';

const checkSchema = z.object({
  name: z.string(),
  required: z.boolean(),
  ok: z.boolean(),
  version: z.string().optional(),
  where: z.string().optional(),
  note: z.string().optional(),
  hint: z.string().optional(),
});

describe('fdsp doctor (this machine, set up by scripts/setup.sh)', () => {
  it('names every engine and tool with its version and where it is, and exits 0', async () => {
    const { code, stdout } = await runFdsp(['doctor', '--format', 'json']);
    const { checks } = z.object({ checks: z.array(checkSchema) }).parse(JSON.parse(stdout));
    expect(checks.map((check) => check.name)).toEqual([
      'bandit',
      'ruff',
      'semgrep',
      'bubblewrap',
      'chromium',
      'sandbox python',
      'sandbox libraries',
    ]);
    const byName = new Map(checks.map((check) => [check.name, check]));
    expect(byName.get('bandit')).toMatchObject({ ok: true, version: '1.7.8' });
    expect(byName.get('bandit')?.where).toMatch(/\.venv\/bin\/python \(setup's \.venv\)$/);
    expect(byName.get('ruff')?.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(byName.get('semgrep')?.note).toMatch(/semgrep-rules\.yml$/);
    expect(byName.get('sandbox libraries')).toMatchObject({ ok: true });
    expect(code).toBe(0);
  });

  it('says which Bandit the fallback is, from --bandit-python', async () => {
    const { stdout } = await runFdsp(['doctor', '--bandit-python', '/usr/bin/python3']);
    expect(stdout).toMatch(/^ok\s+bandit\s+1\.6\.2\+constant-visitor\s+\/usr\/bin\/python3 \(--bandit-python\)/m);
  });
});

describe('doctor report', () => {
  const checks: DoctorCheck[] = [
    { name: 'bandit', required: true, ok: false, where: '/x/python', note: 'cannot import bandit', hint: 'run setup' },
    { name: 'ruff', required: false, ok: false, hint: 'run setup' },
    { name: 'bubblewrap', required: true, ok: true, version: '0.8.0', where: '/usr/bin/bwrap' },
  ];

  it('prints one line per check, with what to do only for what is missing', () => {
    const lines = renderDoctorText(checks).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^MISSING\s+bandit .*cannot import bandit → run setup$/);
    expect(lines[1]).toMatch(/^missing\s+ruff .*→ run setup$/);
    expect(lines[2]).toMatch(/^ok\s+bubblewrap 0\.8\.0 \/usr\/bin\/bwrap$/);
  });

  it('exits 1 only when a required piece is missing', () => {
    expect(doctorExitCode(checks)).toBe(1);
    expect(doctorExitCode(checks.slice(1))).toBe(0);
  });
});
