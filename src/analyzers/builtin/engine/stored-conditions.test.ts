// A check stored in a name may be built from another stored check; the guard follows the chain a few hops, as people
// write it (`m = re.fullmatch(...)`, `ok = bool(m)`, `if not ok: return`). Twins the labelled sets do not contain.
import { describe, expect, it } from 'vitest';

import { flags, flaskView, twinCases, type Twin } from './flow-twins.js';

const header = 'import os, re\nfrom flask import Flask, request\napp = Flask(__name__)\n';
const view = (body: string): string => flaskView(header, body);

const twins: readonly Twin[] = [
  {
    name: 'a match stored, then its truth stored, then checked',
    vulnerable: view(
      "c = request.args['c']\nm = re.search(r'[a-z]+', c)\nok = bool(m)\nif not ok:\n    return 'no'\nos.system('ls ' + c)",
    ),
    safe: view(
      "c = request.args['c']\nm = re.fullmatch(r'[a-z]+', c)\nok = bool(m)\nif not ok:\n    return 'no'\nos.system('ls ' + c)",
    ),
  },
  {
    name: 'three names deep',
    vulnerable: view(
      "c = request.args['c']\nm = re.fullmatch(r'[a-z]+', c)\nok = bool(m)\nfine = ok\nif fine:\n    print('checked')\nos.system('ls ' + c)",
    ),
    safe: view(
      "c = request.args['c']\nm = re.fullmatch(r'[a-z]+', c)\nok = bool(m)\nfine = ok\nif not fine:\n    return 'no'\nos.system('ls ' + c)",
    ),
  },
  {
    name: 'the stored check is of another value',
    vulnerable: view(
      "c = request.args['c']\nd = request.args['d']\nm = re.fullmatch(r'[a-z]+', d)\nok = bool(m)\nif not ok:\n    return 'no'\nos.system('ls ' + c)",
    ),
    safe: view(
      "c = request.args['c']\nd = request.args['d']\nm = re.fullmatch(r'[a-z]+', c)\nok = bool(m)\nif not ok:\n    return 'no'\nos.system('ls ' + c)",
    ),
  },
];

describe('stored checks built from stored checks', () => {
  for (const twin of twinCases(twins, flags('FDSP-PY-CMDI-001')))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});
