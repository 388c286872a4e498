import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { scanSource } from '../analyzers/builtin/index.js';
import type { FileScanResult } from '../analyzers/types.js';
import { createBaseline, partitionByBaseline, readBaseline, writeBaseline } from './index.js';

const root = mkdtempSync(path.join(tmpdir(), 'fdsp-baseline-'));
const file = path.join(root, 'app', 'views.py');

const today = `import subprocess
from flask import request


def render(name):
    return "<b>" + name + "</b>"


def run():
    cmd = request.args.get("cmd")
    return subprocess.check_output(cmd, shell=True)
`;

// The same module after a formatter and an unrelated edit: other functions rewritten, quotes and spacing changed,
// lines inserted above the known finding.
const reformatted = `import subprocess

from flask import request

LIMIT = 10


def render(name: str) -> str:
    prefix = '<b>'
    return prefix + name + '</b>'


def helper(values):
    return [value * 2 for value in values][:LIMIT]


def run():
    cmd = request.args.get( "cmd" )
    return subprocess.check_output( cmd , shell = True )
`;

function scan(text: string): FileScanResult[] {
  return [{ path: file, status: 'ok', findings: scanSource(file, text) }];
}

describe('baselines', () => {
  it('survive a reformat of unrelated code, and still report a new finding', () => {
    const known = scan(today);
    expect(known[0]?.findings.length).toBeGreaterThan(0);
    const target = path.join(root, '.fdsp-baseline.json');
    writeBaseline(target, createBaseline(known, root, '2026-01-01T00:00:00.000Z'));
    const baseline = readBaseline(target);
    expect(baseline.entries.every((entry) => entry.path === 'app/views.py')).toBe(true);

    const after = partitionByBaseline(scan(reformatted), baseline);
    expect(after.results[0]?.findings).toEqual([]);
    expect(after.known.length).toBe(known[0]?.findings.length);

    const withNew = `${reformatted}\n\ndef load():\n    import pickle\n    return pickle.loads(request.data)\n`;
    const next = partitionByBaseline(scan(withNew), baseline);
    expect(next.results[0]?.findings.map((finding) => finding.ruleId)).toEqual(['FDSP-PY-DESER-001']);
    expect(next.known.length).toBe(known[0]?.findings.length);
  });

  it('does not match the same finding in another file', () => {
    const baseline = {
      file: path.join(root, 'b.json'),
      root,
      entries: createBaseline(scan(today), root, 'now').findings,
    };
    const elsewhere = scan(today).map((result) => ({
      ...result,
      path: path.join(root, 'other.py'),
      findings: result.findings.map((finding) => ({ ...finding, path: path.join(root, 'other.py') })),
    }));
    expect(partitionByBaseline(elsewhere, baseline).known).toEqual([]);
  });

  it('rejects a file that is not a baseline with a hint', () => {
    const target = path.join(root, 'not-a-baseline.json');
    writeBaseline(target, createBaseline([], root, 'now'));
    expect(readBaseline(target).entries).toEqual([]);
    expect(() => readBaseline(path.join(root, 'missing.json'))).toThrow(/cannot read the baseline/);
  });
});
