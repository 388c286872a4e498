// Tar slip (FDSP-PY-PATH-002) beyond the rule's own examples: shapes where a member check exists but does not cover
// the extraction, beside the shapes where it does.
import { describe, expect, it } from 'vitest';

import { scanSource } from '../builtin-analyzer.js';

const flagged = (code: string): boolean =>
  scanSource('unpack.py', code).some((finding) => finding.ruleId === 'FDSP-PY-PATH-002');

const unpack = (body: string): string =>
  `import os, sys, tarfile\n\ndef unpack(p, dest):\n${body
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\n`;

describe('archive extraction after a member check', () => {
  it('a first pass that breaks out at a bad member still extracts it', () => {
    expect(
      flagged(
        unpack('tar = tarfile.open(p)\nfor m in tar:\n    if ".." in m.name:\n        break\ntar.extractall(dest)'),
      ),
    ).toBe(true);
  });

  it('a first pass that exits the process at a bad member covers the extraction', () => {
    expect(
      flagged(
        unpack(
          'tar = tarfile.open(p)\nfor m in tar:\n    if os.path.isabs(m.name):\n        sys.exit(1)\ntar.extractall(dest)',
        ),
      ),
    ).toBe(false);
  });

  it('a check in a nested function that is never shown to run proves nothing', () => {
    expect(
      flagged(
        unpack(
          'tar = tarfile.open(p)\ndef check():\n    for m in tar:\n        if ".." in m.name:\n            raise ValueError(m.name)\ntar.extractall(dest)',
        ),
      ),
    ).toBe(true);
  });

  it('a first pass after the extraction is too late', () => {
    expect(
      flagged(
        unpack(
          'tar = tarfile.open(p)\ntar.extractall(dest)\nfor m in tar:\n    if ".." in m.name:\n        raise ValueError(m.name)',
        ),
      ),
    ).toBe(true);
  });

  it('the checked member rebound before the extraction is unchecked again', () => {
    expect(
      flagged(
        unpack(
          'tar = tarfile.open(p)\nfor m in tar:\n    if ".." in m.name:\n        continue\n    m = tar.getmember("x/../../etc")\n    tar.extract(m, dest)',
        ),
      ),
    ).toBe(true);
  });

  it('a skip loop that rejects absolute and climbing names guards each extraction', () => {
    expect(
      flagged(
        unpack(
          'with tarfile.open(p) as tar:\n    for member in tar.getmembers():\n        if member.name.startswith("/") or ".." in member.name:\n            continue\n        tar.extract(member, dest)',
        ),
      ),
    ).toBe(false);
  });

  it('a containment check on the bare member name tests the working directory, not the destination', () => {
    expect(
      flagged(
        unpack(
          'with tarfile.open(p) as tar:\n    for m in tar.getmembers():\n        if os.path.realpath(m.name).startswith("/srv/"):\n            tar.extract(m, "/srv")',
        ),
      ),
    ).toBe(true);
    expect(
      flagged(
        unpack(
          'with tarfile.open(p) as tar:\n    for m in tar:\n        if not os.path.abspath(m.name).startswith(dest):\n            raise ValueError(m.name)\n    tar.extractall(dest)',
        ),
      ),
    ).toBe(true);
  });

  it('the containment check inline, on the joined destination path, with the extraction inside it', () => {
    expect(
      flagged(
        unpack(
          'with tarfile.open(p) as tar:\n    for m in tar.getmembers():\n        if os.path.realpath(os.path.join(dest, m.name)).startswith(os.path.realpath(dest) + os.sep):\n            tar.extract(m, dest)',
        ),
      ),
    ).toBe(false);
    expect(
      flagged(
        unpack(
          'with tarfile.open(p) as tar:\n    for m in tar.getmembers():\n        if not os.path.realpath(os.path.join(dest, m.name)).startswith(dest):\n            tar.extract(m, dest)',
        ),
      ),
    ).toBe(true);
  });
});
