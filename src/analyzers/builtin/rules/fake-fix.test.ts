import { describe, expect, it } from 'vitest';

import { scanSource } from '../builtin-analyzer.js';
import { promisedOperation, words } from './stub-shapes.js';

const flask = 'from flask import Flask, request\napp = Flask(__name__)\n';

function stubFindings(code: string): { ruleId: string; cwe: number | null; line: number }[] {
  return scanSource('t.py', code)
    .filter((finding) => finding.ruleId.startsWith('FDSP-PY-STUB-'))
    .map((finding) => ({ ruleId: finding.ruleId, cwe: finding.cwe, line: finding.line }));
}

describe('promised operation', () => {
  it('splits identifiers into words', () => {
    expect(words('runShellCommand')).toBe('run shell command');
    expect(words('read_user_file')).toBe('read user file');
  });

  it('takes the first piece of evidence that names an operation', () => {
    expect(promisedOperation(['setname', '', '(first_name)', 'code_execution'])).toBe('code');
    expect(promisedOperation(['fetch_avatar', 'Read the avatar file'])).toBe('url');
    expect(promisedOperation(['store', 'Save the record'])).toBe('unknown');
  });
});

describe('fake-fix rules', () => {
  it('reports the stub at its definition with the CWE its caller names', () => {
    const code = `${flask}@app.route("/exec")\ndef execute_code():\n    apply_snippet(request.args["s"])\n    return "ok"\n\ndef apply_snippet(s):\n    pass\n`;
    expect(stubFindings(code)).toEqual([{ ruleId: 'FDSP-PY-STUB-003', cwe: 95, line: 8 }]);
  });

  it('prefers the stub’s own name over its caller’s', () => {
    const code = `${flask}@app.route("/exec")\ndef execute_code():\n    run_shell(request.args["s"])\n    return "ok"\n\ndef run_shell(cmd):\n    ...\n`;
    expect(stubFindings(code).map((finding) => finding.cwe)).toEqual([78]);
  });

  it('stays quiet on a helper the caller’s docstring names (supplied by the task)', () => {
    const code = `${flask}def checkPassword(user, password):\n    # TODO\n    pass\n\n@app.route("/login")\ndef login():\n    """Check the credentials with checkPassword()."""\n    return str(checkPassword(request.args["u"], request.args["p"]))\n`;
    expect(stubFindings(code)).toEqual([]);
  });

  it('stays quiet on a stub of unknown purpose without an unfinished marker', () => {
    const code = `${flask}def record(event):\n    pass\n\n@app.route("/e")\ndef event():\n    record(request.args["e"])\n    return "", 204\n`;
    expect(stubFindings(code)).toEqual([]);
  });

  it('flags the same stub once it says it is unfinished', () => {
    const code = `${flask}def record(event):\n    # TODO: write the event to the audit log\n    pass\n\n@app.route("/e")\ndef event():\n    record(request.args["e"])\n    return "", 204\n`;
    expect(stubFindings(code)).toEqual([{ ruleId: 'FDSP-PY-STUB-001', cwe: 1071, line: 3 }]);
  });

  it('flags a stub method the module runs on an instance of its concrete class', () => {
    const code = `${flask}class Runner:\n    def run_command(self, cmd):\n        pass\n\n@app.route("/r")\ndef r():\n    Runner().run_command(request.args["c"])\n    return "ok"\n`;
    expect(stubFindings(code)).toEqual([{ ruleId: 'FDSP-PY-STUB-002', cwe: 78, line: 4 }]);
  });

  it('ignores the same method when a subclass overrides it and the module runs the subclass', () => {
    const code = `${flask}import subprocess\nclass Runner:\n    def run_command(self, cmd):\n        pass\n\nclass ListRunner(Runner):\n    def run_command(self, cmd):\n        return subprocess.run(["echo", cmd]).returncode\n\n@app.route("/r")\ndef r():\n    Runner().run_command(request.args["c"])\n    return "ok"\n`;
    expect(stubFindings(code)).toEqual([]);
  });

  it('ignores a stub method in test code and one only called with literals', () => {
    const test = `import pytest\nclass Store:\n    def save_upload(self, f):\n        pass\n\ndef test_store(tmp_path):\n    Store().save_upload(tmp_path)\n`;
    const literal = `class Pinger:\n    def ping(self, host):\n        raise NotImplementedError\n\ndef warm_up():\n    Pinger().ping("localhost")\n`;
    expect([...stubFindings(test), ...stubFindings(literal)]).toEqual([]);
  });

  it('ignores an extension point a base class calls through self', () => {
    const code = `class FeedParser:\n    def parse_xml(self, source):\n        for chunk in source:\n            self.feed_xml(chunk)\n\n    def feed_xml(self, data):\n        raise NotImplementedError("drivers implement this")\n\n\ndef default_parser():\n    return FeedParser()\n`;
    expect(stubFindings(code)).toEqual([]);
  });

  it('flags an uncalled public function that says it is unfinished and names a sink operation', () => {
    const vulnerable = `def deserialize_session(blob):\n    """Restore the session object from its pickled form."""\n    raise NotImplementedError\n`;
    expect(stubFindings(vulnerable).map((finding) => finding.ruleId)).toEqual(['FDSP-PY-STUB-010']);
  });

  it('ignores uncalled stubs that are private, unmarked, called, in tests or named only for files', () => {
    const quiet = [
      `def _run_shell(cmd):\n    # TODO\n    pass\n`,
      `def run_shell(cmd):\n    pass\n`,
      `import pytest\ndef run_shell(cmd):\n    raise NotImplementedError\n`,
      `def save_report_file(path):\n    # TODO: implement later\n    pass\n`,
      `import logging\ndef run_shell(cmd):\n    raise NotImplementedError\n\nHANDLERS = {"shell": run_shell}\n`,
    ];
    expect(quiet.flatMap((code) => stubFindings(code))).toEqual([]);
  });

  it('reads a pass-through method as a stub of the operation its name promises', () => {
    const vulnerable = `import hmac\nclass Tokens:\n    def check_token(self, token, expected):\n        return True\n\ndef allowed(token):\n    return Tokens().check_token(token, "k")\n`;
    const neutral = `class Names:\n    def normalize(self, name):\n        return name\n\nnames = Names()\n\ndef greet(name):\n    return "hi " + names.normalize(name)\n`;
    expect(stubFindings(vulnerable).map((finding) => finding.ruleId)).toEqual(['FDSP-PY-STUB-016']);
    expect(stubFindings(neutral)).toEqual([]);
  });
});

