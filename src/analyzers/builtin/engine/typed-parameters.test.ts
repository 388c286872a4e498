// FastAPI converts and validates a handler's parameters by their annotations before the handler runs: a closed type
// (number, bool, UUID, date, Literal of constants, a local Enum) carries no attacker text; str and its wrappers do.
import { describe, expect, it } from 'vitest';

import { scanSource } from '../index.js';

const rules = (code: string): string[] => scanSource('t.py', code).map((finding) => finding.ruleId);

const pinger = (annotation: string, prelude = ''): string =>
  [
    'import subprocess',
    'from enum import Enum',
    'from typing import Annotated, Literal, Optional',
    'from fastapi import FastAPI, Query',
    prelude,
    'app = FastAPI()',
    "@app.get('/ping')",
    `def ping(target: ${annotation}):`,
    "    subprocess.run(f'ping -c 1 {target}', shell=True)",
    "    return 'ok'",
  ].join('\n');

describe('FastAPI parameters of a closed type', () => {
  it('keeps str, Optional[str] and Annotated[str, ...] parameters request data', () => {
    expect(rules(pinger('str'))).toContain('FDSP-PY-CMDI-001');
    expect(rules(pinger('Optional[str] = None'))).toContain('FDSP-PY-CMDI-001');
    expect(rules(pinger('Annotated[str, Query(max_length=20)]'))).toContain('FDSP-PY-CMDI-001');
    // a Literal with a non-constant member is no closed set
    expect(rules(pinger('Literal[HOSTS]'))).toContain('FDSP-PY-CMDI-001');
  });

  it('takes numbers, constant Literals and local Enum members for program values', () => {
    expect(rules(pinger('int'))).not.toContain('FDSP-PY-CMDI-001');
    expect(rules(pinger('Annotated[int, Query(gt=0)] = 1'))).not.toContain('FDSP-PY-CMDI-001');
    expect(rules(pinger('Literal["db1", "db2"] = "db1"'))).not.toContain('FDSP-PY-CMDI-001');
    const enumHost = pinger('Host | None = None', 'class Host(str, Enum):\n    db1 = "db1.internal"\n');
    expect(rules(enumHost)).not.toContain('FDSP-PY-CMDI-001');
  });

  it('does not trust annotations where no framework validates them', () => {
    const flask = pinger('int').replace('from fastapi import FastAPI, Query', 'from flask import Flask as FastAPI');
    expect(
      rules(
        flask
          .replace('app = FastAPI()', 'app = FastAPI(__name__)')
          .replace("@app.get('/ping')", "@app.route('/ping/<target>')"),
      ),
    ).toContain('FDSP-PY-CMDI-001');
  });
});
