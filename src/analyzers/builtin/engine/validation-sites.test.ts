// Validation outside the function holding the sink (validation-sites.ts, declared-checks.ts): decorators, before_request
// hooks, checked classes (pydantic, dataclasses, marshmallow, WTForms, Django forms), properties. Each twin differs in whether the
// outside check really covers the value the sink receives; the shapes differ from the challenge file's.
import { describe, expect, it } from 'vitest';

import { admitsTraversal } from './regex-patterns.js';
import { patternCheckMask } from './guards.js';
import { flags, twinCases, type Twin } from './flow-twins.js';
import { sinkBit } from '../taint.js';

const command = flags('FDSP-PY-CMDI-001');
const sql = flags('FDSP-PY-SQLI-001');
const path = flags('FDSP-PY-PATH-001');
const redirect = flags('FDSP-PY-REDIRECT-001');
const xss = flags('FDSP-PY-XSS-001');

const flask =
  'import os, re, sqlite3\nfrom functools import wraps\nfrom flask import Flask, Blueprint, abort, redirect, request\napp = Flask(__name__)\n';
const pydantic = `${flask}from pydantic import BaseModel, Field, ValidationError, constr, field_validator\n`;

const decoratorTwins: readonly Twin[] = [
  {
    name: 'a decorator proves what its wrapper checked where it calls the view, for that request key only',
    check: command,
    vulnerable: `${flask}def tool_allowed(fn):\n    @wraps(fn)\n    def run(*a, **kw):\n        tool = request.values.get('tool')\n        if tool not in ('uptime', 'df'):\n            abort(403)\n        return fn(*a, **kw)\n    return run\n@app.route('/t')\n@tool_allowed\ndef t():\n    os.system(request.values.get('args', ''))\n    return 'ok'\n`,
    safe: `${flask}def tool_allowed(fn):\n    @wraps(fn)\n    def run(*a, **kw):\n        tool = request.values.get('tool')\n        if tool not in ('uptime', 'df'):\n            abort(403)\n        return fn(*a, **kw)\n    return run\n@app.route('/t')\n@tool_allowed\ndef t():\n    os.system(request.values['tool'])\n    return 'ok'\n`,
  },
  {
    name: 'a wrapper that calls the view on the failing path too proves nothing',
    check: command,
    vulnerable: `${flask}def tool_allowed(fn):\n    @wraps(fn)\n    def run(*a, **kw):\n        tool = request.values.get('tool')\n        if tool not in ('uptime', 'df'):\n            return fn(*a, **kw)\n        return fn(*a, **kw)\n    return run\n@app.route('/t')\n@tool_allowed\ndef t():\n    os.system(request.values['tool'])\n    return 'ok'\n`,
    safe: `${flask}def tool_allowed(fn):\n    @wraps(fn)\n    def run(*a, **kw):\n        tool = request.values.get('tool')\n        if tool in ('uptime', 'df'):\n            return fn(*a, **kw)\n        return 'denied', 403\n    return run\n@app.route('/t')\n@tool_allowed\ndef t():\n    os.system(request.values['tool'])\n    return 'ok'\n`,
  },
  {
    name: "a wrapper's check on a view keyword argument narrows that parameter of the view",
    check: sql,
    vulnerable: `${flask}def numeric(fn):\n    @wraps(fn)\n    def inner(*args, **options):\n        if not str(options.get('page', '')).isdigit():\n            abort(404)\n        return fn(*args, **options)\n    return inner\n@app.route('/u/<uid>/<page>')\n@numeric\ndef u(uid, page):\n    return str(sqlite3.connect('d').execute('SELECT * FROM t WHERE id = ' + uid).fetchall())\n`,
    safe: `${flask}def numeric(fn):\n    @wraps(fn)\n    def inner(*args, **options):\n        uid = options['uid']\n        if not uid.isdigit():\n            abort(404)\n        return fn(*args, **options)\n    return inner\n@app.route('/u/<uid>')\n@numeric\ndef u(uid):\n    return str(sqlite3.connect('d').execute('SELECT * FROM t WHERE id = ' + uid).fetchall())\n`,
  },
];