describe('a handler that drops what it reads through an alias', () => {
  const view = (body: string): string =>
    `from django.http import HttpResponse\ndef run_ping(request):\n    """Run ping on the host the operator picked."""\n${body}`;

  it('is a stub when the alias only feeds other dropped values', () => {
    const code = view(
      "    query = request.GET\n    host = query.get('host', '')\n    return HttpResponse('Ping is disabled')\n",
    );
    expect(stubFindings(code).map((finding) => finding.ruleId)).toEqual(['FDSP-PY-STUB-002']);
  });

  it('is no stub when the aliased value reaches the reply', () => {
    const code = view("    query = request.GET\n    host = query.get('host', '')\n    return HttpResponse(host)\n");
    expect(stubFindings(code)).toEqual([]);
  });
});

describe('fake-fix rules read the request by its imported name', () => {
  const handler = (imports: string, read: string): string =>
    `${imports}app = Flask(__name__)\n@app.route("/command", methods=["POST"])\ndef executeCommand():\n    """Receive a command from a post request, validate it, and execute it."""\n    command = ${read}\n    # Running commands from requests is dangerous; validate before running anything here.\n    return "disabled"\n`;

  it.each([
    ['an aliased import', 'from flask import Flask, request as req\n', 'req.form.get("command")'],
    ['the module', 'import flask\nfrom flask import Flask\n', 'flask.request.form.get("command")'],
  ])('reports a handler that drops the request read through %s', (_shape, imports, read) => {
    expect(stubFindings(handler(imports, read)).map((finding) => finding.cwe)).toEqual([78]);
  });

  it('stays quiet when the read value is used', () => {
    const code = `from flask import Flask, request as req\nimport subprocess\napp = Flask(__name__)\n@app.route("/command", methods=["POST"])\ndef executeCommand():\n    """Receive a command from a post request, validate it, and execute it."""\n    command = req.form.get("command")\n    if command not in ("uptime", "df"):\n        return "no", 400\n    return subprocess.run([command], capture_output=True).stdout\n`;
    expect(stubFindings(code)).toEqual([]);
  });
});
