// `fdsp doctor`'s verdicts as data and their rendering: pure, so the wording and the exit code are tested without
// the machine's tools.
export interface DoctorCheck {
  readonly name: string;
  /** fdsp cannot scan or run tests without it (bandit, bubblewrap, the sandbox's Python). */
  readonly required: boolean;
  readonly ok: boolean;
  readonly version?: string;
  readonly where?: string;
  readonly note?: string;
  /** What to do when it is missing. */
  readonly hint?: string;
}

/** One line per check: `ok      bandit 1.7.8  /repo/.venv/bin/python (setup's .venv)`. */
export function renderDoctorText(checks: readonly DoctorCheck[]): string {
  const width = Math.max(...checks.map((check) => check.name.length));
  const versionWidth = Math.max(...checks.map((check) => (check.version ?? '').length));
  const lines = checks.map((check) => {
    const status = check.ok ? 'ok' : check.required ? 'MISSING' : 'missing';
    const parts = [status.padEnd(8), check.name.padEnd(width)];
    parts.push((check.version ?? '').padEnd(versionWidth));
    if (check.where) parts.push(check.where);
    if (check.note) parts.push(`— ${check.note}`);
    if (!check.ok && check.hint) parts.push(`→ ${check.hint}`);
    return parts.join(' ').trimEnd();
  });
  return `${lines.join('\n')}\n`;
}

/** 0 when everything fdsp needs is there; 1 when a required piece is missing (optional ones only inform). */
export function doctorExitCode(checks: readonly DoctorCheck[]): number {
  return checks.some((check) => check.required && !check.ok) ? 1 : 0;
}
