import { describe, expect, it } from 'vitest';

import { scanSource } from './builtin-analyzer.js';

const rules = (code: string): string[] => scanSource('example.py', code).map((finding) => finding.ruleId);

describe('star imports of the modules the rules read', () => {
  it('from flask import * binds request: request data reaching a shell is found', () => {
    const code =
      "from flask import *\nimport os\napp = Flask(__name__)\n@app.route('/r')\ndef r():\n    os.system('ping ' + request.args['h'])\n    return 'ok'\n";
    expect(rules(code)).toContain('FDSP-PY-CMDI-001');
  });
  it('from pickle import * binds loads: a request body unpickled is found', () => {
    const code =
      "from flask import Flask, request\nfrom pickle import *\napp = Flask(__name__)\n@app.route('/p', methods=['POST'])\ndef p():\n    return str(loads(request.data))\n";
    expect(rules(code)).toContain('FDSP-PY-DESER-001');
  });
  it('a later definition of the same name is the program’s own function', () => {
    const code =
      "from flask import Flask, request\nfrom pickle import *\napp = Flask(__name__)\ndef loads(data):\n    return data.decode()\n@app.route('/p', methods=['POST'])\ndef p():\n    return loads(request.data)\n";
    expect(rules(code)).not.toContain('FDSP-PY-DESER-001');
  });
  it('a star import of a module outside the table binds nothing', () => {
    const code = "from mylib import *\nrequest = build_request()\nsystem('ls')\n";
    expect(rules(code)).not.toContain('FDSP-PY-CMDI-001');
  });
});
