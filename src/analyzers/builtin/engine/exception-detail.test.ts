// Which values carry an exception's details to a response (CWE-209): a keyword's name is no value, whatever it spells;
// an error handler's parameter holds the raised exception (Flask: the first, FastAPI/Starlette: the one after the
// request), as a name an `except ... as` binds does.
import { describe, expect, it } from 'vitest';

import { scanSource } from '../index.js';

const rules = (code: string): string[] => scanSource('t.py', code).map((finding) => finding.ruleId);
const flask = 'from flask import Flask, jsonify\napp = Flask(__name__)\ndef work():\n    return 1\n';

describe('exception detail', () => {
  it('reads a keyword value, not the keyword name, for the exception', () => {
    const view = (value: string): string =>
      `${flask}@app.route('/x')\ndef x():\n    try:\n        return str(work())\n    except Exception as error:\n        return jsonify(error=${value}), 500\n`;
    expect(rules(view('str(error)'))).toContain('FDSP-PY-ERROR-001');
    expect(rules(view('"internal error"'))).not.toContain('FDSP-PY-ERROR-001');
  });

  it("takes an error handler's parameter for the raised exception, by the framework's argument order", () => {
    const flaskHandler = (body: string): string =>
      `${flask}@app.errorhandler(Exception)\ndef failed(problem):\n    return ${body}, 500\n`;
    expect(rules(flaskHandler("'failed: %s' % problem"))).toContain('FDSP-PY-ERROR-001');
    expect(rules(flaskHandler("'failed'"))).not.toContain('FDSP-PY-ERROR-001');
    const starlette = (argument: string): string =>
      `from fastapi import FastAPI\nfrom fastapi.responses import PlainTextResponse\napp = FastAPI()\n@app.exception_handler(RuntimeError)\nasync def failed(request, problem):\n    return PlainTextResponse(str(${argument}), status_code=500)\n`;
    expect(rules(starlette('problem'))).toContain('FDSP-PY-ERROR-001');
    expect(rules(starlette('request.url.path'))).not.toContain('FDSP-PY-ERROR-001');
  });
});