const hookTwins: readonly Twin[] = [
  {
    name: "a blueprint's before_request covers its own views, not the application's",
    check: path,
    vulnerable: `${flask}api = Blueprint('api', __name__)\n@api.before_request\ndef plain():\n    if not re.fullmatch(r'[a-z]{1,20}', request.args.get('f', '')):\n        abort(400)\n@app.route('/f')\ndef f():\n    return open(os.path.join('/srv', request.args['f'])).read()\n`,
    safe: `${flask}api = Blueprint('api', __name__)\n@api.before_request\ndef plain():\n    if not re.fullmatch(r'[a-z]{1,20}', request.args.get('f', '')):\n        abort(400)\n@api.route('/f')\ndef f():\n    return open(os.path.join('/srv', request.args['f'])).read()\n`,
  },
  {
    name: 'a hook that answers with a response on the bad value stops the request; one that only logs does not',
    check: path,
    vulnerable: `${flask}@app.before_request\ndef plain():\n    name = request.args.get('f', '')\n    if not re.fullmatch(r'[a-z]{1,20}', name):\n        app.logger.warning('odd name')\n@app.get('/f')\ndef f():\n    return open(os.path.join('/srv', request.args['f'])).read()\n`,
    safe: `${flask}@app.before_request\ndef plain():\n    name = request.args.get('f', '')\n    if not re.fullmatch(r'[a-z]{1,20}', name):\n        return 'bad name', 400\n@app.get('/f')\ndef f():\n    return open(os.path.join('/srv', request.args['f'])).read()\n`,
  },
  {
    name: 'a check on a request read in the same view speaks for later reads of the same key only',
    check: redirect,
    vulnerable: `${flask}@app.route('/r')\ndef r():\n    if request.args.get('next') not in ('/a', '/b'):\n        abort(400)\n    return redirect(request.args.get('back'))\n`,
    safe: `${flask}@app.route('/r')\ndef r():\n    if request.args.get('next') not in ('/a', '/b'):\n        abort(400)\n    return redirect(request.args['next'])\n`,
  },
];

// Another model's spelling of the same check: the request imported under an alias, a container bound to a local,
// the read inlined into the check, a keyword argument checked where it is read.
const spellingTwins: readonly Twin[] = [
  {
    name: 'a hook on an aliased request and a view reading the container through a local share one request value',
    check: path,
    vulnerable: `import os, re\nfrom flask import Flask, abort\nfrom flask import request as req\napp = Flask(__name__)\n@app.before_request\ndef plain():\n    if not re.fullmatch(r'[a-z]{1,20}', req.args.get('doc', '')):\n        abort(400)\n@app.get('/f')\ndef f():\n    query = req.args\n    return open(os.path.join('/srv', query.get('page', ''))).read()\n`,
    safe: `import os, re\nfrom flask import Flask, abort\nfrom flask import request as req\napp = Flask(__name__)\n@app.before_request\ndef plain():\n    if not re.fullmatch(r'[a-z]{1,20}', req.args.get('doc', '')):\n        abort(400)\n@app.get('/f')\ndef f():\n    query = req.args\n    return open(os.path.join('/srv', query.get('doc', ''))).read()\n`,
  },
  {
    name: "a wrapper's host check on the parsed read itself covers the view's read of that key",
    check: redirect,
    vulnerable: `${flask}from urllib.parse import urlparse\ndef same_site(fn):\n    @wraps(fn)\n    def w(*a, **k):\n        if urlparse(request.args.get('to', '')).netloc not in ('', 'example.com'):\n            abort(400)\n        return fn(*a, **k)\n    return w\n@app.route('/go')\n@same_site\ndef go():\n    return redirect(request.args.get('back', '/'))\n`,
    safe: `${flask}from urllib.parse import urlparse\ndef same_site(fn):\n    @wraps(fn)\n    def w(*a, **k):\n        parts = urlparse(request.args.get('to', ''))\n        if parts.scheme not in ('', 'https') or parts.netloc not in ('', 'example.com'):\n            abort(400)\n        return fn(*a, **k)\n    return w\n@app.route('/go')\n@same_site\ndef go():\n    return redirect(request.args.get('to', '/'))\n`,
  },
  {
    name: 'a Flask-WTF form built without data reads the request; a plain WTForms form built so holds nothing',
    check: command,
    vulnerable: `${flask}from flask_wtf import FlaskForm\nfrom wtforms import StringField\nclass F(FlaskForm):\n    target = StringField('t')\n@app.post('/b')\ndef b():\n    os.system('backup ' + F().target.data)\n    return 'ok'\n`,
    safe: `${flask}from wtforms import Form, StringField\nclass F(Form):\n    target = StringField('t', default='db')\n@app.post('/b')\ndef b():\n    os.system('backup ' + F().target.data)\n    return 'ok'\n`,
  },
];

