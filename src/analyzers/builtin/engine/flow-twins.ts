// Test support for the engine's twin tests: a Flask view built from a body, a "does this rule fire" check, and the
// cases of a vulnerable/safe twin list (the vulnerable twin must be flagged, the safe twin must not). Free of vitest so
// the build can compile it like any module.
import { scanSource } from '../builtin-analyzer.js';

export interface Twin {
  readonly name: string;
  readonly vulnerable: string;
  readonly safe: string;
  readonly check?: (code: string) => boolean;
}

/** A module of `header` (and `extra`) with one Flask route whose body is `body`, indented. */
export function flaskView(header: string, body: string, extra = ''): string {
  return `${header}${extra}\n@app.route('/x')\ndef view():\n${body
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\n`;
}

export function flags(rule: string): (code: string) => boolean {
  return (code) => scanSource('t.py', code).some((finding) => finding.ruleId === rule);
}

export interface TwinCase {
  readonly title: string;
  readonly flagged: boolean;
  readonly actual: () => boolean;
}

/** Two cases per twin: the vulnerable code flagged, the safe code not. */
export function twinCases(twins: readonly Twin[], check: (code: string) => boolean): TwinCase[] {
  return twins.flatMap((twin) => {
    const flagged = twin.check ?? check;
    return [
      { title: `${twin.name}: vulnerable twin flagged`, flagged: true, actual: () => flagged(twin.vulnerable) },
      { title: `${twin.name}: safe twin clean`, flagged: false, actual: () => flagged(twin.safe) },
    ];
  });
}
