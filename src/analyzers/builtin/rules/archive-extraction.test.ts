// Tar extraction: a name check moves the finding from name traversal (PATH-002, CWE-22) to the link residual
// (PATH-003, CWE-59); only a check that also covers links (or resolves them) is quiet. Shapes beyond the rule's examples.
import { describe, expect, it } from 'vitest';

import { scanSource } from '../builtin-analyzer.js';

const archiveRules = (code: string): string[] =>
  scanSource('t.py', code)
    .map((finding) => finding.ruleId)
    .filter((id) => id === 'FDSP-PY-PATH-002' || id === 'FDSP-PY-PATH-003');

const loop = (body: string): string =>
  `import tarfile, os, logging\nfrom pathlib import Path\ndef unpack(p, dest):\n    with tarfile.open(p) as tar:\n        for member in tar.getmembers():\n${body
    .split('\n')
    .map((line) => `            ${line}`)
    .join('\n')}\n`;

const cases: readonly { readonly title: string; readonly code: string; readonly expected: readonly string[] }[] = [
  {
    title: 'a check that only logs and falls through to the extraction checks nothing',
    code: loop(
      'if ".." in member.name or os.path.isabs(member.name):\n    logging.warning("odd")\ntar.extract(member, dest)',
    ),
    expected: ['FDSP-PY-PATH-002'],
  },
  {
    title: 'refusing ".." alone leaves absolute names',
    code: loop('if ".." in member.name:\n    continue\ntar.extract(member, dest)'),
    expected: ['FDSP-PY-PATH-002'],
  },
  {
    title: 'a check on another member does not cover this one',
    code: loop(
      'first = tar.getmembers()[0]\nif os.path.isabs(first.name) or ".." in first.name:\n    continue\ntar.extract(member, dest)',
    ),
    expected: ['FDSP-PY-PATH-002'],
  },
  {
    title: 'extracting inside the branch where the name is known good leaves only the link residual',
    code: loop('if not (member.name.startswith("/") or ".." in member.name):\n    tar.extract(member, dest)'),
    expected: ['FDSP-PY-PATH-003'],
  },
  {
    title: 'a pathlib resolve() containment check resolves links and is quiet',
    code: loop(
      'target = (Path(dest) / member.name).resolve()\nif not target.is_relative_to(Path(dest).resolve()):\n    raise ValueError(member.name)\ntar.extract(member, dest)',
    ),
    expected: [],
  },
  {
    title: 'a name check plus extracting regular files only is quiet',
    code: loop(
      'if os.path.isabs(member.name) or ".." in member.name or not member.isreg():\n    continue\ntar.extract(member, dest)',
    ),
    expected: [],
  },
  {
    title: 'extractall without members stays a name traversal whatever the function checks',
    code: 'import tarfile, os\ndef unpack(p, dest):\n    with tarfile.open(p) as tar:\n        names = tar.getnames()\n        if any(os.path.isabs(n) or ".." in n for n in names):\n            return\n        tar.extractall(dest)\n',
    expected: ['FDSP-PY-PATH-002'],
  },
];

describe('tar extraction checks', () => {
  for (const { title, code, expected } of cases) {
    it(title, () => {
      expect(archiveRules(code)).toEqual(expected);
    });
  }
});
