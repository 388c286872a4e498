// A module constant naming one literal is read as that literal where rules read literals (module-literals.ts): a
// chmod mode, a replace pair, a startswith prefix, a regex. A name bound a second time anywhere is no such constant.
import { describe, expect, it } from 'vitest';

import { scanSource } from '../index.js';

const rules = (code: string): string[] => scanSource('t.py', code).map((finding) => finding.ruleId);
const flask = 'from flask import Flask, request, redirect\napp = Flask(__name__)\n';

describe('module constants that name a literal', () => {
  it('give a chmod its mode', () => {
    expect(rules('import os\nSHARED_MODE = 0o666\ndef publish(p):\n    os.chmod(p, SHARED_MODE)\n')).toContain(
      'FDSP-PY-PERM-001',
    );
    expect(rules('import os\nPRIVATE_MODE = 0o600\ndef store(p):\n    os.chmod(p, PRIVATE_MODE)\n')).toEqual([]);
  });

  it('reach a forwarding helper as the literal', () => {
    const helper = 'import os\nSHARED_MODE = 0o666\ndef set_mode(path, mode):\n    return os.chmod(path, mode)\n';
    expect(rules(`${helper}def publish(p):\n    set_mode(p, SHARED_MODE)\n`)).toContain('FDSP-PY-PERM-001');
    expect(rules(`${helper}def publish(p):\n    set_mode(p, 0o600)\n`)).toEqual([]);
  });

  it('give a line-break removal its characters', () => {
    const code = (removed: string): string =>
      `import logging\n${flask}LINE_BREAK = ${removed}\n@app.route('/l')\ndef l():\n    name = request.args.get('n', '').replace(LINE_BREAK, '').replace('\\r', '')\n    logging.info('user %s', name)\n    return 'ok'\n`;
    expect(rules(code("'\\n'"))).toEqual([]);
    expect(rules(code("' '"))).toContain('FDSP-PY-LOG-001');
  });

  it('give a redirect check its prefix', () => {
    const code = (prefix: string): string =>
      `${flask}LOCAL = ${prefix}\n@app.route('/go')\ndef go():\n    target = request.args.get('next', '/')\n    if not target.startswith(LOCAL) or target.startswith('//'):\n        target = '/'\n    return redirect(target)\n`;
    expect(rules(code("'/'"))).toEqual([]);
    expect(rules(code("'h'"))).toContain('FDSP-PY-REDIRECT-001');
  });

  it('fold into a suffix built with +, the dot kept', () => {
    const code = (suffix: string): string =>
      `import requests\nfrom urllib.parse import urlsplit\n${flask}API_DOMAIN = 'api.example.org'\n@app.route('/f')\ndef f():\n    url = request.args['u']\n    host = urlsplit(url).hostname or ''\n    if not (host == API_DOMAIN or host.endswith(${suffix})):\n        return 'no', 400\n    return requests.get(url, timeout=5).text\n`;
    expect(rules(code("'.' + API_DOMAIN"))).toEqual([]);
    // without the dot, "evilapi.example.org" passes
    expect(rules(code('API_DOMAIN'))).toContain('FDSP-PY-SSRF-001');
  });

  it('are no constant when the file binds the name again, in any scope', () => {
    const rebound = `import os\nMODE = 0o777\ndef narrow():\n    global MODE\n    MODE = 0o600\ndef store(p):\n    os.chmod(p, MODE)\n`;
    // the mode is unknown: the first literal is not assumed
    expect(rules(rebound)).toEqual([]);
    const shadowed = `${flask}PREFIX = '/'\n@app.route('/go')\ndef go(PREFIX='h'):\n    target = request.args.get('next', '/')\n    if not target.startswith(PREFIX):\n        target = '/'\n    return redirect(target)\n`;
    expect(rules(shadowed)).toContain('FDSP-PY-REDIRECT-001');
  });
});
