import { describe, expect, it } from 'vitest';

import { createBuiltinAnalyzer } from '../analyzers/builtin/index.js';
import { leaveAside, leaveKnownAside } from './index.js';

const person = `import pickle
import subprocess
from flask import request


def run():
    cmd = request.args.get("cmd")
    return subprocess.check_output(cmd, shell=True)  # fdsp: ignore[FDSP-PY-CMDI-001] allow-listed by the proxy


def load():
    return pickle.loads(request.data)
`;

describe('leaving known findings aside in a repair', () => {
  it('drops what the person suppressed from candidate scans, but never honours a suppression a model adds', async () => {
    const analyzer = createBuiltinAnalyzer();
    const everything = await analyzer.scan([{ path: 'app.py', text: person }]);
    const { results, leftAside } = leaveAside(everything, new Map([['app.py', person]]), undefined);
    expect(leftAside?.suppressed.map((finding) => finding.ruleId)).toEqual(['FDSP-PY-CMDI-001']);
    expect(results[0]?.findings.map((finding) => finding.ruleId)).toEqual(['FDSP-PY-DESER-001']);

    const repairScans = leaveKnownAside(analyzer, { results: everything, kept: results });
    // A candidate that hides the new finding behind its own suppression comment still has it.
    const sneaky = person.replace(
      'return pickle.loads(request.data)',
      'return pickle.loads(request.data)  # fdsp: ignore[FDSP-PY-DESER-001] trusted',
    );
    const [candidate] = await repairScans.scan([{ path: 'app.py', text: sneaky }]);
    expect(candidate?.findings.map((finding) => finding.ruleId)).toEqual(['FDSP-PY-DESER-001']);
    // A real fix of the new finding leaves nothing: the person's suppressed one stays aside.
    const fixed = person.replace('return pickle.loads(request.data)', 'return request.get_json()');
    const [clean] = await repairScans.scan([{ path: 'app.py', text: fixed }]);
    expect(clean?.findings).toEqual([]);
    // The plain analyzer still sees the suppressed finding: suppressions live only in this project layer.
    const [raw] = await analyzer.scan([{ path: 'app.py', text: fixed }]);
    expect(raw?.findings.map((finding) => finding.ruleId)).toEqual(['FDSP-PY-CMDI-001']);
  });
});
