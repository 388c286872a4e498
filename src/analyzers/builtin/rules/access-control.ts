// Authentication, authorization and privilege (CWE-306, CWE-425, CWE-283, CWE-269, CWE-285); trust flags and
// workflows are in trust-and-workflow.ts.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { argument, assignmentsIn, soleBinding, stringValue } from './check-helpers.js';
import { flaskFilesPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { codeText, descendants, enclosingFunction } from './shared-facts.js';

function decoratorText(fn: PlainNode, analysis: ModuleAnalysis): string {
  const parent = fn.parent;
  if (parent?.type !== 'decorated_definition') return '';
  return parent.children
    .filter((child) => child.type === 'decorator')
    .map((child) => analysis.text(child))
    .join('\n');
}

// Authentication or authorization evidence: a guarding decorator, or a check of the caller's identity in the body.
const authDecorator =
  /login_required|auth|permission|jwt_required|roles?_required|requires?_|admin_required|logged_in|token_required|protected|staff_member_required|user_passes_test|verify|check_/i;

const authCode =
  /current_user|request\.user|\bg\.user|is_authenticated|session\s*\[|session\.get\(|check_auth|authenticate|authori[sz]|has_perm|is_admin|is_staff|is_superuser|abort\(\s*40[13]|verify_token|verify_jwt|jwt_required|get_jwt_identity|PermissionDenied|Unauthorized|Forbidden|login_user|\.owner\b|owner_id|WWW-Authenticate|request\.authorization|api_key|X-API-Key|check_password|checkpw|compare_digest|password['"]?\)?\]?\s*(==|!=)/i;

function hasAuthCheck(fn: PlainNode, analysis: ModuleAnalysis): boolean {
  if (authDecorator.test(decoratorText(fn, analysis))) return true;
  if (authCode.test(codeText(fn, analysis))) return true;
  // A class-based view guarded by a mixin, or an application-wide hook that checks every request.
  for (let current = fn.parent; current; current = current.parent) {
    if (current.type === 'class_definition') {
      const superclasses = childByField(current, 'superclasses');
      if (
        superclasses &&
        /LoginRequired|PermissionRequired|UserPassesTest|IsAuthenticated/.test(analysis.text(superclasses))
      )
        return true;
    }
  }
  return /before_request[\s\S]{0,400}?(session|current_user|authori[sz]|token|login)/i.test(
    codeText(analysis.root, analysis),
  );
}

function processArgument(site: CallSite, analysis: ModuleAnalysis): PlainNode | undefined {
  // psutil.Process(pid).kill(): the pid is the constructor's argument.
  const callee = childByField(site.node, 'function');
  const object = callee ? childByField(callee, 'object') : undefined;
  if (object?.type === 'call') {
    const args = childByField(object, 'arguments');
    return args ? namedChildren(args)[0] : undefined;
  }
  return object && object.type === 'identifier' && analysis.taint(object) ? object : undefined;
}

const lowering = /(lower|drop|restore)_?[Pp]rivileges?|^os\.set(e|re|res)?uid$/;

/** `except:` / `except Exception:` / `except BaseException:` (also inside a tuple): a handler every error reaches. */
function catchesEverything(clause: PlainNode, analysis: ModuleAnalysis): boolean {
  const caught = namedChildren(clause).find((child) => child.type !== 'block');
  if (!caught) return true;
  const types = caught.type === 'as_pattern' ? namedChildren(caught)[0] : caught;
  const names = types?.type === 'tuple' ? namedChildren(types) : types ? [types] : [];
  return names.some((name) => /^(builtins\.)?(Base)?Exception$/.test(analysis.text(name)));
}

/**
 * MITRE's CWE-250 mitigation without `finally`: the statements right after raising are `try` blocks with a
 * catch-all handler, nothing in them leaves early (return, break, continue, a raise in a handler, exit()), and the
 * next statement lowers the privileges. Every way through then reaches the lowering call; a handler for one
 * exception type only (MITRE's `except FileExistsError`) lets the others skip it.
 */
function loweredAfterCatchAll(call: PlainNode, analysis: ModuleAnalysis): boolean {
  let statement: PlainNode = call;
  while (statement.parent && statement.parent.type !== 'block' && statement.parent.type !== 'module')
    statement = statement.parent;
  const siblings = statement.parent?.children.filter((child) => child.named) ?? [];
  let index = siblings.indexOf(statement) + 1;
  let guarded = false;
  for (; siblings[index]?.type === 'try_statement'; index++) {
    const attempt = siblings[index];
    if (!attempt) return false;
    const clauses = attempt.children.filter((child) => child.type === 'except_clause');
    const handlers = clauses.flatMap((clause) => descendants(clause));
    if (!clauses.some((clause) => catchesEverything(clause, analysis))) return false;
    if (descendants(attempt).some((node) => /^(return|break|continue)_statement$/.test(node.type))) return false;
    if (handlers.some((node) => node.type === 'raise_statement')) return false;
    if (/\b(sys\.)?exit\s*\(|\babort\s*\(/.test(codeText(attempt, analysis))) return false;
    guarded = true;
  }
  const next = siblings[index];
  const callee = next?.type === 'expression_statement' ? namedChildren(next)[0] : undefined;
  const name = callee?.type === 'call' ? analysis.text(childByField(callee, 'function') ?? callee) : '';
  return guarded && lowering.test(name);
}

const safeJoins = /^(werkzeug\.(security|utils)\.safe_join|flask\.safe_join|flask\.helpers\.safe_join)$/;

/** `safe_join(BASE, name)` inline, or the name the handler last bound to it before this use. */
function joinedSafely(path: PlainNode, analysis: ModuleAnalysis): boolean {
  const isSafeJoin = (node: PlainNode): boolean =>
    node.type === 'call' && safeJoins.test(analysis.qualify(childByField(node, 'function') ?? node) ?? '');
  if (isSafeJoin(path)) return true;
  const fn = enclosingFunction(path);
  if (path.type !== 'identifier' || !fn) return false;
  const name = analysis.text(path);
  const bound = assignmentsIn(fn, analysis).filter(
    (assignment) => assignment.name === name && assignment.at < path.start,
  );
  const last = bound.at(-1);
  return last !== undefined && isSafeJoin(last.value);
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-AUTH-001',
    name: 'missing-authentication-for-critical-function',
    cwe: 306,
    severity: 'high',
    confidence: 'low',
    message:
      'A web route performs a sensitive action (delete, update, admin, command execution, file change) without any authentication check',
    fixHint:
      'Require an authenticated user for the route (e.g. @login_required / a token check / Depends(get_current_user)) and check that the user may perform the action before doing it.',
    examples: {
      vulnerable: [
        `${flaskFilesPrelude}import os\n@app.route('/files/<name>', methods=['DELETE'])\ndef remove_file(name):\n    os.remove(os.path.join('data', name))\n    return '', 204\n`,
        'from fastapi import FastAPI\napi = FastAPI()\n@api.post("/admin/reset")\ndef reset_all(db):\n    db.execute("DELETE FROM accounts")\n    return {"ok": True}\n',
      ],
      safe: [
        'from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\napp = Flask(__name__)\ndb = SQLAlchemy(app)\n@app.route("/todos/<int:todo_id>", methods=["DELETE"])\ndef delete_todo(todo_id):\n    todo = Todo.query.get_or_404(todo_id)\n    db.session.delete(todo)\n    db.session.commit()\n    return "", 204\n',
        `${flaskFilesPrelude}import os\nfrom flask_login import login_required\n@app.route('/files/<name>', methods=['DELETE'])\n@login_required\ndef remove_file(name):\n    os.remove(os.path.join('data', name))\n    return '', 204\n`,
        `${flaskFilesPrelude}@app.route('/about')\ndef about():\n    return 'about us'\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-AUTHZ-001',
    name: 'direct-file-request-without-authorization',
    cwe: 425,
    severity: 'high',
    confidence: 'low',
    message:
      'A request handler serves a file chosen by request data without checking who is asking (forced browsing / direct request)',
    fixHint:
      "Authenticate the request and check that the user may read this file (e.g. the file's owner is the logged-in user) before serving it; look files up by an id the user owns rather than by names taken from the request.",
    examples: {
      vulnerable: [
        `${flaskFilesPrelude}@app.route('/invoice')\ndef invoice():\n    return send_file('invoices/' + request.args['id'] + '.pdf')\n`,
        'from django.http import FileResponse\ndef report(request, year):\n    return FileResponse(open(f"reports/{request.GET[\'team\']}-{year}.csv", "rb"))\n',
        // a plain os.path.join is no published directory
        `${flaskFilesPrelude}import os\n@app.route('/manual')\ndef manual():\n    page = os.path.join('/srv/manual', request.args['page'])\n    return send_file(page)\n`,
      ],
      safe: [
        'from flask import Flask, send_from_directory\napp = Flask(__name__)\n@app.route("/static-files/<path:filename>")\ndef files(filename):\n    return send_from_directory("/var/www/static", filename)\n',
        `${flaskFilesPrelude}from flask_login import login_required, current_user\n@app.route('/invoice')\n@login_required\ndef invoice():\n    inv = current_user.invoices.get(request.args['id'])\n    return send_file(inv.path)\n`,
        `${flaskFilesPrelude}@app.route('/logo')\ndef logo():\n    return send_file('static/logo.png')\n`,
        // safe_join is the directory check send_from_directory makes: the same published directory
        `${flaskFilesPrelude}from werkzeug.security import safe_join\n@app.route('/manual')\ndef manual():\n    page = safe_join('/srv/manual', request.args['page'])\n    if page is None:\n        abort(404)\n    return send_file(page)\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-OWNER-001',
    name: 'unverified-process-ownership',
    cwe: 283,
    severity: 'medium',
    confidence: 'low',
    message: 'A process chosen by the caller is signalled without checking that it belongs to the requesting user',
    fixHint:
      "Before signalling, check the target's owner, e.g. psutil.Process(pid).uids().real == os.getuid() (or compare against the authenticated user), and refuse otherwise; never kill PIDs taken straight from input.",
    examples: {
      vulnerable: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport os, signal\n@app.route("/kill", methods=["POST"])\ndef kill():\n    os.kill(int(request.form["pid"]), signal.SIGKILL)\n    return "killed"\n',
        'import os, signal\ndef stop(pid):\n    os.kill(int(pid), signal.SIGKILL)\n',
        'import psutil\ndef terminate(job_pid):\n    psutil.Process(job_pid).terminate()\n',
        // a local converted from the parameter is still the caller's PID
        'import os, signal\ndef stop(raw_id):\n    target = int(raw_id.strip())\n    if target < 2:\n        raise ValueError(raw_id)\n    os.kill(target, signal.SIGTERM)\n',
      ],
      safe: [
        'import os, signal, psutil\ndef stop(pid):\n    if psutil.Process(pid).uids().real != os.getuid():\n        raise PermissionError(pid)\n    os.kill(pid, signal.SIGTERM)\n',
        'import os, signal\ndef reload_self():\n    os.kill(os.getpid(), signal.SIGHUP)\n',
        // a local bound once, but not from the caller: the daemon's own pid file, next to an unrelated parameter
        'import os, signal\ndef stop_daemon(grace_seconds):\n    daemon = int(open("/run/mydaemon.pid").read())\n    os.kill(daemon, signal.SIGTERM)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-PRIV-001',
    name: 'privilege-not-dropped',
    // MITRE's own CWE-250 example: raisePrivileges(); os.mkdir(…); lowerPrivileges() — an exception in between
    // leaves the process running privileged. 250 is ChildOf 269, so the finding counts for either target.
    cwe: 250,
    severity: 'medium',
    confidence: 'medium',
    message: 'Privileges are raised but not lowered in a finally block, so an exception leaves them raised',
    fixHint:
      'Lower privileges in a finally: block right after raising them (raise; try: work() finally: lower()), and keep the privileged section as small as possible.',
    examples: {
      vulnerable: [
        'import os\ndef mk(name):\n    os.seteuid(0)\n    os.mkdir("/home/" + name)\n    os.seteuid(1000)\n',
        // MITRE's example: other errors than FileExistsError skip lowerPrivileges()
        'import os\ndef mk(name):\n    raisePrivileges()\n    try:\n        os.mkdir("/home/" + name)\n    except FileExistsError:\n        print("exists")\n    lowerPrivileges()\n',
        // a catch-all that returns (or re-raises) leaves before the lowering call
        'import os\ndef mk(name):\n    raisePrivileges()\n    try:\n        os.mkdir("/home/" + name)\n    except Exception:\n        return False\n    lowerPrivileges()\n    return True\n',
        'import os\ndef mk(name):\n    raisePrivileges()\n    try:\n        os.mkdir("/home/" + name)\n    except BaseException:\n        log("failed")\n        raise\n    lowerPrivileges()\n',
      ],
      safe: [
        'import os\ndef mk(name):\n    os.seteuid(0)\n    try:\n        os.mkdir("/home/" + name)\n    finally:\n        os.seteuid(1000)\n',
        // a catch-all handler that does not leave: the lowering call after the try runs on every path
        'import os\ndef mk(name):\n    raisePrivileges()\n    try:\n        os.mkdir("/home/" + name)\n    except FileExistsError:\n        print("exists")\n    except Exception as error:\n        print(error)\n    lowerPrivileges()\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-PAM-001',
    name: 'pam-authorization-bypass',
    cwe: 285,
    severity: 'high',
    confidence: 'medium',
    message:
      'pam_authenticate() is used without pam_acct_mgmt(), so account restrictions (expired, locked) are not checked',
    fixHint:
      'After a successful pam_authenticate(handle, 0), also call pam_acct_mgmt(handle, 0) and treat a non-zero result as a failed login.',
    examples: {
      vulnerable: ['def auth(libpam, handle):\n    return libpam.pam_authenticate(handle, 0) == 0\n'],
      safe: [
        'def auth(libpam, handle):\n    if libpam.pam_authenticate(handle, 0) != 0:\n        return False\n    return libpam.pam_acct_mgmt(handle, 0) == 0\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-AUTH-001': {
    node(node, analysis) {
      if (node.type !== 'function_definition') return;
      const decorators = decoratorText(node, analysis);
      if (!/\.(route|get|post|put|patch|delete|api_route)\s*\(/.test(decorators)) return;
      const name = analysis.text(childByField(node, 'name') ?? node);
      const routeAndName = `${name} ${decorators}`;
      if (/log_?in|log_?out|sign_?(in|up|out)|register|index|health|static|public|reset_request|forgot/i.test(name))
        return;
      const code = codeText(node, analysis);
      // CWE-306 is about critical functions: privileged operations by name, or destroying files, processes or whole
      // tables. Ordinary record writes (INSERT/UPDATE, ORM save/commit/delete of one row) and running a tool are what
      // every CRUD or utility endpoint does, so they alone do not make a function critical.
      const sensitiveName =
        /admin|shutdown|restart|reboot|transfer|withdraw|payment|grant|revoke|purge|drop_|create_user|add_user|delete_user|change_password|set_role|make_admin|promote/i.test(
          routeAndName,
        );
      const sensitiveAction =
        /os\.(remove|unlink|rmdir|kill)|shutil\.rmtree|\b(DROP|ALTER|GRANT|TRUNCATE)\b|\bDELETE\s+FROM\s+\w+\s*["';)]|\.delete_many\(/.test(
          analysis.text(node),
        ) || /\.objects\.all\(\)\.delete\(\)/.test(code);
      if (!sensitiveName && !sensitiveAction) return;
      if (hasAuthCheck(node, analysis)) return;
      analysis.report('FDSP-PY-AUTH-001', childByField(node, 'name') ?? node, { detail: `${name}()` });
    },
  },
  'FDSP-PY-AUTHZ-001': {
    call(site, analysis) {
      const info = analysis.function;
      if (!info?.handler) return;
      const serves =
        /^(flask\.)?(send_file|send_from_directory)$|FileResponse$|static_file$/.test(site.name) ||
        (['open', 'io.open'].includes(site.name) &&
          !/[wax+]/.test(stringValue(analysis, site.positional[1] ?? site.keywords.get('mode')) ?? 'r'));
      if (!serves) return;
      const path = site.name.endsWith('send_from_directory')
        ? (site.positional[1] ?? site.keywords.get('path'))
        : argument(site, 0, 'file');
      const taint = path ? analysis.taint(path) : undefined;
      // An uploader's own file name is not a request for someone else's file.
      if (taint?.origin !== 'remote' || /^request\.(files|FILES)/.test(taint.from)) return;
      // open() only serves when the handler sends something back as a response.
      if (
        !/send_file|send_from_directory|FileResponse|static_file/.test(site.name) &&
        !/Response\(|make_response\(|send_file\(|return\s+\w*(data|content|file|body)\w*\b/i.test(
          analysis.text(info.node),
        )
      )
        return;
      if (hasAuthCheck(info.node, analysis)) return;
      // send_from_directory is the sanctioned way to publish a directory by file name; it only bypasses access control
      // in an application that has users at all (some other code authenticates). A path made by safe_join, the check
      // send_from_directory runs, publishes the same directory.
      const published =
        site.name.endsWith('send_from_directory') || (path !== undefined && joinedSafely(path, analysis));
      if (published && !authCode.test(codeText(analysis.root, analysis))) return;
      analysis.report('FDSP-PY-AUTHZ-001', site.node, { detail: `file chosen by ${taint.from}` });
    },
  },
  'FDSP-PY-OWNER-001': {
    call(site, analysis) {
      const signals =
        ['os.kill', 'os.killpg'].includes(site.name) ||
        /psutil\.Process\(\)\.(kill|terminate|send_signal|suspend|resume)$/.test(site.name);
      if (!signals) return;
      const pid = site.name.startsWith('os.') ? site.positional[0] : site.node;
      const target = site.name.startsWith('os.') ? pid : processArgument(site, analysis);
      if (!target || analysis.isConstant(target) || /getpid|getppid|\.pid\b/.test(analysis.text(target))) return;
      // Signal 0 only probes whether the process exists.
      if (site.name.startsWith('os.') && site.positional[1] && analysis.text(site.positional[1]) === '0') return;
      // The PID comes from outside this function (a parameter or input), not from a process it started itself.
      const parameters = new Set(analysis.function?.parameters ?? []);
      const fn = enclosingFunction(site.node) ?? analysis.root;
      const fromOutside = (node: PlainNode): boolean =>
        [node, ...descendants(node)].some(
          (part) =>
            part.type === 'identifier' && (parameters.has(analysis.text(part)) || analysis.taint(part) !== undefined),
        );
      // `pid = int(process_id)` then `os.kill(pid, ...)`: a local bound once from a parameter is the caller's PID too.
      const external =
        fromOutside(target) ||
        [target, ...descendants(target)].some((part) => {
          if (part.type !== 'identifier') return false;
          const bound = soleBinding(fn, analysis.text(part), analysis);
          // a PID the function started itself (`Popen(argv).pid`) is its own, whatever built the command
          return bound !== undefined && !/getpid|getppid|\.pid\b/.test(analysis.text(bound)) && fromOutside(bound);
        });
      // In a request handler a PID the handler did not start itself is the client's choice, even after int().
      if (!external && !analysis.function?.handler) return;
      if (/st_uid|getuid|geteuid|\.uids\(|\.username\(|getpwuid|owner|same_user/i.test(codeText(fn, analysis))) return;
      analysis.report('FDSP-PY-OWNER-001', site.node);
    },
  },
  'FDSP-PY-PRIV-001': {
    node(node, analysis) {
      if (node.type !== 'call') return;
      const callee = childByField(node, 'function');
      if (!callee) return;
      const text = analysis.text(callee);
      const args = childByField(node, 'arguments');
      const raisesToRoot =
        /^os\.(setuid|seteuid|setreuid|setresuid)$/.test(text) && args && /^\(\s*0\s*[,)]/.test(analysis.text(args));
      const raiseHelper = /^(raise|elevate|escalate|acquire|gain)_?[Pp]rivileges?$/.test(text);
      if (!raisesToRoot && !raiseHelper) return;
      // A raising helper's own body is not the privileged section; its callers are.
      let functionNode: PlainNode | undefined;
      for (let current = node.parent; current; current = current.parent) {
        if (current.type === 'try_statement' && current.children.some((child) => child.type === 'finally_clause'))
          return;
        if (current.type === 'function_definition') {
          functionNode = current;
          break;
        }
      }
      if (
        raisesToRoot &&
        functionNode &&
        /^(raise|elevate|escalate|acquire|gain)_?[Pp]rivileges?$/.test(
          analysis.text(childByField(functionNode, 'name') ?? node),
        )
      )
        return;
      const following = functionNode ? analysis.text(functionNode).slice(node.end - functionNode.start) : '';
      if (/finally\s*:[\s\S]*(lower|drop|restore|set(e|re|res)?uid)/.test(following)) return;
      if (loweredAfterCatchAll(node, analysis)) return;
      analysis.report('FDSP-PY-PRIV-001', node);
    },
  },
  'FDSP-PY-PAM-001': {
    call(site, analysis) {
      if (site.method === 'pam_authenticate' && !/pam_acct_mgmt/.test(analysis.moduleText()))
        analysis.report('FDSP-PY-PAM-001', site.node);
    },
    node(node, analysis) {
      // `pam_authenticate = libpam.pam_authenticate` then `pam_authenticate(h, 0)`: the call's method is the alias.
      if (
        node.type === 'call' &&
        childByField(node, 'function')?.type === 'identifier' &&
        analysis.text(childByField(node, 'function') ?? node) === 'pam_authenticate' &&
        !/pam_acct_mgmt/.test(analysis.moduleText())
      ) {
        analysis.report('FDSP-PY-PAM-001', node);
      }
    },
  },
};

export const accessControlRules: RuleFamily = { definitions, logic };