const classTwins: readonly Twin[] = [
  {
    name: 'a pydantic field pattern counts as the inline search would: both anchors needed',
    check: sql,
    vulnerable: `${pydantic}class Q(BaseModel):\n    code: constr(pattern=r'^[A-Z]{2}[0-9]{3}')\n@app.route('/q')\ndef q():\n    try:\n        m = Q.model_validate(request.args.to_dict())\n    except ValidationError:\n        abort(400)\n    return str(sqlite3.connect('d').execute("SELECT * FROM t WHERE c = '%s'" % m.code).fetchall())\n`,
    safe: `${pydantic}class Q(BaseModel):\n    code: constr(pattern=r'^[A-Z]{2}[0-9]{3}$')\n@app.route('/q')\ndef q():\n    try:\n        m = Q.model_validate(request.args.to_dict())\n    except ValidationError:\n        abort(400)\n    return str(sqlite3.connect('d').execute("SELECT * FROM t WHERE c = '%s'" % m.code).fetchall())\n`,
  },
  {
    name: 'a model variable rebound to raw data no longer holds the checked field',
    check: sql,
    vulnerable: `${pydantic}class Q(BaseModel):\n    code: str = Field(pattern=r'^[0-9]+$')\n@app.route('/q')\ndef q():\n    m = Q(code=request.args['c'])\n    m = request.args\n    return str(sqlite3.connect('d').execute('SELECT * FROM t WHERE c = ' + m.code).fetchall())\n`,
    safe: `${pydantic}class Q(BaseModel):\n    code: str = Field(pattern=r'^[0-9]+$')\n@app.route('/q')\ndef q():\n    m = Q(code=request.args['c'])\n    return str(sqlite3.connect('d').execute('SELECT * FROM t WHERE c = ' + m.code).fetchall())\n`,
  },
  {
    name: "a field_validator's check proves its own field; a transform-only validator proves nothing",
    check: command,
    vulnerable: `${pydantic}class Job(BaseModel):\n    host: str\n    @field_validator('host')\n    @classmethod\n    def tidy(cls, v):\n        return v.strip().lower()\n@app.post('/j')\ndef j():\n    job = Job(host=request.form['h'])\n    os.system('ping -c1 ' + job.host)\n    return 'ok'\n`,
    safe: `${pydantic}class Job(BaseModel):\n    host: str\n    @field_validator('host')\n    @classmethod\n    def tidy(cls, v):\n        v = v.strip().lower()\n        if not re.fullmatch(r'[a-z0-9.-]+', v):\n            raise ValueError(v)\n        return v\n@app.post('/j')\ndef j():\n    job = Job(host=request.form['h'])\n    os.system('ping -c1 ' + job.host)\n    return 'ok'\n`,
  },
  {
    name: "a marshmallow schema's OneOf proves the loaded entry; an unvalidated sibling field stays raw",
    check: command,
    vulnerable: `${flask}from marshmallow import Schema, fields, validate\nclass S(Schema):\n    mode = fields.Str(validate=validate.OneOf(['a', 'b']))\n    extra = fields.Str()\n@app.post('/s')\ndef s():\n    data = S().load(request.get_json())\n    os.system('run ' + data.get('extra', ''))\n    return 'ok'\n`,
    safe: `${flask}from marshmallow import Schema, fields, validate\nclass S(Schema):\n    mode = fields.Str(validate=validate.OneOf(['a', 'b']))\n    extra = fields.Str()\n@app.post('/s')\ndef s():\n    data = S().load(request.get_json())\n    os.system('run ' + data.get('mode', 'a'))\n    return 'ok'\n`,
  },
  {
    name: 'a WTForms validator holds only inside the branch where validate() held',
    check: xss,
    vulnerable: `${flask}from markupsafe import Markup\nfrom wtforms import Form, StringField\nfrom wtforms.validators import Regexp\nclass F(Form):\n    tag = StringField('tag', validators=[Regexp(r'^[a-z]+$')])\n@app.route('/f')\ndef f():\n    form = F(request.args)\n    if form.validate():\n        pass\n    return Markup('<i>' + form.tag.data + '</i>')\n`,
    safe: `${flask}from markupsafe import Markup\nfrom wtforms import Form, StringField\nfrom wtforms.validators import Regexp\nclass F(Form):\n    tag = StringField('tag', validators=[Regexp(r'^[a-z]+$')])\n@app.route('/f')\ndef f():\n    form = F(request.args)\n    if form.validate():\n        return Markup('<i>' + form.tag.data + '</i>')\n    return 'bad', 400\n`,
  },
  {
    name: "a Django form's clean_<field> that returns a checked value proves the cleaned entry",
    check: command,
    vulnerable: `import subprocess\nfrom django import forms\nfrom django.http import HttpResponse\nclass F(forms.Form):\n    ref = forms.CharField()\n    def clean_ref(self):\n        return self.cleaned_data['ref'].strip()\ndef view(request):\n    form = F(request.POST)\n    if form.is_valid():\n        subprocess.call('git show ' + form.cleaned_data['ref'], shell=True)\n    return HttpResponse('ok')\n`,
    safe: `import subprocess\nfrom django import forms\nfrom django.http import HttpResponse\nclass F(forms.Form):\n    ref = forms.CharField()\n    def clean_ref(self):\n        ref = self.cleaned_data['ref'].strip()\n        if not ref.isalnum():\n            raise forms.ValidationError('bad ref')\n        return ref\ndef view(request):\n    form = F(request.POST)\n    if form.is_valid():\n        subprocess.call('git show ' + form.cleaned_data['ref'], shell=True)\n    return HttpResponse('ok')\n`,
  },
  {
    name: 'a dataclass __post_init__ that raises proves the field it checked',
    check: path,
    vulnerable: `${flask}from dataclasses import dataclass\n@dataclass\nclass Ref:\n    name: str\n    def __post_init__(self):\n        if not self.name:\n            print('empty')\n@app.route('/d')\ndef d():\n    ref = Ref(request.args['n'])\n    return open(os.path.join('/srv', ref.name)).read()\n`,
    safe: `${flask}from dataclasses import dataclass\n@dataclass\nclass Ref:\n    name: str\n    def __post_init__(self):\n        if not re.fullmatch(r'[a-z]{1,12}', self.name):\n            raise ValueError(self.name)\n@app.route('/d')\ndef d():\n    ref = Ref(request.args['n'])\n    return open(os.path.join('/srv', ref.name)).read()\n`,
  },
];

