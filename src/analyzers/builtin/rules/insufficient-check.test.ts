import { describe, expect, it } from 'vitest';

import { scanSource } from '../builtin-analyzer.js';

const flask = 'from flask import Flask, request, redirect\nimport requests\napp = Flask(__name__)\n';

function ruleIds(code: string, prefix: string): string[] {
  return scanSource('t.py', code)
    .map((finding) => finding.ruleId)
    .filter((id) => id.startsWith(prefix));
}

const fetchWith = (url: string): string =>
  `${flask}@app.route("/f")\ndef f():\n    v = request.args["v"]\n    return requests.get(${url}).text\n`;

describe('user-controlled URL authority (FDSP-PY-CHECK-006)', () => {
  it.each([
    ['f"https://api.example.com{v}"', 'text glued onto the host'],
    ['f"{v}://api.example.com/x"', 'the scheme'],
    ['"https://" + v + "@api.example.com/x"', 'the userinfo'],
    ['"http://10.0.0.5.nip.io:80" + v', 'a host with a port'],
  ])('flags %s (%s)', (url) => {
    expect(ruleIds(fetchWith(url), 'FDSP-PY-CHECK-006')).toEqual(['FDSP-PY-CHECK-006']);
  });

  it.each([
    ['f"https://api.example.com/{v}"', 'a path after the host'],
    ['f"https://api.example.com/x?q={v}"', 'a query value'],
    ['"https://" + v + ".example.com/x"', 'a user-chosen subdomain (the plain SSRF rule covers it)'],
    ['f"https://api.example.com{int(v)}"', 'a converted value'],
  ])('does not flag %s (%s)', (url) => {
    expect(ruleIds(fetchWith(url), 'FDSP-PY-CHECK-006')).toEqual([]);
  });
});

describe('weak URL checks (FDSP-PY-CHECK-004, -005)', () => {
  it('flags a scheme-only check but not a host allow-list on the same URL', () => {
    const weak = `${flask}@app.route("/f")\ndef f():\n    u = request.args["u"]\n    if "http" in u:\n        return requests.get(u).text\n    return "no"\n`;
    const strong = `${flask}from urllib.parse import urlsplit\n@app.route("/f")\ndef f():\n    u = request.args["u"]\n    if u.startswith("https://") and urlsplit(u).hostname in {"a.example"}:\n        return requests.get(u).text\n    return "no"\n`;
    expect(ruleIds(weak, 'FDSP-PY-CHECK-004')).toEqual(['FDSP-PY-CHECK-004']);
    expect(ruleIds(strong, 'FDSP-PY-CHECK-004')).toEqual([]);
  });

  it('flags an empty-netloc redirect check unless leading slashes and backslashes are rejected', () => {
    const body = (extra: string): string =>
      `${flask}from urllib.parse import urlparse\n@app.route("/n")\ndef n():\n    t = request.args["t"]\n    if not urlparse(t).netloc${extra}:\n        return redirect(t)\n    return redirect("/")\n`;
    expect(ruleIds(body(''), 'FDSP-PY-CHECK-005')).toEqual(['FDSP-PY-CHECK-005']);
    expect(ruleIds(body(' and not t.startswith("//") and "\\\\" not in t'), 'FDSP-PY-CHECK-005')).toEqual([]);
  });
});
