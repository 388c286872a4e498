// Forwarders (a helper whose body is one call built from its parameters), as vulnerable/safe twins written for the
// engine: the call a helper forwards to is judged at each call site with the caller's values and checks, the helper's
// own constants included, and the helper's result is bound like the forwarded call's.
import { describe, expect, it } from 'vitest';

import { scanSource } from '../index.js';

const findings = (code: string, ruleId: string): number[] =>
  scanSource('t.py', code)
    .filter((finding) => finding.ruleId === ruleId)
    .map((finding) => finding.line);

const flask = 'from flask import Flask, request\napp = Flask(__name__)\n';

describe('forwarders: the forwarded call is judged at each call site', () => {
  it('reads a permission mode the caller passes to a chmod helper', () => {
    const helper = 'import os\ndef set_mode(target, bits):\n    os.chmod(target, bits)\n';
    expect(findings(`${helper}def publish(p):\n    set_mode(p, 0o777)\n`, 'FDSP-PY-PERM-001')).toEqual([5]);
    expect(findings(`${helper}def publish(p):\n    set_mode(p, 0o600)\n`, 'FDSP-PY-PERM-001')).toEqual([]);
  });

  it('adds the helper’s own constants to the caller’s values (shell=True inside the helper)', () => {
    const helper =
      "import subprocess\nALLOWED = {'ls', 'df'}\ndef sh(line):\n    return subprocess.run(line, shell=True)\n";
    const raw = "@app.route('/x')\ndef x():\n    return sh(request.args['q'])\n";
    const checked =
      "@app.route('/x')\ndef x():\n    q = request.args['q']\n    if q not in ALLOWED:\n        return 'no', 400\n    return sh(q)\n";
    expect(findings(flask + helper + raw, 'FDSP-PY-CMDI-001')).toHaveLength(1);
    expect(findings(flask + helper + checked, 'FDSP-PY-CMDI-001')).toEqual([]);
  });

  it('passes the receiver through: a cursor handed to an execute helper runs the caller’s query', () => {
    const helper = 'def run_query(cur, sql, params=()):\n    return cur.execute(sql, params)\n';
    const built =
      "@app.route('/u')\ndef u():\n    cur = db.cursor()\n    return run_query(cur, \"SELECT * FROM t WHERE n = '\" + request.args['n'] + \"'\")\n";
    const bound =
      "@app.route('/u')\ndef u():\n    cur = db.cursor()\n    return run_query(cur, 'SELECT * FROM t WHERE n = ?', (request.args['n'],))\n";
    const prelude = `${flask}import sqlite3\ndb = sqlite3.connect('x.db')\n${helper}`;
    expect(findings(prelude + built, 'FDSP-PY-SQLI-001')).toHaveLength(1);
    // the helper alone executes a parameter as SQL; its one caller passes a constant query, which decides
    expect(findings(prelude + bound, 'FDSP-PY-SQLI-001')).toEqual([]);
  });

  it('keeps the caller’s checks: an upload saved through a helper after an extension allow-list', () => {
    const helper = 'def store(f, path):\n    f.save(path)\n';
    const checked =
      "ALLOWED = {'png'}\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['f']\n    if f.filename.rsplit('.', 1)[-1].lower() not in ALLOWED:\n        return 'no', 400\n    store(f, '/srv/up/a.png')\n    return 'ok'\n";
    const unchecked =
      "@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['f']\n    store(f, '/srv/up/a.bin')\n    return 'ok'\n";
    expect(findings(flask + helper + unchecked, 'FDSP-PY-UPLOAD-001')).toHaveLength(1);
    expect(findings(flask + helper + checked, 'FDSP-PY-UPLOAD-001')).toEqual([]);
  });

  it('binds the helper’s result like the forwarded call: an archive opened by a helper is a tarfile', () => {
    const opener = 'import tarfile\ndef open_archive(p):\n    return tarfile.open(p)\n';
    const unpack = (call: string): string => `${opener}def unpack(p):\n    archive = open_archive(p)\n    ${call}\n`;
    expect(findings(unpack("archive.extractall('/srv')"), 'FDSP-PY-PATH-002')).toEqual([6]);
    expect(findings(unpack("archive.extractall('/srv', filter='data')"), 'FDSP-PY-PATH-002')).toEqual([]);
  });

  it('reports a constant of the helper’s own once, where it is written', () => {
    const code =
      "import mysql.connector\ndef connect():\n    return mysql.connector.connect(user='app', password='hunter2')\ndef a():\n    return connect()\ndef b():\n    return connect()\n";
    expect(findings(code, 'FDSP-PY-CRED-001')).toEqual([3]);
  });

  it('sees a check-then-use race through a helper that opens the file', () => {
    const helper = "import os\ndef open_text(p):\n    return open(p, encoding='utf-8')\n";
    const racy = `${helper}def load(p):\n    if os.path.exists(p):\n        with open_text(p) as f:\n            return f.read()\n`;
    const direct = `${helper}def load(p):\n    try:\n        with open_text(p) as f:\n            return f.read()\n    except FileNotFoundError:\n        return ''\n`;
    expect(findings(racy, 'FDSP-PY-TOCTOU-001')).toHaveLength(1);
    expect(findings(direct, 'FDSP-PY-TOCTOU-001')).toEqual([]);
  });

  it('is no forwarder when the helper computes with its parameter, or takes *args', () => {
    // `"ls " + arg` inside the helper is a computation: the helper is judged as before, on its own
    const computed = `${flask}import os\ndef ls(arg):\n    return os.system('ls ' + arg)\n@app.route('/l')\ndef l():\n    return ls(request.args['d'])\n`;
    expect(findings(computed, 'FDSP-PY-CMDI-001')).toEqual([5]);
    const splat = 'import os\ndef set_mode(*args):\n    os.chmod(*args)\ndef publish(p):\n    set_mode(p, 0o777)\n';
    expect(findings(splat, 'FDSP-PY-PERM-001')).toEqual([]);
  });
});

describe('keyword arguments read as positions for known signatures', () => {
  it('os.system(command=…) and subprocess.run(args=…, shell=True) are the same sinks', () => {
    const view = (call: string): string => `${flask}import os, subprocess\n@app.route('/x')\ndef x():\n    ${call}\n`;
    expect(findings(view("os.system(command=request.args['c'])"), 'FDSP-PY-CMDI-001')).toHaveLength(1);
    expect(findings(view("subprocess.run(args=request.args['c'], shell=True)"), 'FDSP-PY-CMDI-001')).toHaveLength(1);
    expect(findings(view("subprocess.run(args=['ls', request.args['c']])"), 'FDSP-PY-CMDI-001')).toEqual([]);
  });
});
