// Values a type fixes (typed-values.ts): Enum lookups, and FastAPI parameters and pydantic fields whose annotation the
// framework enforces. Each twin differs only in whether the type really fixes the value.
import { describe, expect, it } from 'vitest';

import { flags, twinCases, type Twin } from './flow-twins.js';

const sql = flags('FDSP-PY-SQLI-001');
const command = flags('FDSP-PY-CMDI-001');

const flaskHeader =
  'import os, sqlite3\nfrom enum import Enum, IntEnum\nfrom flask import Flask, request\napp = Flask(__name__)\n';
const fastapiHeader =
  'import os\nfrom typing import Literal\nfrom enum import Enum\nfrom fastapi import FastAPI\nfrom pydantic import BaseModel\napp = FastAPI()\n';

const twins: readonly Twin[] = [
  {
    name: "an Enum lookup returns one of the class's members or raises",
    check: sql,
    vulnerable: `${flaskHeader}class Order:\n    def __init__(self, value):\n        self.value = value\n@app.route('/r')\ndef r():\n    order = Order(request.args['o'])\n    return str(sqlite3.connect('d').execute('SELECT * FROM t ORDER BY ' + order.value).fetchall())\n`,
    safe: `${flaskHeader}class Order(Enum):\n    NAME = 'name'\n    DATE = 'created'\n@app.route('/r')\ndef r():\n    order = Order(request.args['o'])\n    return str(sqlite3.connect('d').execute('SELECT * FROM t ORDER BY ' + order.value).fetchall())\n`,
  },
  {
    name: 'an Enum whose _missing_ hook may answer unknown input is not a fixed set',
    check: command,
    vulnerable: `${flaskHeader}class Level(str, Enum):\n    LOW = '1'\n    @classmethod\n    def _missing_(cls, value):\n        return value\n@app.route('/n')\ndef n():\n    os.system('nice -n ' + Level(request.args['l']))\n    return 'ok'\n`,
    safe: `${flaskHeader}class Base(IntEnum):\n    pass\nclass Level(Base):\n    LOW = 1\n    HIGH = 10\n@app.route('/n')\ndef n():\n    os.system('nice -n ' + str(Level(int(request.args['l'])).value))\n    return 'ok'\n`,
  },
  {
    name: 'FastAPI enforces a Literal parameter; a plain str one is the caller text',
    check: command,
    vulnerable: `${fastapiHeader}@app.get('/svc')\ndef svc(name: str):\n    os.system('systemctl status ' + name)\n    return {}\n`,
    safe: `${fastapiHeader}@app.get('/svc')\ndef svc(name: Literal['nginx', 'redis'] = 'nginx'):\n    os.system('systemctl status ' + name)\n    return {}\n`,
  },
  {
    name: 'Flask does not enforce annotations: a Literal-typed view argument is still the URL text',
    check: command,
    vulnerable: `${flaskHeader}from typing import Literal\n@app.route('/svc/<name>')\ndef svc(name: Literal['nginx', 'redis']):\n    os.system('systemctl status ' + name)\n    return 'ok'\n`,
    safe: `${flaskHeader}from typing import Literal\nSERVICES = ('nginx', 'redis')\n@app.route('/svc/<name>')\ndef svc(name: Literal['nginx', 'redis']):\n    if name not in SERVICES:\n        return 'no', 404\n    os.system('systemctl status ' + name)\n    return 'ok'\n`,
  },
  {
    name: 'a pydantic body model fixes the fields its annotations fix, not its other fields',
    check: command,
    vulnerable: `${fastapiHeader}class Job(BaseModel):\n    queue: Literal['fast', 'slow']\n    note: str\n@app.post('/job')\nasync def job(body: Job):\n    os.system('enqueue ' + body.queue + ' ' + body.note)\n    return {}\n`,
    safe: `${fastapiHeader}class Queue(str, Enum):\n    FAST = 'fast'\n    SLOW = 'slow'\nclass Job(BaseModel):\n    queue: Queue\n    retries: int = 0\n    note: str = ''\n@app.post('/job')\nasync def job(body: Job):\n    os.system('enqueue ' + body.queue.value + ' ' + str(body.retries))\n    return {}\n`,
  },
];

describe('typed values', () => {
  for (const twin of twinCases(twins, command))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});
