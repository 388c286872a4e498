import { describe, expect, it } from 'vitest';

import { ruleIds as idsOf } from './testing.js';

const id = 'FDSP-PY-CHECK-009';
const flask = 'from flask import Flask, request\nimport re, httpx\napp = Flask(__name__)\n';
const ruleIds = (code: string): string[] => idsOf(code, id);

describe('format-checked request host (FDSP-PY-CHECK-009)', () => {
  it('flags an asserted pattern on a host label passed as url=', () => {
    const code = `${flask}@app.route("/r")\ndef r():\n    region = request.args["region"]\n    assert re.fullmatch(r"[a-z]{2}", region)\n    return httpx.get(url=f"https://{region}-api.example.net/v1").text\n`;
    expect(ruleIds(code)).toEqual([id]);
  });

  it('flags a whole host that is only checked for letters', () => {
    const code = `${flask}@app.route("/r")\ndef r():\n    host = request.args["host"]\n    if host.isalpha():\n        return httpx.get("http://" + host + "/ping").text\n    return "no"\n`;
    expect(ruleIds(code)).toEqual([id]);
  });

  it.each([
    [
      'a value mapped to a fixed host',
      'region = request.args["region"]\n    if not region.isalpha():\n        return "no"\n    base = {"eu": "https://eu.example.net"}.get(region, "https://example.net")\n    return httpx.get(base + "/v1").text',
    ],
    [
      'a format-checked query value',
      'q = request.args["q"]\n    if not q.isalnum():\n        return "no"\n    return httpx.get(f"https://api.example.net/search?q={q}").text',
    ],
    [
      'a host from a function parameter, not the request',
      'return "see helper"\ndef helper(host):\n    if host.isalnum():\n        return httpx.get(f"https://{host}.example.net").text\n    return None',
    ],
  ])('does not flag %s', (_shape, body) => {
    expect(ruleIds(`${flask}@app.route("/r")\ndef r():\n    ${body}\n`)).toEqual([]);
  });
});