// Properties (property-checks.ts): a getter runs at every read of obj.prop, a setter at every assignment of it.
const propertyTwins: readonly Twin[] = [
  {
    name: 'a getter that checks another attribute proves nothing of the one it returns',
    check: command,
    vulnerable: `${flask}class Target:\n    def __init__(self, host, port):\n        self.host = host\n        self.port = port\n    @property\n    def address(self):\n        if not self.port.isdigit():\n            raise ValueError(self.port)\n        return self.host\n@app.route('/p')\ndef p():\n    os.system('ping -c1 ' + Target(request.args['h'], request.args['p']).address)\n    return 'ok'\n`,
    safe: `${flask}class Target:\n    def __init__(self, host, port):\n        self.host = host\n        self.port = port\n    @property\n    def address(self):\n        if not re.fullmatch(r'[a-z0-9.-]+', self.host):\n            raise ValueError(self.host)\n        return self.host\n@app.route('/p')\ndef p():\n    os.system('ping -c1 ' + Target(request.args['h'], request.args['p']).address)\n    return 'ok'\n`,
  },
  {
    name: 'a setter proves the value it stores, unless the backing attribute is written past it',
    check: sql,
    vulnerable: `${flask}class Account:\n    def __init__(self, handle):\n        self.handle = handle\n    @property\n    def handle(self):\n        return self._handle\n    @handle.setter\n    def handle(self, new):\n        if not new.isalnum():\n            raise ValueError(new)\n        self._handle = new\n@app.route('/a')\ndef a():\n    acct = Account(request.args['h'])\n    acct._handle = request.args.get('alias', '')\n    return str(sqlite3.connect('d').execute("SELECT * FROM u WHERE h = '" + acct.handle + "'").fetchall())\n`,
    safe: `${flask}class Account:\n    def __init__(self, handle):\n        self.handle = handle\n    @property\n    def handle(self):\n        return self._handle\n    @handle.setter\n    def handle(self, new):\n        if not new.isalnum():\n            raise ValueError(new)\n        self._handle = new\n@app.route('/a')\ndef a():\n    acct = Account(request.args['h'])\n    return str(sqlite3.connect('d').execute("SELECT * FROM u WHERE h = '" + acct.handle + "'").fetchall())\n`,
  },
  {
    name: 'a getter that only logs its value proves nothing; one that raises on a bad value proves the check',
    check: path,
    vulnerable: `${flask}import logging\nfrom functools import cached_property\nclass Page:\n    def __init__(self, slug):\n        self._slug = slug\n    @cached_property\n    def slug(self):\n        logging.info('page %s', self._slug)\n        return self._slug\n@app.route('/pg')\ndef pg():\n    page = Page(request.args['s'])\n    return open(os.path.join('/srv/pages', page.slug + '.md')).read()\n`,
    safe: `${flask}import logging\nfrom functools import cached_property\nclass Page:\n    def __init__(self, slug):\n        self._slug = slug\n    @cached_property\n    def slug(self):\n        if not re.fullmatch(r'[a-z0-9-]{1,64}', self._slug):\n            raise LookupError(self._slug)\n        return self._slug\n@app.route('/pg')\ndef pg():\n    page = Page(request.args['s'])\n    return open(os.path.join('/srv/pages', page.slug + '.md')).read()\n`,
  },
  {
    name: "a getter's unanchored pattern stays as insufficient as inline",
    check: command,
    vulnerable: `${flask}class Branch:\n    def __init__(self, raw):\n        self.raw = raw\n    @property\n    def name(self):\n        if not re.search(r'[\\w-]+', self.raw):\n            raise ValueError(self.raw)\n        return self.raw\n@app.route('/b')\ndef b():\n    os.system('git checkout ' + Branch(request.form['b']).name)\n    return 'ok'\n`,
    safe: `${flask}class Branch:\n    def __init__(self, raw):\n        self.raw = raw\n    @property\n    def name(self):\n        if not re.search(r'^[\\w-]+$', self.raw):\n            raise ValueError(self.raw)\n        return self.raw\n@app.route('/b')\ndef b():\n    os.system('git checkout ' + Branch(request.form['b']).name)\n    return 'ok'\n`,
  },
  {
    name: 'a getter that answers one of its own literals holds no caller text',
    check: sql,
    vulnerable: `${flask}class Sort:\n    def __init__(self, order):\n        self._order = order\n    @property\n    def order(self):\n        return self._order or 'DESC'\n@app.route('/s')\ndef s():\n    sort = Sort(request.args.get('o', ''))\n    return str(sqlite3.connect('d').execute('SELECT * FROM t ORDER BY id ' + sort.order).fetchall())\n`,
    safe: `${flask}class Sort:\n    def __init__(self, order):\n        self._order = order\n    @property\n    def order(self):\n        if self._order.lower() == 'asc':\n            return 'ASC'\n        return 'DESC'\n@app.route('/s')\ndef s():\n    sort = Sort(request.args.get('o', ''))\n    return str(sqlite3.connect('d').execute('SELECT * FROM t ORDER BY id ' + sort.order).fetchall())\n`,
  },
];

