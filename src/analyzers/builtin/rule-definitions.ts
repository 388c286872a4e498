// The builtin rules as data. Each rule is written from the CWE and the API's semantics; its examples are the
// contract the test suite checks (every vulnerable snippet must raise the rule, no safe snippet may).
import { designRuleDefinitions } from './rule-definitions-design.js';
import type { RuleDefinition } from './rule-types.js';

const flask = 'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\n';

const coreRuleDefinitions: readonly RuleDefinition[] = [
  // ---------------------------------------------------------------- flows: untrusted data into a sink
  {
    id: 'FDSP-PY-SQLI-001',
    name: 'sql-injection',
    cwe: 89,
    severity: 'high',
    confidence: 'high',
    message: 'Untrusted data is built into an SQL statement that is executed',
    fixHint:
      'Pass values as query parameters instead of formatting them into the SQL text: cursor.execute("SELECT * FROM users WHERE name = %s", (name,)) (use ? for sqlite3). Never use f-strings, %, + or .format() to build SQL.',
    flow: { sink: 'sql', parameterSources: true },
    examples: {
      vulnerable: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport sqlite3\n@app.route("/tag")\ndef tag():\n    if (name := request.args.get("tag")) is None:\n        return "missing", 400\n    db = sqlite3.connect("blog.db")\n    return str(db.execute("SELECT id FROM posts WHERE tag = \'{}\'".format(name)).fetchall())\n',
        `${flask}@app.route('/u')\ndef u():\n    name = request.args.get('name')\n    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")\n`,
        'import sqlite3\ndef find(conn, user_id):\n    query = "SELECT * FROM t WHERE id = %s" % user_id\n    return conn.cursor().execute(query).fetchall()\n',
        'def remove(db, name):\n    db.execute("DELETE FROM users WHERE name = \'" + name + "\'")\n',
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport sqlite3\n@app.route("/bulk")\ndef bulk():\n    ids = [int(x) for x in request.args.get("ids", "").split(",") if x.isdigit()]\n    marks = ",".join("?" for _ in ids)\n    conn = sqlite3.connect("app.db")\n    return str(conn.execute(f"SELECT * FROM items WHERE id IN ({marks})", ids).fetchall())\n',
        'def find(conn, user_id):\n    conn.cursor().execute("SELECT * FROM t WHERE id = %s", (user_id,))\n',
        `${flask}@app.route('/u')\ndef u():\n    n = int(request.args.get('n'))\n    cur.execute(f"SELECT * FROM t LIMIT {n}")\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-NOSQL-001',
    name: 'nosql-injection',
    cwe: 943,
    severity: 'high',
    confidence: 'medium',
    message: 'Untrusted data is used to build a NoSQL query',
    fixHint:
      "Validate the type of every query value (e.g. str(value) or reject dicts), never build $where/JavaScript or filter expressions from input, and pass values through the driver's typed parameters (ExpressionAttributeValues for DynamoDB).",
    flow: { sink: 'nosql', parameterSources: true },
    examples: {
      vulnerable: [
        `${flask}import json\n@app.route('/f')\ndef f():\n    q = json.loads(request.args['q'])\n    return str(db.users.find(q))\n`,
        `${flask}@app.route('/f')\ndef f():\n    return str(db.users.find_one({'$where': 'this.name == "' + request.args['n'] + '"'}))\n`,
        'import boto3\nclient = boto3.client("dynamodb")\ndef get_user(username):\n    return client.get_item(TableName="users", Key={"username": {"S": username}})\n',
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nfrom pymongo import MongoClient\ndb = MongoClient()["app"]\n@app.route("/find")\ndef find():\n    return str(db.users.find_one({"name": request.args.get("name")}))\n',
        'def f(db):\n    return db.users.find({"active": True})\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CMDI-001',
    name: 'command-injection',
    cwe: 78,
    severity: 'high',
    confidence: 'high',
    message: 'Untrusted data reaches an operating-system command',
    fixHint:
      'Do not run a shell: call subprocess.run([...], shell=False) with the program and each argument as separate list items, validate the argument against an allow-list, and use shlex.quote() only if a shell string is unavoidable.',
    flow: { sink: 'shell', parameterSources: true },
    examples: {
      vulnerable: [
        'import os\ndef ping(host):\n    os.system("ping -c 1 " + host)\n',
        'import subprocess\ncmd = input("cmd: ")\nsubprocess.run(cmd, shell=True)\n',
        `${flask}import subprocess as sp\n@app.route('/x')\ndef x():\n    return sp.check_output(["sh", "-c", request.args['c']])\n`,
      ],
      safe: [
        'import subprocess\ndef run_with_timeout(cmd, timeout):\n    return subprocess.Popen(cmd).wait(timeout=timeout)\n',
        'import subprocess\ndef ping(host):\n    if host not in ("a", "b"):\n        return\n    subprocess.run(["ping", "-c", "1", host])\n',
        'import os, shlex\ndef ls(d):\n    os.system("ls " + shlex.quote(d))\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CODE-001',
    name: 'code-injection',
    cwe: 95,
    severity: 'high',
    confidence: 'high',
    message: 'Untrusted data is evaluated as Python code',
    fixHint:
      'Never pass input to eval/exec/compile. Parse data with ast.literal_eval() or json.loads(), or map the input to a fixed set of allowed operations.',
    flow: { sink: 'code', parameterSources: true },
    examples: {
      vulnerable: [
        'def calc(expr):\n    return eval(expr)\n',
        `${flask}@app.route('/run', methods=['POST'])\ndef run():\n    exec(compile(request.form['code'], '<s>', 'exec'))\n    return 'ok'\n`,
      ],
      safe: ['import ast\ndef calc(expr):\n    return ast.literal_eval(expr)\n', 'x = eval("1 + 2")\n'],
    },
  },
  {
    id: 'FDSP-PY-SSTI-001',
    name: 'template-injection',
    cwe: 94,
    severity: 'high',
    confidence: 'high',
    message: 'Untrusted data is used as template source code (server-side template injection)',
    fixHint:
      'Keep the template text constant (render_template with a file, or a literal template) and pass user data only as render variables: render_template_string("Hello {{ name }}", name=name).',
    flow: { sink: 'template', parameterSources: false },
    examples: {
      vulnerable: [
        `${flask}from flask import render_template_string\n@app.route('/h')\ndef h():\n    return render_template_string('<p>' + request.args['n'] + '</p>')\n`,
        `${flask}import jinja2\n@app.route('/h')\ndef h():\n    return jinja2.Template(request.args['t']).render()\n`,
      ],
      safe: [
        `${flask}from flask import render_template_string\n@app.route('/h')\ndef h():\n    return render_template_string('<p>{{ n }}</p>', n=request.args['n'])\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-PATH-001',
    name: 'path-traversal',
    cwe: 22,
    severity: 'high',
    confidence: 'high',
    message: 'A file-system path is built from untrusted data without confining it to a base directory',
    fixHint:
      'Reduce the name with werkzeug.utils.secure_filename() or os.path.basename(), join it to a fixed base directory, resolve with os.path.realpath() and reject the request unless the result startswith() the real base directory. For downloads prefer flask.send_from_directory().',
    flow: { sink: 'path', parameterSources: false },
    examples: {
      vulnerable: [
        'from pathlib import Path\nfrom fastapi import FastAPI\napp = FastAPI()\nBASE = Path("/srv/uploads")\n@app.get("/files/{name}")\ndef get_file(name: str):\n    return (BASE / name).read_text()\n',
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport os\ndef read_report(name):\n    with open(os.path.join("/srv/reports", name)) as fh:\n        return fh.read()\n@app.route("/report")\ndef report():\n    return read_report(request.args.get("name", ""))\n',
        `${flask}@app.route('/read')\ndef read():\n    with open(request.args['name']) as f:\n        return f.read()\n`,
        `${flask}import os\nfrom flask import send_file\n@app.route('/d')\ndef d():\n    return send_file(os.path.join('/data', request.args.get('p')))\n`,
        'import os\ndef delete(request):\n    os.remove(os.path.join("/img", request.POST.get("name")))\n',
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nREPORTS = {"daily": "/srv/daily.csv", "weekly": "/srv/weekly.csv"}\n@app.route("/report")\ndef report():\n    path = REPORTS.get(request.args.get("name", ""))\n    if path is None:\n        return "no", 404\n    with open(path) as fh:\n        return fh.read()\n',
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport os\nROOT = "/srv/data"\n@app.route("/read")\ndef read():\n    p = os.path.abspath(os.path.join(ROOT, request.args.get("path", "")))\n    if os.path.commonpath([p, ROOT]) != ROOT:\n        return "bad", 400\n    with open(p) as fh:\n        return fh.read()\n',
        'from pathlib import Path\nfrom fastapi import FastAPI, HTTPException\napp = FastAPI()\nBASE = Path("/srv/uploads").resolve()\n@app.get("/files/{name}")\ndef get_file(name: str):\n    target = (BASE / name).resolve()\n    if not target.is_relative_to(BASE):\n        raise HTTPException(status_code=400)\n    return target.read_text()\n',
        `${flask}import os\nfrom werkzeug.utils import secure_filename\n@app.route('/read')\ndef read():\n    p = os.path.join('/data', secure_filename(request.args['name']))\n    return open(p).read()\n`,
        `${flask}import os\n@app.route('/read')\ndef read():\n    p = os.path.realpath(os.path.join('/data', request.args['name']))\n    if not p.startswith('/data/'):\n        return 'no', 400\n    return open(p).read()\n`,
        'def read(name):\n    return open(name).read()\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-PATH-002',
    name: 'archive-extraction-traversal',
    cwe: 22,
    severity: 'high',
    confidence: 'medium',
    message: 'Archive members are extracted without checking their paths (tar slip)',
    fixHint:
      'Validate every member before extracting: reject absolute names, names containing "..", links and devices, and check os.path.realpath(os.path.join(dest, member.name)).startswith(dest); on Python 3.12+ pass filter="data" to extract()/extractall().',
    examples: {
      vulnerable: [
        'import tarfile\ndef unpack(p):\n    with tarfile.open(p) as tar:\n        tar.extractall("/tmp/x")\n',
        'import tarfile\ndef unpack(p):\n    tar = tarfile.open(p)\n    for m in tar.getmembers():\n        tar.extract(m, "/srv")\n',
      ],
      safe: [
        'import tarfile\ndef unpack(p):\n    with tarfile.open(p) as tar:\n        tar.extractall("/srv", filter="data")\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-REDIRECT-001',
    name: 'open-redirect',
    cwe: 601,
    severity: 'medium',
    confidence: 'high',
    message: 'The redirect target comes from the request without checking it is a local or allowed URL',
    fixHint:
      'Redirect only to relative paths or allow-listed hosts: parse the target with urllib.parse.urlparse(), require an empty netloc (or a netloc in an allow-list) and a safe scheme, e.g. with django.utils.http.url_has_allowed_host_and_scheme(); otherwise redirect to a fixed default page.',
    flow: { sink: 'redirect', parameterSources: false },
    examples: {
      vulnerable: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\n@app.route("/out")\ndef out():\n    url = request.args.get("url", "")\n    if url.startswith("http"):\n        return redirect(url)\n    return redirect("/")\n',
        `${flask}@app.route('/go')\ndef go():\n    return redirect(request.args.get('next'))\n`,
        'from django.http import HttpResponseRedirect\ndef go(request):\n    return HttpResponseRedirect(request.GET["url"])\n',
        `${flask}@app.route('/go')\ndef go():\n    r = Response('')\n    r.headers['Location'] = request.args['next']\n    return r\n`,
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nfrom urllib.parse import urlparse\nALLOWED = {"example.com"}\n@app.route("/out")\ndef out():\n    url = request.args.get("url", "")\n    if urlparse(url).hostname not in ALLOWED:\n        return "bad", 400\n    return redirect(url)\n',
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nfrom urllib.parse import urlparse\n@app.route("/done")\ndef done():\n    target = request.args.get("next", "")\n    parsed = urlparse(target)\n    if parsed.netloc or parsed.scheme:\n        return redirect("/")\n    return redirect(target or "/")\n',
        `${flask}from urllib.parse import urlparse\n@app.route('/go')\ndef go():\n    target = request.args.get('next', '/')\n    if urlparse(target).netloc != '':\n        target = '/'\n    return redirect(target)\n`,
        `${flask}@app.route('/go')\ndef go():\n    return redirect('/home')\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-XSS-001',
    name: 'reflected-xss',
    cwe: 79,
    severity: 'high',
    confidence: 'medium',
    message: 'Request data is written into an HTML response without escaping',
    fixHint:
      'Escape the value for HTML before putting it in the response (markupsafe.escape() / html.escape()), or render a template with autoescaping on (render_template with .html files); return JSON or text/plain when no HTML is needed.',
    flow: { sink: 'html', parameterSources: false },
    examples: {
      vulnerable: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\n@app.route("/p", methods=["POST"])\ndef p():\n    nickname = request.get_json().get("nickname", "")\n    page = "<div>" + nickname + "</div>"\n    return page\n',
        `${flask}@app.route('/hi')\ndef hi():\n    return make_response('<h1>Hello ' + request.args['name'] + '</h1>')\n`,
        `${flask}@app.route('/hi')\ndef hi():\n    name = request.args.get('name', '')\n    return f'Hello {name}'\n`,
        'from django.http import HttpResponse\ndef hi(request):\n    return HttpResponse("Hello %s" % request.GET["n"])\n',
      ],
      safe: [
        `${flask}from markupsafe import escape\n@app.route('/hi')\ndef hi():\n    return f'Hello {escape(request.args["name"])}'\n`,
        `${flask}from flask import jsonify\n@app.route('/hi')\ndef hi():\n    return jsonify(name=request.args['name'])\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-XSS-002',
    name: 'template-autoescape-off',
    cwe: 79,
    severity: 'medium',
    confidence: 'high',
    message: 'A Jinja2 environment is created without HTML autoescaping',
    fixHint:
      'Create the environment with autoescaping on: jinja2.Environment(loader=..., autoescape=jinja2.select_autoescape(["html", "xml"])) or autoescape=True.',
    examples: {
      vulnerable: [
        'from jinja2 import Environment, FileSystemLoader\nenv = Environment(loader=FileSystemLoader("t"))\n',
        'import jinja2\nenv = jinja2.Environment(autoescape=False)\n',
      ],
      safe: ['from jinja2 import Environment, select_autoescape\nenv = Environment(autoescape=select_autoescape())\n'],
    },
  },
  {
    id: 'FDSP-PY-LDAP-001',
    name: 'ldap-injection',
    cwe: 90,
    severity: 'high',
    confidence: 'high',
    message: 'Untrusted data is built into an LDAP filter or DN',
    fixHint:
      'Escape every value put into a filter with ldap.filter.escape_filter_chars() (ldap3: ldap3.utils.conv.escape_filter_chars) and DN parts with ldap.dn.escape_dn_chars(); keep the base DN fixed.',
    flow: { sink: 'ldap', parameterSources: true },
    examples: {
      vulnerable: [
        `${flask}import ldap\n@app.route('/u')\ndef u():\n    con = ldap.initialize('ldap://x')\n    return str(con.search_s('dc=x', ldap.SCOPE_SUBTREE, '(uid=' + request.args['u'] + ')'))\n`,
        'import ldap3\ndef find(conn, user):\n    conn.search("dc=x", f"(cn={user})")\n',
      ],
      safe: [
        'import ldap\nfrom ldap.filter import escape_filter_chars\ndef find(con, user):\n    con.search_s("dc=x", ldap.SCOPE_SUBTREE, "(uid=%s)" % escape_filter_chars(user))\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-XPATH-001',
    name: 'xpath-injection',
    cwe: 643,
    severity: 'high',
    confidence: 'medium',
    message: 'Untrusted data is built into an XPath expression',
    fixHint:
      'Use XPath variables instead of string building: tree.xpath("//user[@name=$name]", name=value) (lxml), or validate the value against a strict allow-list before use; ElementTree\'s findall() has no variables, so filter the elements in Python instead.',
    flow: { sink: 'xpath', parameterSources: true },
    examples: {
      vulnerable: [
        `${flask}import xml.etree.ElementTree as ET\nroot = ET.parse('u.xml').getroot()\n@app.route('/u')\ndef u():\n    return str(root.findall(f"./user[@name='{request.args['n']}']"))\n`,
        'from lxml import etree\ndef q(doc, v):\n    return doc.xpath("/tag[@id=%s]" % v)\n',
        `${flask}from xml.etree import ElementTree\ncatalog = ElementTree.parse('c.xml').getroot()\n@app.route('/item')\ndef item():\n    path = ".//item[@sku='" + request.args.get('sku', '') + "']"\n    hit = catalog.find(path)\n    return hit.text if hit is not None else ''\n`,
      ],
      safe: [
        'from lxml import etree\ndef q(doc, v):\n    return doc.xpath("/tag[@id=$v]", v=v)\n',
        `${flask}@app.route('/pos')\ndef pos():\n    return str(request.args.get('q', '').find('x'))\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-REGEX-001',
    name: 'regex-injection',
    cwe: 730,
    severity: 'medium',
    confidence: 'medium',
    message: 'Untrusted data is used as a regular expression (ReDoS / pattern injection)',
    fixHint:
      'Escape user text with re.escape() before putting it into a pattern, or use plain substring operations (in, str.find) when no pattern is needed.',
    flow: { sink: 'regex', parameterSources: true },
    examples: {
      vulnerable: [
        'import re\nEMAIL = re.compile(r"^([a-zA-Z0-9]+)*@example\\.com$")\ndef ok(value):\n    return bool(EMAIL.match(value))\n',
        `${flask}import re\n@app.route('/s')\ndef s():\n    return str(re.search(request.args['p'], request.args['t']))\n`,
        'import re\ndef has(word, text):\n    return re.compile(word).search(text) is not None\n',
      ],
      safe: [
        'import re\nEMAIL = re.compile(r"^[a-zA-Z0-9]+@example\\.com$")\ndef ok(value):\n    return bool(EMAIL.match(value))\n',
        'import re\ndef has(word, text):\n    return re.search(re.escape(word), text) is not None\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-LOG-001',
    name: 'log-injection',
    cwe: 117,
    severity: 'medium',
    confidence: 'medium',
    message: 'Request data is written to a log without neutralising line breaks',
    fixHint:
      'Remove or encode CR/LF before logging user data, e.g. value.replace("\\r", "").replace("\\n", ""), or log it with repr(); prefer structured logging with the value as a separate field.',
    flow: { sink: 'log', parameterSources: false },
    examples: {
      vulnerable: [
        `${flask}import logging\n@app.route('/l')\ndef l():\n    logging.info('user: ' + request.args['u'])\n    return ''\n`,
        `${flask}@app.route('/l')\ndef l():\n    app.logger.error(f"bad input {request.args.get('x')}")\n    return ''\n`,
      ],
      safe: [
        `${flask}import logging\n@app.route('/l')\ndef l():\n    u = request.args['u'].replace('\\n', '').replace('\\r', '')\n    logging.info('user: %s', u)\n    return ''\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-SSRF-001',
    name: 'server-side-request-forgery',
    cwe: 918,
    severity: 'high',
    confidence: 'medium',
    message: 'An outbound request goes to a URL built from request data (SSRF)',
    fixHint:
      'Do not let the client choose the host: keep scheme and host fixed, validate the user part against an allow-list (or a strict pattern such as ^[A-Za-z0-9-]+$) and URL-encode it with urllib.parse.quote(); reject private and loopback addresses.',
    flow: { sink: 'url', parameterSources: false },
    examples: {
      vulnerable: [
        `${flask}import requests\n@app.route('/p')\ndef p():\n    return requests.get(request.args['url']).text\n`,
        `${flask}import requests\n@app.route('/p')\ndef p():\n    sub = request.args.get('sub')\n    return requests.get(f"https://{sub}.example.com").text\n`,
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport requests\nfrom urllib.parse import urlparse\nALLOWED_HOSTS = {"api.github.com"}\n@app.route("/p")\ndef p():\n    url = request.args.get("url", "")\n    if urlparse(url).hostname not in ALLOWED_HOSTS:\n        return "bad", 400\n    return requests.get(url, timeout=5).text\n',
        `${flask}import requests\n@app.route('/p')\ndef p():\n    uid = request.args.get('id')\n    if not uid.isdigit():\n        return 'bad', 400\n    return requests.get(f"https://api.example.com/u/{uid}").text\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-HEADER-001',
    name: 'http-header-injection',
    cwe: 113,
    severity: 'medium',
    confidence: 'medium',
    message: 'Request data is written into an HTTP response header without removing CR/LF',
    fixHint:
      'Reject or strip "\\r" and "\\n" from any value put into a header, and validate it against the expected format (e.g. an allow-list of content types).',
    flow: { sink: 'header', parameterSources: false },
    examples: {
      vulnerable: [
        `${flask}@app.route('/h')\ndef h():\n    r = make_response('x')\n    r.headers['X-User'] = request.args['u']\n    return r\n`,
        `${flask}@app.route('/h')\ndef h():\n    return Response('x', content_type=request.args['ct'])\n`,
        'from django.http import HttpResponse\ndef h(request):\n    r = HttpResponse()\n    r["X-Name"] = request.GET["n"]\n    return r\n',
      ],
      safe: [
        `${flask}@app.route('/h')\ndef h():\n    r = make_response('x')\n    r.headers['X-User'] = request.args['u'].replace('\\r', '').replace('\\n', '')\n    return r\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-DESER-001',
    name: 'unsafe-deserialization',
    cwe: 502,
    severity: 'high',
    confidence: 'high',
    message: 'Untrusted data is deserialized with a format that can execute code (pickle, marshal, unsafe YAML)',
    fixHint:
      'Use a data-only format for untrusted input: json.loads() or yaml.safe_load(); if objects must be exchanged, sign them with hmac and verify the signature before loading.',
    flow: { sink: 'deserialize', parameterSources: true },
    examples: {
      vulnerable: [
        `${flask}import pickle, base64\n@app.route('/p', methods=['POST'])\ndef p():\n    return str(pickle.loads(base64.b64decode(request.data)))\n`,
        'import _pickle as cPickle\ndef load(token):\n    return cPickle.loads(token)\n',
      ],
      safe: ['import json\ndef load(token):\n    return json.loads(token)\n'],
    },
  },
  {
    id: 'FDSP-PY-DESER-002',
    name: 'yaml-unsafe-load',
    cwe: 502,
    severity: 'high',
    confidence: 'high',
    message: 'yaml.load() without SafeLoader can construct arbitrary Python objects',
    fixHint: 'Use yaml.safe_load(data) (or yaml.load(data, Loader=yaml.SafeLoader)).',
    examples: {
      vulnerable: [
        'import yaml\ndef load(text):\n    return yaml.unsafe_load(text)\n',
        'import yaml\ndef load(p):\n    with open(p) as f:\n        return yaml.load(f, Loader=yaml.FullLoader)\n',
        'from yaml import load\ncfg = load(open("c.yml"))\n',
      ],
      safe: [
        'import yaml\ndef load(s):\n    return yaml.safe_load(s)\n',
        'import yaml\nx = yaml.load(s, Loader=yaml.SafeLoader)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-ADDR-001',
    name: 'untrusted-network-destination',
    cwe: 941,
    severity: 'medium',
    confidence: 'medium',
    message: 'A socket connects or sends to an address taken from untrusted data',
    fixHint:
      'Do not take the destination host from the received data or the request; reply only to the verified peer address, or check the destination against an allow-list of hosts.',
    flow: { sink: 'address', parameterSources: true },
    examples: {
      vulnerable: [
        'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nwhile True:\n    data, addr = s.recvfrom(1024)\n    ip = data.decode().split(":")[0]\n    s.sendto(b"x", (ip, 53))\n',
        'def reply(sock, ip, payload):\n    sock.sendto(payload, (ip, 8080))\n',
        'import socket\ndef forward_to(dest_host, body):\n    pass\ndef relay(sock):\n    while True:\n        msg, _ = sock.recvfrom(4096)\n        target = msg.split(b" ")[0].decode()\n        forward_to(target, msg)\n',
      ],
      safe: [
        'import socket\ndef connect(host):\n    return socket.create_connection((host, 443))\n',
        'import socket\ndef ping(sock):\n    sock.sendto(b"x", ("10.0.0.1", 53))\n',
        'def notify(sock, msg):\n    send_alert(msg, "10.0.0.7")\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-UPLOAD-001',
    name: 'unrestricted-file-upload',
    cwe: 434,
    severity: 'high',
    confidence: 'medium',
    message:
      'An uploaded file is stored without restricting its type (no extension allow-list or content check), or under the client-supplied file name',
    fixHint:
      'Accept only an allow-list of extensions and verify the content type/content (e.g. open images with Pillow), pass the name through werkzeug.utils.secure_filename() or generate a random name, cap the size, and store uploads outside the web root.',
    examples: {
      vulnerable: [
        `${flask}import os\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['file']\n    f.save(os.path.join('uploads', f.filename))\n    return 'ok'\n`,
        'from django.core.files.storage import default_storage\ndef avatar(request):\n    upload = request.FILES["avatar"]\n    default_storage.save("avatars/" + str(request.user.id), upload)\n',
        'from fastapi import FastAPI, UploadFile\nimport shutil\napi = FastAPI()\n@api.post("/doc")\nasync def doc(file: UploadFile):\n    with open("store/latest.bin", "wb") as out:\n        shutil.copyfileobj(file.file, out)\n',
      ],
      safe: [
        `${flask}import os, uuid\nALLOWED = {'png', 'jpg'}\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['file']\n    ext = f.filename.rsplit('.', 1)[-1].lower()\n    if ext not in ALLOWED:\n        return 'bad type', 400\n    f.save(os.path.join('uploads', uuid.uuid4().hex + '.' + ext))\n    return 'ok'\n`,
        `${flask}from werkzeug.utils import secure_filename\ndef image_ok(upload):\n    return upload.mimetype in ('image/png', 'image/jpeg')\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['file']\n    if not image_ok(f):\n        return 'bad', 400\n    f.save('uploads/' + secure_filename(f.filename))\n    return 'ok'\n`,
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
        `${flask}@app.route('/x')\ndef x():\n    try:\n        work()\n    except Exception as e:\n        return Response(str(e), 500)\n`,
        `${flask}import traceback\n@app.route('/x')\ndef x():\n    try:\n        work()\n    except Exception:\n        return traceback.format_exc()\n`,
      ],
      safe: [
        `${flask}import logging\n@app.route('/x')\ndef x():\n    try:\n        work()\n    except Exception as e:\n        logging.exception(e)\n        return 'internal error', 500\n`,
      ],
    },
  },
  // ---------------------------------------------------------------- API misuse
  {
    id: 'FDSP-PY-JWT-001',
    name: 'jwt-without-verification',
    cwe: 347,
    severity: 'high',
    confidence: 'high',
    message: 'A JSON Web Token is decoded without verifying its signature',
    fixHint:
      'Verify the signature: jwt.decode(token, key, algorithms=["HS256"]) with the real secret or public key and an explicit algorithm list; never pass verify=False, options={"verify_signature": False} or the "none" algorithm.',
    examples: {
      vulnerable: [
        'import jwt\ndef read(t):\n    return jwt.decode(t, options={"verify_signature": False})\n',
        'import jwt\ndef read(t):\n    return jwt.decode(t, verify=False)\n',
        'import jwt\ndef read(t):\n    return jwt.decode(t)\n',
        'import jwt\ndef read(t, k):\n    return jwt.decode(t, k, algorithms=["none"])\n',
      ],
      safe: ['import jwt\ndef read(t, key):\n    return jwt.decode(t, key, algorithms=["HS256"])\n'],
    },
  },
  {
    id: 'FDSP-PY-CRYPTO-001',
    name: 'ecb-mode',
    cwe: 327,
    severity: 'high',
    confidence: 'high',
    message: 'A block cipher is used in ECB mode, which leaks patterns of the plaintext',
    fixHint:
      'Use an authenticated mode such as AES-GCM (AES.new(key, AES.MODE_GCM) / cryptography AESGCM) with a fresh random nonce per message.',
    examples: {
      vulnerable: [
        'from Crypto.Cipher import AES\nc = AES.new(key, AES.MODE_ECB)\n',
        'from cryptography.hazmat.primitives.ciphers import modes\nm = modes.ECB()\n',
      ],
      safe: ['from Crypto.Cipher import AES\nc = AES.new(key, AES.MODE_GCM)\n'],
    },
  },
  {
    id: 'FDSP-PY-CRYPTO-002',
    name: 'static-iv',
    cwe: 1204,
    severity: 'high',
    confidence: 'high',
    message: 'A cipher is initialised with a constant IV or nonce',
    fixHint:
      'Generate a new random IV/nonce for every encryption (os.urandom(16) or Crypto.Random.get_random_bytes(16)) and store it alongside the ciphertext.',
    examples: {
      vulnerable: [
        "from Crypto.Cipher import AES\ndef enc(key, data):\n    iv = b'\\x00' * 16\n    return AES.new(key, AES.MODE_CBC, iv).encrypt(data)\n",
        'from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\nIV = b"0123456789abcdef"\ndef enc(key):\n    return Cipher(algorithms.AES(key), modes.CBC(IV)).encryptor()\n',
      ],
      safe: [
        'import os\nfrom Crypto.Cipher import AES\ndef enc(key, data):\n    iv = os.urandom(16)\n    return iv + AES.new(key, AES.MODE_CBC, iv).encrypt(data)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CRYPTO-003',
    name: 'weak-key-size',
    cwe: 326,
    severity: 'high',
    confidence: 'high',
    message: 'An asymmetric key is generated with an insufficient size',
    fixHint:
      'Generate RSA, DSA and DH keys of at least 2048 bits (3072 for protection beyond 2030) and elliptic-curve keys of at least 224 bits (P-256 or Ed25519 are good defaults).',
    examples: {
      vulnerable: [
        'from Crypto.PublicKey import RSA\nk = RSA.generate(1024)\n',
        'from cryptography.hazmat.primitives.asymmetric import rsa\nk = rsa.generate_private_key(public_exponent=65537, key_size=1536)\n',
        'from Cryptodome.PublicKey import DSA\nk = DSA.generate(bits=1024)\n',
        'from cryptography.hazmat.primitives.asymmetric import ec\nk = ec.generate_private_key(ec.SECP192R1())\n',
      ],
      safe: [
        'from Crypto.PublicKey import RSA\nk = RSA.generate(4096)\n',
        'from Crypto.PublicKey import RSA\nk = RSA.generate(2048)\n',
        'from cryptography.hazmat.primitives.asymmetric import dsa\nk = dsa.generate_private_key(key_size=3072)\n',
        'from cryptography.hazmat.primitives.asymmetric import ec\nk = ec.generate_private_key(ec.SECP256R1())\n',
        'from cryptography.hazmat.primitives.asymmetric import ed25519\nk = ed25519.Ed25519PrivateKey.generate()\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CRYPTO-004',
    name: 'broken-cipher',
    cwe: 327,
    severity: 'high',
    confidence: 'high',
    message: 'A broken or weak cipher (DES, 3DES, RC4, Blowfish, ARC2, XOR) is used',
    fixHint: 'Use AES-GCM or ChaCha20-Poly1305 (cryptography.hazmat.primitives.ciphers.aead) instead.',
    examples: {
      vulnerable: [
        'from Crypto.Cipher import DES\nc = DES.new(key, DES.MODE_CBC, iv)\n',
        'from cryptography.hazmat.primitives.ciphers import algorithms\na = algorithms.ARC4(key)\n',
      ],
      safe: ['from Crypto.Cipher import AES\nc = AES.new(key, AES.MODE_GCM)\n'],
    },
  },
  {
    id: 'FDSP-PY-CRYPTO-005',
    name: 'weak-password-hash',
    cwe: 916,
    severity: 'high',
    confidence: 'medium',
    message: 'A password is hashed with a fast general-purpose hash (no key stretching)',
    fixHint:
      'Hash passwords with a slow, salted password hash: hashlib.pbkdf2_hmac("sha256", pw, os.urandom(16), 600000), hashlib.scrypt, bcrypt or argon2; store the random salt with the hash.',
    examples: {
      vulnerable: [
        'import hashlib, os\ndef hash_password(password):\n    salt = os.urandom(16)\n    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 1000)\n',
        'import hashlib\ndef store(user, password):\n    return hashlib.sha256(password.encode()).hexdigest()\n',
        'import hashlib\ndef h(pw, salt):\n    return hashlib.md5((pw + salt).encode()).hexdigest()\n',
      ],
      safe: [
        'import hashlib, os\ndef hash_password(password):\n    salt = os.urandom(16)\n    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)\n',
        'import hashlib, os\ndef store(password):\n    salt = os.urandom(16)\n    return salt + hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600000)\n',
        'import hashlib\ndef digest(data):\n    return hashlib.sha256(data).hexdigest()\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CRYPTO-006',
    name: 'constant-salt',
    cwe: 760,
    severity: 'high',
    confidence: 'high',
    message: 'A password hash uses a constant or predictable salt',
    fixHint:
      'Generate a random salt per password with os.urandom(16) (or secrets.token_bytes(16)) and store it next to the hash.',
    examples: {
      vulnerable: ['import hashlib\ndef h(pw):\n    return hashlib.pbkdf2_hmac("sha256", pw, b"salt", 100000)\n'],
      safe: [
        'import hashlib, os\ndef h(pw):\n    salt = os.urandom(16)\n    return hashlib.pbkdf2_hmac("sha256", pw, salt, 100000)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-TLS-001',
    name: 'certificate-validation-disabled',
    cwe: 295,
    severity: 'high',
    confidence: 'high',
    message: 'TLS certificate or host-name verification is disabled',
    fixHint:
      'Keep verification on: drop verify=False, use ssl.create_default_context() without changing check_hostname/verify_mode, and for SSH load known host keys instead of AutoAddPolicy.',
    examples: {
      vulnerable: [
        'import requests\ndef download(url):\n    session = requests.Session()\n    session.verify = False\n    return session.get(url).content\n',
        'import requests\nr = requests.get(url, verify=False)\n',
        'import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n',
        'import ssl\nctx = ssl._create_unverified_context()\n',
      ],
      safe: ['import requests\nr = requests.get(url, timeout=5)\n', 'import ssl\nctx = ssl.create_default_context()\n'],
    },
  },
  {
    id: 'FDSP-PY-TLS-002',
    name: 'openssl-context-without-verify',
    cwe: 295,
    severity: 'medium',
    confidence: 'medium',
    message: 'A pyOpenSSL context is created without enabling peer verification (its default is VERIFY_NONE)',
    fixHint:
      'Call context.set_verify(SSL.VERIFY_PEER, callback) and load trusted CAs (context.set_default_verify_paths()) before using the context.',
    examples: {
      vulnerable: ['from OpenSSL import SSL\ndef ctx():\n    return SSL.Context(SSL.TLS_METHOD)\n'],
      safe: [
        'from OpenSSL import SSL\ndef ctx():\n    c = SSL.Context(SSL.TLS_METHOD)\n    c.set_verify(SSL.VERIFY_PEER, lambda *a: True)\n    return c\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-TLS-003',
    name: 'insecure-tls-protocol',
    cwe: 327,
    severity: 'high',
    confidence: 'high',
    message: 'An insecure SSL/TLS protocol version or the deprecated ssl.wrap_socket() is used',
    fixHint:
      'Create the socket with ssl.create_default_context().wrap_socket(sock, server_hostname=host); it negotiates TLS 1.2+ and verifies the certificate and host name. Set context.minimum_version = ssl.TLSVersion.TLSv1_2 if needed.',
    examples: {
      vulnerable: ['import ssl\ns = ssl.wrap_socket(sock)\n', 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n'],
      safe: ['import ssl\ns = ssl.create_default_context().wrap_socket(sock, server_hostname=h)\n'],
    },
  },
  {
    id: 'FDSP-PY-XML-001',
    name: 'xml-external-entities',
    cwe: 611,
    severity: 'high',
    confidence: 'medium',
    message: 'XML is parsed with a parser that resolves external entities (XXE)',
    fixHint:
      'Parse with defusedxml (defusedxml.ElementTree / defusedxml.lxml), or create the lxml parser as etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False) and pass it to every parse call.',
    examples: {
      vulnerable: [
        'from lxml import etree\ndef root(p):\n    return etree.parse(p).getroot()\n',
        'from lxml import etree\nparser = etree.XMLParser(remove_blank_text=True)\n',
        'import xml.sax\np = xml.sax.make_parser()\np.setFeature(xml.sax.handler.feature_external_ges, True)\n',
      ],
      safe: [
        'from lxml import etree\nparser = etree.XMLParser(resolve_entities=False, no_network=True)\ntree = etree.parse("a.xml", parser)\n',
        'import defusedxml.ElementTree as ET\nr = ET.parse("a.xml")\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-XML-002',
    name: 'xml-entity-expansion',
    cwe: 776,
    severity: 'medium',
    confidence: 'medium',
    message:
      'XML is parsed with a standard-library parser that is not protected against entity expansion (billion laughs)',
    fixHint:
      'Use defusedxml (defusedxml.ElementTree.fromstring / defusedxml.minidom) for any XML that is not fully trusted.',
    examples: {
      vulnerable: [
        'import xml.etree.ElementTree as ET\ndef parse(s):\n    return ET.fromstring(s)\n',
        'from xml.dom import minidom\nd = minidom.parseString(data)\n',
      ],
      safe: ['import defusedxml.ElementTree as ET\ndef parse(s):\n    return ET.fromstring(s)\n'],
    },
  },
  {
    id: 'FDSP-PY-TEMP-001',
    name: 'insecure-temp-file',
    cwe: 377,
    severity: 'medium',
    confidence: 'high',
    message: 'A temporary file name is created insecurely (race between name choice and creation)',
    fixHint:
      'Use tempfile.NamedTemporaryFile(), tempfile.mkstemp() or tempfile.TemporaryDirectory(); they create the file atomically with private permissions.',
    examples: {
      vulnerable: [
        'import os\ndef save(content):\n    path = "/tmp/app_cache.json"\n    with open(path, "w") as f:\n        f.write(content)\n',
        'import os\ndef save(name, content):\n    with open(os.path.join("/tmp", name), "w") as f:\n        f.write(content)\n',
        'from tempfile import mktemp\ndef f():\n    return open(mktemp(), "w")\n',
        'def f(data):\n    with open("/tmp/out.txt", "w") as fh:\n        fh.write(data)\n',
      ],
      safe: ['import tempfile\ndef f():\n    return tempfile.NamedTemporaryFile("w", delete=False)\n'],
    },
  },
  {
    id: 'FDSP-PY-PERM-001',
    name: 'permissive-file-mode',
    cwe: 732,
    severity: 'medium',
    confidence: 'high',
    message:
      'A file or directory is given group- or world-writable permissions, or a file is made executable by group or others',
    fixHint:
      'Use the narrowest mode that works, e.g. 0o600 for private files, 0o700 (or stat.S_IRWXU) for executables only the owner runs and 0o700/0o755 for directories; never grant write access to group or others.',
    examples: {
      vulnerable: [
        'import os\nos.chmod("f", 0o777)\n',
        'import os, stat\nos.chmod("f", stat.S_IRWXU | stat.S_IWOTH)\n',
        'import os\nos.umask(0)\n',
        'import os\nfd = os.open("run.sh", os.O_WRONLY | os.O_CREAT, 0o775)\n',
        'import os, stat\nos.chmod("tool", stat.S_IRWXU | stat.S_IXGRP | stat.S_IXOTH)\n',
      ],
      safe: [
        'import os, stat\nos.chmod("tool", stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP)\n',
        'import os\nos.chmod("f", 0o600)\n',
        'import os, stat\nos.chmod("f", stat.S_IRUSR | stat.S_IWUSR)\n',
        'import os, stat\nos.chmod("tool", os.stat("tool").st_mode | stat.S_IXUSR)\n',
        'import os\nos.makedirs("cache", mode=0o755, exist_ok=True)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CRED-001',
    name: 'hard-coded-credential',
    cwe: 798,
    severity: 'high',
    confidence: 'medium',
    message: 'A credential (password, key or token) is hard-coded in the source',
    fixHint:
      'Read secrets at run time from the environment or a secret store (os.environ["DB_PASSWORD"]), and compare supplied passwords against a salted hash kept outside the code.',
    examples: {
      vulnerable: [
        'from sqlalchemy import create_engine\nengine = create_engine("postgresql://admin:P4ssw0rd!@db.example.com/prod")\n',
        'from Crypto.Cipher import AES\nKEY = b"Sixteen byte key"\ndef enc(data, nonce):\n    return AES.new(KEY, AES.MODE_GCM, nonce=nonce).encrypt(data)\n',
        'import jwt\ndef issue(uid):\n    return jwt.encode({"sub": uid}, "mysecret123", algorithm="HS256")\n',
        'from flask import Flask\napp = Flask(__name__)\napp.secret_key = "my-super-secret-key-123"\n',
        'SECRET_KEY = "django-insecure-8f$k2@l!x9q#w0e"\n',
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\n@app.route("/admin", methods=["POST"])\ndef admin():\n    if request.form.get("password") == "admin123":\n        return "welcome"\n    return "denied", 403\n',
        'API_KEY = "sk-123456"\n',
        'import mysql.connector\nc = mysql.connector.connect(user="root", password="secret")\n',
        'def check(password):\n    return password == "admin123"\n',
        'import MySQLdb\ndb = MySQLdb.connect("localhost", "user", "pw", "db")\n',
        'import openai\nopenai.api_key = "abc"\n',
        'from github import Github\ngh = Github("YOUR_GITHUB_TOKEN")\n',
        'import stripe\nclient = stripe.StripeClient("<paste-secret-key-here>")\n',
      ],
      safe: [
        'import os\nfrom sqlalchemy import create_engine\nengine = create_engine(os.environ["DATABASE_URL"])\n',
        'import os\nfrom cryptography.fernet import Fernet\ncipher = Fernet(os.environ["FERNET_KEY"].encode())\n',
        'import os\nfrom flask import Flask\napp = Flask(__name__)\napp.secret_key = os.environ["FLASK_SECRET_KEY"]\n',
        'import os\nAPI_KEY = os.environ["API_KEY"]\n',
        'import os\nfrom github import Github\ngh = Github(os.getenv("YOUR_GITHUB_TOKEN"))\n',
        'PASSWORD_FIELD = ""\n',
        'token_url = "https://x/token"\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-RAND-001',
    name: 'insecure-random-secret',
    cwe: 338,
    severity: 'medium',
    confidence: 'medium',
    message: 'The random module (not cryptographically secure) generates a secret value',
    fixHint:
      'Use the secrets module for tokens, passwords, keys and salts: secrets.token_urlsafe(32), secrets.token_bytes(16), secrets.choice(alphabet).',
    examples: {
      vulnerable: [
        'import random\ndef new_token():\n    return "".join(random.choice("abc") for _ in range(16))\n',
        'import random\nsession_id = random.getrandbits(64)\n',
      ],
      safe: [
        'import secrets\ndef new_token():\n    return secrets.token_urlsafe(32)\n',
        'import random\ndef shuffle_cards(cards):\n    random.shuffle(cards)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-RAND-002',
    name: 'predictable-seed',
    cwe: 339,
    severity: 'medium',
    confidence: 'medium',
    message: 'The random generator is seeded with a constant or predictable value',
    fixHint: 'Do not seed random for security purposes; use secrets or os.urandom, which need no seed.',
    examples: {
      vulnerable: ['import random, time\nrandom.seed(time.time())\n', 'import random\nrandom.seed(42)\n'],
      safe: ['import secrets\nkey = secrets.token_bytes(16)\n'],
    },
  },
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
      ],
      safe: ['from flask import Flask\napp = Flask(__name__)\napp.run()\n'],
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
      ],
      safe: ['import socket\ns = socket.socket()\ns.bind(("127.0.0.1", 80))\n'],
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
        `${flask}@app.route('/l')\ndef l():\n    r = make_response('x')\n    r.set_cookie('sid', 'v')\n    return r\n`,
      ],
      safe: [
        `${flask}@app.route('/l')\ndef l():\n    r = make_response('x')\n    r.set_cookie('sid', 'v', secure=True, httponly=True)\n    return r\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-CLEAR-001',
    name: 'cleartext-protocol',
    cwe: 319,
    severity: 'medium',
    confidence: 'medium',
    message: 'Data (often credentials) is sent over a cleartext protocol (FTP, Telnet, SMTP without TLS, http://)',
    fixHint:
      'Use the TLS variant: ftplib.FTP_TLS (with prot_p()), SSH instead of Telnet, smtplib.SMTP_SSL or starttls(), and https:// URLs.',
    examples: {
      vulnerable: [
        'import ftplib\nftp = ftplib.FTP(host)\n',
        'import requests\nr = requests.post("http://api.example.com/login", data=d)\n',
        'import smtplib\ns = smtplib.SMTP("mail.example.com")\ns.login(u, p)\n',
      ],
      safe: [
        'import ftplib\nftp = ftplib.FTP_TLS(host)\n',
        'import requests\nr = requests.get("http://localhost:8000/health")\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-TOCTOU-001',
    name: 'check-then-use-race',
    cwe: 367,
    severity: 'low',
    confidence: 'medium',
    message: 'A file is checked (exists/isfile/access) and then used; the file can change in between (TOCTOU)',
    fixHint:
      'Skip the separate check: open or act on the file directly inside try/except FileNotFoundError/PermissionError (or use os.open with O_CREAT|O_EXCL / O_NOFOLLOW).',
    examples: {
      vulnerable: [
        'import os\ndef read(p):\n    if os.path.exists(p):\n        with open(p) as f:\n            return f.read()\n',
      ],
      safe: [
        'def read(p):\n    try:\n        with open(p) as f:\n            return f.read()\n    except FileNotFoundError:\n        return None\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-TIMING-001',
    name: 'non-constant-time-comparison',
    cwe: 385,
    severity: 'low',
    confidence: 'medium',
    message: 'A secret (password, token, hash, signature) is compared with ==, which leaks timing information',
    fixHint:
      'Compare secrets with hmac.compare_digest(a, b) (on bytes or ASCII strings), and compare password hashes, not plaintext passwords.',
    examples: {
      vulnerable: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport os\nTOKEN = os.environ["API_TOKEN"]\n@app.route("/hook")\ndef hook():\n    if request.headers.get("X-Token") != TOKEN:\n        return "no", 401\n    return "ok"\n',
        'def check(actual_pw, typed_pw):\n    return actual_pw == typed_pw\n',
        'def ok(token, expected_token):\n    if token != expected_token:\n        return False\n    return True\n',
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\n@app.route("/register", methods=["POST"])\ndef register():\n    password = request.form["password"]\n    confirm_password = request.form["confirm_password"]\n    if password != confirm_password:\n        return "mismatch", 400\n    return "ok"\n',
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport hmac, os\nTOKEN = os.environ["API_TOKEN"]\n@app.route("/hook")\ndef hook():\n    if not hmac.compare_digest(request.headers.get("X-Token", ""), TOKEN):\n        return "no", 401\n    return "ok"\n',
        'import hmac\ndef check(a, b):\n    return hmac.compare_digest(a, b)\n',
        'def check(password):\n    return password is None\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-PRIV-001',
    name: 'privilege-not-dropped',
    cwe: 269,
    severity: 'medium',
    confidence: 'medium',
    message: 'Privileges are raised but not lowered in a finally block, so an exception leaves them raised',
    fixHint:
      'Lower privileges in a finally: block right after raising them (raise; try: work() finally: lower()), and keep the privileged section as small as possible.',
    examples: {
      vulnerable: [
        'import os\ndef mk(name):\n    os.seteuid(0)\n    os.mkdir("/home/" + name)\n    os.seteuid(1000)\n',
      ],
      safe: [
        'import os\ndef mk(name):\n    os.seteuid(0)\n    try:\n        os.mkdir("/home/" + name)\n    finally:\n        os.seteuid(1000)\n',
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
  {
    id: 'FDSP-PY-LOOP-001',
    name: 'unbounded-loop',
    cwe: 835,
    severity: 'low',
    confidence: 'low',
    message: 'A while-True loop has no reachable exit (break, return or raise)',
    fixHint:
      'Give the loop an exit condition (a break/return on a terminating condition, a maximum iteration count or a timeout).',
    examples: {
      vulnerable: ['def spin(items):\n    while True:\n        items.sort()\n'],
      safe: [
        'import time\ndef poll_forever(check):\n    while True:\n        check()\n        time.sleep(60)\n',
        'def spin(q):\n    while True:\n        x = q.get()\n        if x is None:\n            break\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-DICT-001',
    name: 'duplicate-dictionary-key',
    cwe: 462,
    severity: 'low',
    confidence: 'high',
    message: 'A dictionary is built with a repeated key; the earlier value is silently discarded',
    fixHint: 'Remove or rename the duplicated key so every entry is kept.',
    examples: {
      vulnerable: [
        'roles = {"admin": 1, "user": 2, "admin": 3}\n',
        'LIMITS = dict([("upload", 10), ("download", 50), ("upload", 1000)])\n',
      ],
      safe: ['roles = {"admin": 1, "user": 2}\n', 'LIMITS = dict([("upload", 10), ("download", 50)])\n'],
    },
  },
  {
    id: 'FDSP-PY-IS-001',
    name: 'identity-comparison-with-literal',
    cwe: 595,
    severity: 'low',
    confidence: 'high',
    message:
      'A value is compared with "is" to a freshly built value (a literal, display or str()/int() result), which compares object identity, not content',
    fixHint: 'Use == / != to compare values; keep "is" for None, True, False, sentinels, classes and enum members.',
    examples: {
      vulnerable: [
        'def f(x):\n    return x is "admin"\n',
        'def same(a, b):\n    return str(a) is not str(b)\n',
        'def empty(items):\n    return items is []\n',
        'def neg(n):\n    return n is -1\n',
      ],
      safe: [
        'def f(x):\n    return x is None\n',
        '_MISSING = object()\ndef get(d, k, default=_MISSING):\n    return d.get(k) if default is _MISSING else default\n',
        'def kind(t):\n    return t is int or t is True\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-DEPRECATED-001',
    name: 'deprecated-api',
    cwe: 477,
    severity: 'low',
    confidence: 'high',
    message: 'A deprecated or removed API is used',
    fixHint:
      'Replace it with the maintained API: time.perf_counter()/process_time() for time.clock(), tempfile.mkstemp() for mktemp(), html.escape() for cgi.escape(), importlib for imp, ssl.create_default_context() for ssl.wrap_socket().',
    examples: {
      vulnerable: ['import time\nt = time.clock()\n', 'import cgi\ns = cgi.escape(x)\n'],
      safe: ['import time\nt = time.process_time()\n'],
    },
  },
];

export const ruleDefinitions: readonly RuleDefinition[] = [...coreRuleDefinitions, ...designRuleDefinitions];

export const ruleById: ReadonlyMap<string, RuleDefinition> = new Map(ruleDefinitions.map((rule) => [rule.id, rule]));
