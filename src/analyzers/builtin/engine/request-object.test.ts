// The request object by whichever import names it: `from flask import request` and `import flask` + `flask.request`
// are one source; the standard library's and the requests package's `request` send requests and are none.
import { describe, expect, it } from 'vitest';

import { scanSource } from '../index.js';
import { isRequestObject } from './sources.js';

const rules = (code: string): string[] => scanSource('t.py', code).map((finding) => finding.ruleId);

describe('the request object, however it is imported', () => {
  it('taints flask.request reached through the module', () => {
    const code = [
      'import flask',
      'app = flask.Flask(__name__)',
      "@app.route('/r')",
      'def r():',
      "    target = flask.request.args.get('next')",
      '    return flask.redirect(target)',
    ].join('\n');
    expect(rules(code)).toContain('FDSP-PY-REDIRECT-001');
  });

  it('taints a module alias and a submodule path the same way', () => {
    const aliased = [
      'import flask as fl',
      'import subprocess',
      'app = fl.Flask(__name__)',
      "@app.route('/c')",
      'def c():',
      "    subprocess.call(fl.request.form['cmd'], shell=True)",
      "    return 'ok'",
    ].join('\n');
    expect(rules(aliased)).toContain('FDSP-PY-CMDI-001');
  });

  it('keeps a module-qualified request quiet when the value is allow-listed', () => {
    const code = [
      'import flask',
      "PAGES = {'/home', '/about'}",
      'app = flask.Flask(__name__)',
      "@app.route('/r')",
      'def r():',
      "    target = flask.request.args.get('next', '/home')",
      '    if target not in PAGES:',
      "        target = '/home'",
      '    return flask.redirect(target)',
    ].join('\n');
    expect(rules(code)).not.toContain('FDSP-PY-REDIRECT-001');
  });

  it('takes a from-imported argv or environ for the source it is', () => {
    const code = ['from sys import argv', 'import os', 'def main():', '    os.system("ls " + argv[1])'].join('\n');
    expect(rules(code)).toContain('FDSP-PY-CMDI-001');
    expect(rules(code.replace('argv[1]', '"-l"'))).not.toContain('FDSP-PY-CMDI-001');
  });

  it("takes a CGI script's form for the request it carries", () => {
    const code = ['import cgi, os', 'form = cgi.FieldStorage()', "os.system('ping ' + form.getvalue('host'))"].join(
      '\n',
    );
    expect(rules(code)).toContain('FDSP-PY-CMDI-001');
    expect(rules(code.replace("form.getvalue('host')", "'localhost'"))).not.toContain('FDSP-PY-CMDI-001');
  });

  it('does not take the request-sending modules for a request being handled', () => {
    expect(isRequestObject('flask.request')).toBe(true);
    expect(isRequestObject('quart.request')).toBe(true);
    expect(isRequestObject('urllib.request')).toBe(false);
    expect(isRequestObject('six.moves.urllib.request')).toBe(false);
    expect(isRequestObject('requests.request')).toBe(false);
    const fetching = [
      'import urllib.request',
      'import subprocess',
      'def fetch():',
      "    page = urllib.request.urlopen('https://example.com/list').read()",
      "    subprocess.call(['echo', page])",
    ].join('\n');
    expect(rules(fetching)).not.toContain('FDSP-PY-CMDI-001');
  });

  it("takes a Tornado handler's argument readers on self for request data, and nobody else's", () => {
    const handler = [
      'import subprocess',
      'import tornado.web',
      'class Ping(tornado.web.RequestHandler):',
      '    def get(self):',
      "        host = self.get_query_argument('host')",
      "        subprocess.call('ping -c 1 ' + host, shell=True)",
    ].join('\n');
    expect(rules(handler)).toContain('FDSP-PY-CMDI-001');
    const configured = handler.replace("self.get_query_argument('host')", "settings.get_argument('host')");
    expect(rules(configured)).not.toContain('FDSP-PY-CMDI-001');
  });
});