describe('validation outside the view', () => {
  for (const twin of twinCases(
    [...decoratorTwins, ...hookTwins, ...spellingTwins, ...classTwins, ...propertyTwins],
    command,
  ))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });

  it('a pattern that can spell ../ bounds characters but not where a path goes', () => {
    expect(admitsTraversal(String.raw`^[\w./-]+$`)).toBe(true);
    expect(admitsTraversal(String.raw`^[\w-]+\.txt$`)).toBe(false);
    expect(admitsTraversal(String.raw`^[^<>]+$`)).toBe(true);
    const pathBit = sinkBit('path');
    expect(patternCheckMask(String.raw`^[a-z0-9./]+$`, 'search') & pathBit).toBe(0);
    expect(patternCheckMask(String.raw`^[a-z0-9]+$`, 'search') & pathBit).not.toBe(0);
  });

  it('a start-anchored "/" then a word character is a same-site path; "/" then anything is not', () => {
    const redirectBit = sinkBit('redirect');
    expect(patternCheckMask(String.raw`^/(docs|blog)/\d+$`, 'search') & redirectBit).not.toBe(0);
    expect(patternCheckMask(String.raw`/(docs|blog)/\d+$`, 'search') & redirectBit).toBe(0);
    expect(patternCheckMask(String.raw`^/.*$`, 'match') & redirectBit).toBe(0);
  });
});
