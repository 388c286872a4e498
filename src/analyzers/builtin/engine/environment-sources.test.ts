// The deployment's environment picks servers and redirect targets the way a constant does (sources.ts), and stays a
// source for every other sink; joined with request data, the request's part keeps its verdict.
import { describe, expect, it } from 'vitest';

import { scanSource } from '../index.js';

const findings = (body: string, imports = ''): { ruleId: string; message: string }[] =>
  scanSource(
    't.py',
    `import os\n${imports}from flask import Flask, redirect, request\napp = Flask(__name__)\n` +
      `@app.route('/r')\ndef r():\n${body
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n')}\n`,
  );
const rules = (body: string, imports = ''): string[] => findings(body, imports).map((finding) => finding.ruleId);

describe('values read from the environment', () => {
  it('are configuration as the server of an outbound request', () => {
    expect(
      rules(
        "base = os.getenv('API_BASE', 'https://api.example.com')\nreturn requests.get(base + '/health').text",
        'import requests\n',
      ),
    ).toEqual([]);
    expect(rules("return httpx.get(os.environ['STATUS_URL']).text", 'import httpx\n')).toEqual([]);
  });

  it('are configuration as a redirect target', () => {
    expect(rules("return redirect(os.environ.get('LOGIN_PAGE', '/login'))")).toEqual([]);
  });

  it('leave a request-chosen part of the URL tainted, and the message names the request', () => {
    const joined = findings(
      "url = os.environ['PREFIX'] + request.args['path']\nreturn requests.get(url).text",
      'import requests\n',
    );
    expect(joined.map((finding) => finding.ruleId)).toEqual(['FDSP-PY-SSRF-001']);
    expect(joined[0]?.message).toContain('request.args');
    expect(rules("return redirect(os.environ['SITE'] + request.args['next'])")).toContain('FDSP-PY-REDIRECT-001');
  });

  it('keep a format-checked request part clean under a configured host', () => {
    const body =
      "uid = request.args.get('id', '')\nif not uid.isdigit():\n    return 'bad', 400\nbase = os.environ.get('API', 'https://api.example.com')\nreturn requests.get(f'{base}/users/{uid}').text";
    expect(rules(body, 'import requests\n')).toEqual([]);
    const unchecked =
      "uid = request.args.get('id', '')\nbase = os.environ.get('API', 'https://api.example.com')\nreturn requests.get(f'{base}/users/{uid}').text";
    expect(rules(unchecked, 'import requests\n')).toContain('FDSP-PY-SSRF-001');
  });

  it('are still a source for the other sinks', () => {
    expect(rules("os.system('ls ' + os.environ['DIR'])\nreturn 'ok'")).toContain('FDSP-PY-CMDI-001');
  });
});
