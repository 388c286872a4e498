// Web and service configuration (CWE-215, CWE-605, CWE-614, CWE-209): debug mode, binding, cookie flags, error exposure.
import { namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { carriesExceptionDetail } from '../engine/exception-detail.js';
import { isTrue, matches, stringValue } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { responseCalls } from './shared-facts.js';

function exposesException(value: PlainNode, analysis: ModuleAnalysis): boolean {
  return carriesExceptionDetail(
    value,
    (node) => analysis.isException(node),
    (node) => analysis.qualify(node),
  );
}

const httpErrorCalls = [
  'fastapi.HTTPException',
  'starlette.exceptions.HTTPException',
  'HTTPException',
  'flask.abort',
  'werkzeug.exceptions.abort',
];

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-DEBUG-001',
    name: 'debug-mode',
    cwe: 215,
    severity: 'medium',
    confidence: 'high',
    message: 'The web application runs with debug mode on (interactive debugger and stack traces exposed)',
    fixHint:
      'Turn debug off in code (app.run() without debug=True, DEBUG = False) and enable it only through a development-only environment variable.',
    examples: {
      vulnerable: [
        'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n',
        'DEBUG = True\nALLOWED_HOSTS = []\n',
        'from flask import Flask\napp = Flask(__name__)\napp.config["DEBUG"] = True\napp.run()\n',
        'from flask import Flask\napp = Flask(__name__)\napp.config.from_mapping(SECRET_KEY="x", DEBUG=True)\napp.run()\n',
      ],
      safe: [
        'from flask import Flask\napp = Flask(__name__)\napp.run()\n',
        'import os\nfrom flask import Flask\napp = Flask(__name__)\napp.config.update(DEBUG=os.environ.get("FLASK_DEBUG") == "1", TESTING=False)\napp.run()\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-BIND-001',
    name: 'bind-all-interfaces',
    cwe: 605,
    severity: 'medium',
    confidence: 'medium',
    message: 'A server binds to all network interfaces',
    fixHint:
      'Bind to 127.0.0.1 (or a specific interface from configuration) unless the service must be reachable from other hosts.',
    examples: {
      vulnerable: [
        'import socket\ns = socket.socket()\ns.bind(("0.0.0.0", 80))\n',
        'from flask import Flask\napp = Flask(__name__)\napp.run(host="0.0.0.0")\n',
        'import socketserver\nserver = socketserver.ThreadingTCPServer(("", 9000), socketserver.StreamRequestHandler)\n',
        'from http.server import HTTPServer, SimpleHTTPRequestHandler\nHTTPServer(("0.0.0.0", 8000), SimpleHTTPRequestHandler).serve_forever()\n',
      ],
      safe: [
        'import socket\ns = socket.socket()\ns.bind(("127.0.0.1", 80))\n',
        'import socketserver\nserver = socketserver.UDPServer(("127.0.0.1", 9000), socketserver.DatagramRequestHandler)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-COOKIE-001',
    name: 'cookie-without-secure-flag',
    cwe: 614,
    severity: 'medium',
    confidence: 'medium',
    message: 'A cookie is set without the Secure flag, so it can travel over cleartext HTTP',
    fixHint: 'Set cookies with secure=True, httponly=True and samesite="Lax" (or "Strict").',
    examples: {
      vulnerable: [
        `${flaskPrelude}@app.route('/l')\ndef l():\n    r = make_response('x')\n    r.set_cookie('sid', 'v')\n    return r\n`,
      ],
      safe: [
        `${flaskPrelude}@app.route('/l')\ndef l():\n    r = make_response('x')\n    r.set_cookie('sid', 'v', secure=True, httponly=True)\n    return r\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-ERROR-001',
    name: 'stack-trace-exposure',
    cwe: 209,
    severity: 'medium',
    confidence: 'medium',
    message: 'Exception details are returned to the client',
    fixHint:
      'Log the exception on the server (logging.exception) and return a generic error message with a suitable status code; never send str(e) or traceback text in the response.',
    examples: {
      vulnerable: [
        `${flaskPrelude}@app.route('/x')\ndef x():\n    try:\n        work()\n    except Exception as e:\n        return Response(str(e), 500)\n`,
        `${flaskPrelude}import traceback\n@app.route('/x')\ndef x():\n    try:\n        work()\n    except Exception:\n        return traceback.format_exc()\n`,
        // through a variable, as the inline forms
        `${flaskPrelude}from traceback import format_exc\n@app.route('/x')\ndef x():\n    try:\n        work()\n    except Exception:\n        detail = format_exc()\n        return Response(detail, 500)\n`,
        `${flaskPrelude}@app.route('/x')\ndef x():\n    try:\n        work()\n    except ValueError as e:\n        message = f'bad input: {e}'\n        body = {'error': message}\n        return jsonify(body), 400\n`,
        // an error handler's exception is the raised one; its return is the error response
        `${flaskPrelude}@app.errorhandler(500)\ndef failed(err):\n    return f'failed: {err}', 500\n`,
        'from fastapi import FastAPI, Request\nfrom fastapi.responses import JSONResponse\napp = FastAPI()\n@app.exception_handler(ValueError)\nasync def bad_value(request: Request, exc: ValueError):\n    return JSONResponse(status_code=400, content={"message": exc.args[0]})\n',
        // the HTTP error's detail / description is the response body
        'from fastapi import FastAPI, HTTPException\napp = FastAPI()\n@app.post("/x")\ndef x():\n    try:\n        return work()\n    except KeyError as missing:\n        raise HTTPException(404, f"no such key {missing!r}")\n',
        `${flaskPrelude}from flask import abort\n@app.route('/x')\ndef x():\n    try:\n        return work()\n    except OSError as e:\n        abort(500, description=repr(e))\n`,
      ],
      safe: [
        `${flaskPrelude}import logging\n@app.route('/x')\ndef x():\n    try:\n        work()\n    except Exception as e:\n        logging.exception(e)\n        return 'internal error', 500\n`,
        // the detail is logged, and the name that held it is rebound to a generic message before it is returned
        `${flaskPrelude}import logging, traceback\n@app.route('/x')\ndef x():\n    try:\n        work()\n    except Exception:\n        detail = traceback.format_exc()\n        logging.error(detail)\n        detail = 'internal error'\n        return Response(detail, 500)\n`,
        `${flaskPrelude}import logging\n@app.errorhandler(500)\ndef failed(err):\n    logging.getLogger(__name__).error('failed: %s', err)\n    return jsonify(error='internal error', code=500), 500\n`,
        'from fastapi import FastAPI, HTTPException\napp = FastAPI()\n@app.post("/x")\ndef x():\n    try:\n        return work()\n    except KeyError:\n        raise HTTPException(status_code=404, detail="no such key")\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-DEBUG-001': {
    call(site, analysis) {
      if (site.method === 'run' && isTrue(analysis, site.keywords.get('debug')))
        analysis.report('FDSP-PY-DEBUG-001', site.node);
      // Flask's `app.config.update(DEBUG=True)` / `from_mapping(...)` set the flag `app.run()` reads
      if (/\.config\.(update|from_mapping)$/.test(site.name) && isTrue(analysis, site.keywords.get('DEBUG')))
        analysis.report('FDSP-PY-DEBUG-001', site.node);
    },
    assign(target, value, analysis) {
      const name = analysis.text(target);
      if (
        (name === 'DEBUG' && target.parent?.parent?.parent?.type === 'module') ||
        /\.debug$|\[\s*['"]DEBUG['"]\s*\]$/.test(name)
      ) {
        if (isTrue(analysis, value)) analysis.report('FDSP-PY-DEBUG-001', target);
      }
    },
  },
  'FDSP-PY-BIND-001': {
    call(site, analysis) {
      // socketserver/http.server classes bind their server_address in the constructor
      const serverAddress =
        site.method === 'bind' || /^(socketserver|http\.server|xmlrpc\.server)\.\w*(Server)$/.test(site.name);
      if (serverAddress && site.positional[0]?.type === 'tuple') {
        const host = namedChildren(site.positional[0])[0];
        if (host && ['0.0.0.0', '', '::', '::0'].includes(stringValue(analysis, host) ?? '-'))
          analysis.report('FDSP-PY-BIND-001', site.node);
      } else if (
        site.method === 'run' &&
        ['0.0.0.0', '::'].includes(stringValue(analysis, site.keywords.get('host')) ?? '-')
      ) {
        analysis.report('FDSP-PY-BIND-001', site.node);
      }
    },
  },
  'FDSP-PY-COOKIE-001': {
    call(site, analysis) {
      if (site.method !== 'set_cookie' || !site.receiver || site.hasStarArguments) return;
      if (!isTrue(analysis, site.keywords.get('secure'))) analysis.report('FDSP-PY-COOKIE-001', site.node);
    },
  },
  'FDSP-PY-ERROR-001': {
    returned(value, analysis) {
      // an error handler's return is the error response, as a view's is its response
      if (!analysis.function?.handler && !analysis.function?.exceptionParameter) return;
      if (exposesException(value, analysis)) analysis.report('FDSP-PY-ERROR-001', value);
    },
    call(site, analysis) {
      // The HTTP error's detail is the response body: FastAPI/Starlette send HTTPException's `detail` as JSON, and
      // Flask's abort(code, description) renders the description into its error page.
      if (matches(site.name, httpErrorCalls)) {
        const detail = site.keywords.get('detail') ?? site.keywords.get('description') ?? site.positional[1];
        if (detail && exposesException(detail, analysis)) analysis.report('FDSP-PY-ERROR-001', site.node);
        return;
      }
      if (
        !matches(site.name, [...responseCalls, 'jsonify', 'flask.jsonify', 'JsonResponse', 'django.http.JsonResponse'])
      )
        return;
      if ([...site.positional, ...site.keywords.values()].some((value) => exposesException(value, analysis)))
        analysis.report('FDSP-PY-ERROR-001', site.node);
    },
  },
};

export const webConfigRules: RuleFamily = { definitions, logic };
