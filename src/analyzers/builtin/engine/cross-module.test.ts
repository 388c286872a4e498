import { describe, expect, it } from 'vitest';

import { fixtureFiles, scoreFixture } from '../../evaluation/cross-module-fixture.js';
import { createBuiltinAnalyzer } from '../index.js';

describe('flows across the modules of one scan (tests/fixtures/cross-module-app)', () => {
  it('finds every marked flow at its call site and keeps every safe twin quiet', async () => {
    const files = fixtureFiles();
    const results = await createBuiltinAnalyzer({ crossModule: true }).scan(files);
    const score = scoreFixture(files, results);
    expect(score.flows).toBeGreaterThanOrEqual(12);
    expect(score.missed).toEqual([]);
    expect(score.noisy).toEqual([]);
    expect(score.precision).toBe(1);
  });
});

describe('a flow rule that does not take operator input, across modules', () => {
  const helper = {
    path: 'app/storage.py',
    text: 'import os\ndef read_report(name):\n    with open(os.path.join("/srv/reports", name)) as fh:\n        return fh.read()\n',
  };
  const scan = async (caller: string) =>
    (
      await createBuiltinAnalyzer({ crossModule: true }).scan([
        { path: 'app/__init__.py', text: '' },
        helper,
        { path: 'app/main.py', text: caller },
      ])
    )
      .flatMap((result) => (result.status === 'ok' ? result.findings : []))
      .filter((finding) => finding.ruleId === 'FDSP-PY-PATH-001')
      .map((finding) => `${finding.path}:${String(finding.line)}`);

  it('reports request data passed into the helper at the call site', async () => {
    const caller =
      'from flask import Flask, request\nfrom app.storage import read_report\napp = Flask(__name__)\n@app.route("/r")\ndef r():\n    return read_report(request.args["name"])\n';
    expect(await scan(caller)).toEqual(['app/main.py:6']);
  });
  it('keeps a command-line argument passed into the same helper quiet', async () => {
    const caller = 'import sys\nfrom app.storage import read_report\nprint(read_report(sys.argv[1]))\n';
    expect(await scan(caller)).toEqual([]);
  });
});
