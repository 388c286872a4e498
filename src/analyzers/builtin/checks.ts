// Matching logic for the builtin rules, keyed by rule id. Checks see facts from the engine (qualified callee names,
// taint of arguments, constants) and report; they hold no state between files.
import { childByField, namedChildren, type PlainNode } from '../../python-syntax/index.js';
import type { AnalysisHooks, ModuleAnalysis } from './analysis.js';
import {
  argument,
  flow,
  isBuiltString,
  isFalse,
  isTrue,
  lastName,
  matches,
  stringValue,
  type RuleLogic,
} from './check-helpers.js';
import { designLogic } from './checks-design.js';
import { reaches } from './taint.js';

const secretName =
  /(pass(word|wd|phrase)?|pwd|secret|api_?key|apikey|access_?key|private_?key|(secret|signing|encryption|jwt)_?key|auth_?token|access_?token|token|credential)s?$/i;
const secretNameExclusions =
  /(_|^)(url|uri|path|file|name|field|length|len|header|param|prompt|label|type|id|hash|hashed|salt|input|form|min|max|regex|pattern|endpoint|env|var)$/i;
const passwordish = /pass(word|wd|phrase)?|pwd|(^|[^a-z])pw([^a-z]|$)/i;

function isSecretName(name: string): boolean {
  const last =
    name
      .split(/[.[\]'"]+/)
      .filter(Boolean)
      .pop() ?? name;
  return secretName.test(last) && !secretNameExclusions.test(last) && !/^(is|has)_/.test(last);
}

const sqlMethods = [
  'execute',
  'executemany',
  'executescript',
  'raw',
  'mogrify',
  'read_sql',
  'read_sql_query',
  'sqlalchemy.text',
  'extra',
];
const shellCalls = [
  'os.system',
  'os.popen',
  'os.popen2',
  'os.popen3',
  'commands.getoutput',
  'commands.getstatusoutput',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'pty.spawn',
];
const processCalls = [
  'subprocess.run',
  'subprocess.call',
  'subprocess.Popen',
  'subprocess.check_output',
  'subprocess.check_call',
  'asyncio.create_subprocess_shell',
  'asyncio.create_subprocess_exec',
];
const fileCalls = [
  'open',
  'io.open',
  'codecs.open',
  'os.open',
  'os.remove',
  'os.unlink',
  'os.rmdir',
  'os.removedirs',
  'os.mkdir',
  'os.makedirs',
  'os.listdir',
  'os.scandir',
  'os.chdir',
  'os.rename',
  'os.replace',
  'os.chmod',
  'os.chown',
  'os.stat',
  'shutil.rmtree',
  'shutil.copy',
  'shutil.copyfile',
  'shutil.copy2',
  'shutil.move',
  'pathlib.Path',
  'flask.send_file',
  'send_file',
  'django.http.FileResponse',
  'FileResponse',
  'starlette.responses.FileResponse',
  'fastapi.responses.FileResponse',
];
const redirectCalls = [
  'flask.redirect',
  'redirect',
  'django.shortcuts.redirect',
  'django.http.HttpResponseRedirect',
  'django.http.HttpResponsePermanentRedirect',
  'HttpResponseRedirect',
  'starlette.responses.RedirectResponse',
  'fastapi.responses.RedirectResponse',
  'RedirectResponse',
];
const responseCalls = [
  'flask.make_response',
  'make_response',
  'flask.Response',
  'werkzeug.wrappers.Response',
  'Response',
  'django.http.HttpResponse',
  'HttpResponse',
  'HTMLResponse',
  'starlette.responses.HTMLResponse',
  'fastapi.responses.HTMLResponse',
  'markupsafe.Markup',
  'flask.Markup',
  'Markup',
  'django.utils.safestring.mark_safe',
  'mark_safe',
];
const httpClientCalls = [
  'requests.get',
  'requests.post',
  'requests.put',
  'requests.delete',
  'requests.head',
  'requests.patch',
  'requests.request',
  'httpx.get',
  'httpx.post',
  'httpx.request',
  'urllib.request.urlopen',
  'urllib.request.Request',
  'urllib.urlopen',
  'urllib2.urlopen',
  'urllib3.PoolManager().request',
  'aiohttp.ClientSession().get',
];
const loggingMethods = new Set(['debug', 'info', 'warning', 'warn', 'error', 'critical', 'exception', 'log']);
const pickleLoads = [
  'pickle.loads',
  'pickle.load',
  'cPickle.loads',
  'cPickle.load',
  '_pickle.loads',
  '_pickle.load',
  'dill.loads',
  'dill.load',
  'marshal.loads',
  'marshal.load',
  'shelve.open',
  'jsonpickle.decode',
  'pandas.read_pickle',
];
const stdlibXml = [
  'xml.etree.ElementTree',
  'xml.etree.cElementTree',
  'xml.dom.minidom',
  'xml.dom.pulldom',
  'xml.sax',
  'xml.dom.expatbuilder',
];
const xmlParseFunctions = new Set([
  'parse',
  'parseString',
  'fromstring',
  'XML',
  'iterparse',
  'XMLParser',
  'make_parser',
  'fromstringlist',
  'XMLPullParser',
]);
const weakCiphers = [
  'Crypto.Cipher.DES',
  'Crypto.Cipher.DES3',
  'Crypto.Cipher.ARC2',
  'Crypto.Cipher.ARC4',
  'Crypto.Cipher.Blowfish',
  'Crypto.Cipher.XOR',
  'Cryptodome.Cipher.DES',
  'Cryptodome.Cipher.ARC4',
  'Cryptodome.Cipher.Blowfish',
];
const weakAlgorithms = new Set(['ARC4', 'TripleDES', 'Blowfish', 'CAST5', 'IDEA', 'SEED']);
const fastHashes = new Set([
  'md5',
  'sha1',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  'sha3_256',
  'sha3_512',
  'blake2b',
  'blake2s',
  'new',
]);
const randomFunctions = new Set([
  'random',
  'randint',
  'choice',
  'choices',
  'randrange',
  'sample',
  'getrandbits',
  'uniform',
  'shuffle',
]);
const secretContext = /token|passw|pwd|secret|key|salt|nonce|otp|session|csrf|auth|nonce|pin|iv$/i;

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-SQLI-001': {
    call(site, analysis) {
      if (!matches(site.name, sqlMethods) && !matches(site.method, sqlMethods)) return;
      const query = argument(site, 0, 'sql') ?? argument(site, 0, 'query');
      if (!query) return;
      // A tainted value passed whole is a prepared statement's text only when it was built from strings.
      flow(analysis, 'FDSP-PY-SQLI-001', site.node, analysis.taint(query));
    },
  },
  'FDSP-PY-NOSQL-001': {
    call(site, analysis) {
      const mongo = [
        'find',
        'find_one',
        'find_one_and_update',
        'find_one_and_delete',
        'delete_one',
        'delete_many',
        'update_one',
        'update_many',
        'count_documents',
        'aggregate',
      ];
      const dynamo = ['scan', 'query', 'get_item', 'delete_item', 'update_item'];
      if (!site.receiver || site.receiver.type === 'string') return;
      if (mongo.includes(site.method)) {
        const filter = argument(site, 0, 'filter');
        // str.find(x) has a string receiver or a string argument; a query filter is a dict or a parsed object.
        if (!filter || filter.type === 'string' || filter.type === 'integer') return;
        if (filter.type === 'identifier' && analysis.taint(filter)?.origin === 'parameter') return;
        if (filter.type === 'dictionary') {
          // In a literal filter, request text as a field's value is an equality match: form, query-string and header
          // values are always strings, which cannot smuggle an operator. Operator values ($where, $regex) and values
          // from parsed bodies (request.json, json.loads) can.
          for (const pair of namedChildren(filter)) {
            if (pair.type !== 'pair') continue;
            const key = stringValue(analysis, childByField(pair, 'key')) ?? '';
            const value = childByField(pair, 'value');
            const taint = value ? analysis.taint(value) : undefined;
            if (!taint) continue;
            const textOnly = /^request\.(args|form|values|headers|cookies|GET|POST|COOKIES|META)\b/.test(taint.from);
            if ((key.startsWith('$') || !textOnly) && flow(analysis, 'FDSP-PY-NOSQL-001', site.node, taint)) return;
          }
          return;
        }
        flow(analysis, 'FDSP-PY-NOSQL-001', site.node, analysis.taint(filter));
      } else if (dynamo.includes(site.method) && site.keywords.size > 0) {
        for (const key of ['Key', 'FilterExpression', 'KeyConditionExpression', 'ScanFilter', 'QueryFilter']) {
          const value = site.keywords.get(key);
          if (value && flow(analysis, 'FDSP-PY-NOSQL-001', site.node, analysis.taint(value))) return;
        }
      }
    },
  },
  'FDSP-PY-CMDI-001': {
    call(site, analysis) {
      const first = argument(site, 0, 'args') ?? argument(site, 0, 'cmd');
      if (!first) return;
      if (
        matches(site.name, shellCalls) ||
        /^os\.(exec|spawn)/.test(site.name) ||
        (site.method === 'exec_command' && site.receiver)
      ) {
        flow(analysis, 'FDSP-PY-CMDI-001', site.node, analysis.taint(first));
        return;
      }
      if (!matches(site.name, processCalls)) return;
      const shell = isTrue(analysis, site.keywords.get('shell'));
      if (first.type === 'list' || first.type === 'tuple') {
        const items = namedChildren(first);
        const program = items[0];
        const programText = program ? (stringValue(analysis, program) ?? '') : '';
        // ['sh', '-c', x] or a tainted program name are command strings; other list items are plain arguments.
        const viaShell = /(^|\/)(ba|z|da|k)?sh$/.test(programText) && items.length > 2;
        const target = viaShell ? items[2] : program;
        if (shell || viaShell) {
          for (const item of items) if (flow(analysis, 'FDSP-PY-CMDI-001', site.node, analysis.taint(item))) return;
        } else if (target) {
          flow(analysis, 'FDSP-PY-CMDI-001', site.node, analysis.taint(target));
        }
        return;
      }
      const taint = analysis.taint(first);
      // Without a shell, a whole argv handed to a helper by its caller is the caller's command; the helper adds
      // nothing an attacker could inject.
      if (!shell && first.type === 'identifier' && taint?.origin === 'parameter') return;
      flow(analysis, 'FDSP-PY-CMDI-001', site.node, taint);
    },
  },
  'FDSP-PY-CODE-001': {
    call(site, analysis) {
      if (!['eval', 'exec', 'compile', 'builtins.eval', 'builtins.exec'].includes(site.name)) return;
      const code = argument(site, 0, 'source');
      if (code && !analysis.isConstant(code)) flow(analysis, 'FDSP-PY-CODE-001', site.node, analysis.taint(code));
    },
  },
  'FDSP-PY-SSTI-001': {
    call(site, analysis) {
      const templates = [
        'flask.render_template_string',
        'render_template_string',
        'jinja2.Template',
        'mako.template.Template',
        'django.template.Template',
        'Template',
        '.from_string',
      ];
      if (!matches(site.name, templates)) return;
      const source = argument(site, 0, 'source');
      if (source) flow(analysis, 'FDSP-PY-SSTI-001', site.node, analysis.taint(source));
    },
  },
  'FDSP-PY-PATH-001': {
    call(site, analysis) {
      if (!matches(site.name, fileCalls) && !(site.name.startsWith('pathlib.Path') && site.receiver === undefined))
        return;
      const path = argument(site, 0, 'file') ?? argument(site, 0, 'path') ?? argument(site, 0, 'path_or_file');
      if (path) flow(analysis, 'FDSP-PY-PATH-001', site.node, analysis.taint(path));
    },
    node(node, analysis) {
      // pathlib: `(BASE / name).read_text()`, `Path(name).write_bytes(...)`: the path is the receiver, not an argument.
      if (node.type !== 'call') return;
      const callee = childByField(node, 'function');
      if (callee?.type !== 'attribute') return;
      const method = analysis.text(childByField(callee, 'attribute') ?? callee);
      let receiver = childByField(callee, 'object');
      while (receiver?.type === 'parenthesized_expression') receiver = namedChildren(receiver)[0];
      if (!receiver) return;
      const pathExpression =
        (receiver.type === 'binary_operator' && receiver.children.some((child) => child.type === '/')) ||
        (receiver.type === 'call' &&
          /(^|\.)(Path|PurePath)$/.test(analysis.text(childByField(receiver, 'function') ?? receiver)));
      // read_text & co. exist only on paths, so any receiver is one; open/unlink only on a visible path expression.
      const pathMethod = pathExpression
        ? /^(read_text|read_bytes|write_text|write_bytes|open|unlink|rmdir|touch)$/
        : /^(read_text|read_bytes|write_text|write_bytes)$/;
      if (pathMethod.test(method)) flow(analysis, 'FDSP-PY-PATH-001', node, analysis.taint(receiver));
    },
  },
  'FDSP-PY-PATH-002': {
    call(site, analysis) {
      if (!/tarfile\.(open|TarFile)\(\)\.(extractall|extract)$/.test(site.name)) return;
      if (site.keywords.has('filter') || (site.method === 'extractall' && site.keywords.has('members'))) return;
      analysis.report('FDSP-PY-PATH-002', site.node);
    },
  },
  'FDSP-PY-REDIRECT-001': {
    call(site, analysis) {
      if (matches(site.name, redirectCalls)) {
        const target = argument(site, 0, 'location') ?? argument(site, 0, 'redirect_to') ?? argument(site, 0, 'url');
        if (target) flow(analysis, 'FDSP-PY-REDIRECT-001', site.node, analysis.taint(target));
        return;
      }
      if (
        (site.method === 'add' || site.method === 'set' || site.method === '__setitem__') &&
        /location/i.test(stringValue(analysis, site.positional[0]) ?? '')
      ) {
        const value = site.positional[1];
        if (value) flow(analysis, 'FDSP-PY-REDIRECT-001', site.node, analysis.taint(value));
      }
    },
    assign(target, value, analysis) {
      if (target.type !== 'subscript') return;
      const key = childByField(target, 'subscript');
      if (/^location$/i.test(stringValue(analysis, key) ?? ''))
        flow(analysis, 'FDSP-PY-REDIRECT-001', target, analysis.taint(value));
    },
  },
  'FDSP-PY-XSS-001': {
    call(site, analysis) {
      if (!matches(site.name, responseCalls)) return;
      const mimetype = stringValue(analysis, site.keywords.get('mimetype') ?? site.keywords.get('content_type')) ?? '';
      if (mimetype && !mimetype.includes('html')) return;
      const body = argument(site, 0, 'response') ?? argument(site, 0, 'content');
      if (body && body.type !== 'identifier' && !isBuiltString(analysis, body) && body.type !== 'call') return;
      if (body) flow(analysis, 'FDSP-PY-XSS-001', site.node, analysis.taint(body));
    },
    returned(value, analysis) {
      if (!analysis.function?.handler) return;
      const body = value.type === 'tuple' ? namedChildren(value)[0] : value;
      // Flask sends returned strings as text/html.
      if (body && (isBuiltString(analysis, body) || assignedBuiltString(analysis, body)))
        flow(analysis, 'FDSP-PY-XSS-001', value, analysis.taint(body));
    },
  },
  'FDSP-PY-XSS-002': {
    call(site, analysis) {
      if (site.name !== 'jinja2.Environment' && site.name !== 'jinja2.Template') return;
      const autoescape = site.keywords.get('autoescape');
      if (
        (!autoescape && !site.hasStarArguments && site.name === 'jinja2.Environment') ||
        isFalse(analysis, autoescape)
      )
        analysis.report('FDSP-PY-XSS-002', site.node);
    },
  },
  'FDSP-PY-LDAP-001': {
    call(site, analysis) {
      const methods = ['search', 'search_s', 'search_st', 'search_ext', 'search_ext_s', 'paged_search'];
      if (
        !methods.includes(site.method) ||
        !site.receiver ||
        !/ldap|Connection|con/i.test(`${site.name} ${analysis.moduleText().slice(0, 2000)}`)
      )
        return;
      if (!/\bldap/i.test(analysis.moduleText())) return;
      const candidates = [
        argument(site, 0, 'search_base') ?? argument(site, 0, 'base'),
        site.keywords.get('search_filter') ??
          site.keywords.get('filterstr') ??
          site.positional[site.name.includes('ldap3') || site.method === 'search' ? 1 : 2],
      ];
      for (const candidate of candidates)
        if (candidate && flow(analysis, 'FDSP-PY-LDAP-001', site.node, analysis.taint(candidate))) return;
    },
  },
  'FDSP-PY-XPATH-001': {
    call(site, analysis) {
      const query = site.positional[0];
      if (!query) return;
      if (
        ['xpath', 'XPath', 'evaluate'].includes(site.method) &&
        (site.method !== 'evaluate' || /xpath|lxml/i.test(site.name))
      ) {
        flow(analysis, 'FDSP-PY-XPATH-001', site.node, analysis.taint(query));
      } else if (
        ['findall', 'find', 'iterfind', 'findtext'].includes(site.method) &&
        site.receiver &&
        site.receiver.type !== 'string' &&
        ((isBuiltString(analysis, query) && /[[@/]/.test(analysis.text(query))) ||
          // ElementTree's find*() take ElementPath expressions; on an element the query string is a path language.
          (query.type !== 'string' &&
            (/etree|ElementTree|getroot\(\)|\.parse\(\)|fromstring\(\)|XML\(\)/.test(
              analysis.qualify(site.receiver) ?? '',
            ) ||
              /(^|_)(root|tree|elem(ent)?|node|doc(ument)?|xml|dom)s?$/i.test(analysis.text(site.receiver)))))
      ) {
        flow(analysis, 'FDSP-PY-XPATH-001', site.node, analysis.taint(query));
      }
    },
  },
  'FDSP-PY-REGEX-001': {
    call(site, analysis) {
      if (
        !/^re\.(compile|match|search|fullmatch|sub|subn|split|findall|finditer)$/.test(site.name) &&
        !/^regex\./.test(site.name)
      )
        return;
      const pattern = argument(site, 0, 'pattern');
      if (!pattern) return;
      // A fixed pattern with a quantified group that itself repeats, `(a+)*` or `([a-z]+)+`, backtracks
      // exponentially on a near-miss input (ReDoS, CWE-1333).
      const literal = stringValue(analysis, pattern);
      if (literal !== undefined && /\((?:\?:)?(?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)[+*{]/.test(literal)) {
        analysis.report('FDSP-PY-REGEX-001', site.node, { detail: 'nested quantifier' });
        return;
      }
      flow(analysis, 'FDSP-PY-REGEX-001', site.node, analysis.taint(pattern));
    },
  },
  'FDSP-PY-LOG-001': {
    call(site, analysis) {
      if (
        !loggingMethods.has(site.method) ||
        !/(^logging|logger|log|\.logger)(\.|$)/i.test(site.name.slice(0, site.name.length - site.method.length - 1))
      )
        return;
      for (const value of [...site.positional, ...site.keywords.values()])
        if (flow(analysis, 'FDSP-PY-LOG-001', site.node, analysis.taint(value))) return;
    },
  },
  'FDSP-PY-SSRF-001': {
    call(site, analysis) {
      const session = /(Session|Client)\(\)\.(get|post|put|delete|head|patch|request)$/.test(site.name);
      if (!matches(site.name, httpClientCalls) && !session) return;
      const url =
        site.name.endsWith('request') && site.positional.length > 1 ? site.positional[1] : argument(site, 0, 'url');
      if (url) flow(analysis, 'FDSP-PY-SSRF-001', site.node, analysis.taint(url));
    },
  },
  'FDSP-PY-HEADER-001': {
    call(site, analysis) {
      if (matches(site.name, responseCalls)) {
        for (const key of ['content_type', 'mimetype', 'headers']) {
          const value = site.keywords.get(key);
          if (value && flow(analysis, 'FDSP-PY-HEADER-001', site.node, analysis.taint(value))) return;
        }
        return;
      }
      if (
        (site.method === 'add' ||
          site.method === 'set' ||
          site.method === 'add_header' ||
          site.method === 'setdefault') &&
        site.receiver &&
        /header/i.test(analysis.text(site.receiver) + site.name)
      ) {
        if (/location/i.test(stringValue(analysis, site.positional[0]) ?? '')) return;
        const value = site.positional[1];
        if (value) flow(analysis, 'FDSP-PY-HEADER-001', site.node, analysis.taint(value));
      }
    },
    assign(target, value, analysis) {
      if (target.type !== 'subscript') return;
      const container = childByField(target, 'value');
      const key = stringValue(analysis, childByField(target, 'subscript'));
      if (!container || key === undefined || /^location$/i.test(key)) return;
      // `resp.headers[k] = v`, or Django's `response[k] = v` on an HttpResponse.
      const headers =
        /headers$/i.test(analysis.text(container)) ||
        /HttpResponse|Response\(\)/.test(analysis.qualify(container) ?? '') ||
        /^[A-Z][\w-]*-[\w-]+$|^Content/.test(key);
      if (headers) flow(analysis, 'FDSP-PY-HEADER-001', target, analysis.taint(value));
    },
  },
  'FDSP-PY-DESER-001': {
    call(site, analysis) {
      if (!matches(site.name, pickleLoads)) return;
      const data = site.positional[0];
      if (data) flow(analysis, 'FDSP-PY-DESER-001', site.node, analysis.taint(data));
    },
  },
  'FDSP-PY-DESER-002': {
    call(site, analysis) {
      if (site.name === 'yaml.unsafe_load' || site.name === 'yaml.unsafe_load_all') {
        analysis.report('FDSP-PY-DESER-002', site.node);
        return;
      }
      if (site.name !== 'yaml.load' && site.name !== 'yaml.load_all') return;
      const loader = site.keywords.get('Loader') ?? site.positional[1];
      if (loader && /Safe|CSafe/.test(analysis.text(loader))) return;
      analysis.report('FDSP-PY-DESER-002', site.node);
    },
  },
  'FDSP-PY-ADDR-001': {
    call(site, analysis) {
      if (
        /^(send|reply|respond|forward|transmit|connect)_?\w*$/i.test(site.method) &&
        !['connect', 'sendto', 'connect_ex', 'send', 'sendall', 'sendfile', 'sendmsg'].includes(site.method)
      ) {
        // A helper that sends to an address: the destination argument came from untrusted data (the packet).
        const helper = site.receiver ? undefined : analysis.functionNamed(site.method);
        site.positional.forEach((value, index) => {
          const parameter = helper?.parameters[index] ?? '';
          const addressLike = /addr|address|(^|_)ip($|_|addr)|ip_?address|requestip|(^|_)host($|_)|dest/i;
          const taint = analysis.taint(value);
          // Only data that arrived from outside (a packet, a request): a helper's own parameters are the caller's.
          if (taint?.origin === 'remote' && (addressLike.test(parameter) || addressLike.test(analysis.text(value))))
            flow(analysis, 'FDSP-PY-ADDR-001', site.node, taint);
        });
        return;
      }
      if (!['connect', 'sendto', 'connect_ex'].includes(site.method) && site.name !== 'socket.create_connection')
        return;
      const address = site.method === 'sendto' ? site.positional[site.positional.length - 1] : site.positional[0];
      if (!address || site.positional.length === 0 || address.type !== 'tuple') return;
      const host = namedChildren(address)[0];
      const taint = host ? analysis.taint(host) : undefined;
      // A TCP client connecting to the host its caller names is ordinary; only a datagram reply (sendto) to a
      // caller-chosen address, or a connection to an address taken from received data, picks the wrong destination.
      if (host && (site.method === 'sendto' || taint?.origin === 'remote'))
        flow(analysis, 'FDSP-PY-ADDR-001', site.node, taint);
    },
  },
  'FDSP-PY-UPLOAD-001': {
    call(site, analysis) {
      const fn = analysis.function;
      if (!fn) return;
      const isUpload = (node: PlainNode | undefined): node is PlainNode => {
        const taint = node ? analysis.taint(node) : undefined;
        if (taint?.origin !== 'remote') return false;
        if (/^request\.(files|FILES)/.test(taint.from)) return true;
        // FastAPI/Starlette: a handler parameter declared as UploadFile.
        return /^request parameter/.test(taint.from) && /:\s*UploadFile\b/.test(analysis.text(fn.node));
      };
      let upload: PlainNode | undefined;
      let destination: PlainNode | undefined;
      if (site.method === 'save' && site.receiver && isUpload(site.receiver)) {
        upload = site.receiver;
        destination = argument(site, 0, 'dst');
      } else if (site.method === 'save' && site.receiver && isUpload(site.positional[1])) {
        // Django storage: default_storage.save(name, uploaded_file).
        upload = site.positional[1];
        destination = site.positional[0];
      } else if ((site.method === 'write' || /shutil\.copyfileobj$/.test(site.name)) && isUpload(site.positional[0])) {
        upload = site.positional[0];
      }
      if (!upload) return;
      const destinationTaint = destination ? analysis.taint(destination) : undefined;
      const clientName =
        destinationTaint !== undefined && /^request/.test(destinationTaint.from) && reaches(destinationTaint, 'path');
      if (!clientName && validatesUploadType(fn.node, analysis)) return;
      analysis.report('FDSP-PY-UPLOAD-001', site.node, {
        detail: clientName ? 'saved under the client-supplied file name' : 'no extension or content-type check',
      });
    },
  },
  'FDSP-PY-ERROR-001': {
    returned(value, analysis) {
      if (!analysis.function?.handler) return;
      if (exposesException(value, analysis)) analysis.report('FDSP-PY-ERROR-001', value);
    },
    call(site, analysis) {
      if (
        !matches(site.name, [...responseCalls, 'jsonify', 'flask.jsonify', 'JsonResponse', 'django.http.JsonResponse'])
      )
        return;
      if ([...site.positional, ...site.keywords.values()].some((value) => exposesException(value, analysis)))
        analysis.report('FDSP-PY-ERROR-001', site.node);
    },
  },
  'FDSP-PY-JWT-001': {
    call(site, analysis) {
      if (/jwt\.(get_unverified_claims|get_unverified_header)$/.test(site.name) && site.name.includes('jose')) {
        analysis.report('FDSP-PY-JWT-001', site.node);
        return;
      }
      if (!/(^|\.)jwt\.decode$/.test(site.name) && site.name !== 'jwt.api_jwt.decode') return;
      const options = site.keywords.get('options');
      const verify = site.keywords.get('verify');
      const algorithms = site.keywords.get('algorithms');
      const noKey = site.positional.length < 2 && !site.keywords.has('key') && !site.hasStarArguments;
      const disabled =
        (options && /verify_signature['"]\s*:\s*False/.test(analysis.text(options))) || isFalse(analysis, verify);
      const none = algorithms && /['"]none['"]/i.test(analysis.text(algorithms));
      if (disabled || none || noKey) analysis.report('FDSP-PY-JWT-001', site.node);
    },
  },
  'FDSP-PY-CRYPTO-001': {
    node(node, analysis) {
      if (node.type !== 'attribute') return;
      const text = analysis.text(node);
      if (/\.MODE_ECB$/.test(text) || (/(^|\.)modes\.ECB$/.test(text) && node.parent?.type === 'call'))
        analysis.report('FDSP-PY-CRYPTO-001', node);
    },
  },
  'FDSP-PY-CRYPTO-002': {
    call(site, analysis) {
      let iv: PlainNode | undefined;
      if (/(Crypto|Cryptodome)\.Cipher\.\w+\.new$/.test(site.name)) {
        iv = site.keywords.get('iv') ?? site.keywords.get('nonce') ?? site.keywords.get('IV') ?? site.positional[2];
        const mode = site.positional[1] ?? site.keywords.get('mode');
        if (mode && /MODE_(ECB)/.test(analysis.text(mode))) return;
      } else if (/cryptography\.hazmat\.primitives\.ciphers\.modes\.(CBC|CFB|CFB8|OFB|CTR|GCM)$/.test(site.name)) {
        iv = site.positional[0] ?? site.keywords.get('initialization_vector') ?? site.keywords.get('nonce');
      } else if (/\.(AESGCM|ChaCha20Poly1305|AESCCM)\(\)\.(encrypt)$/.test(site.name)) {
        iv = site.positional[0];
      }
      if (iv && analysis.isConstant(iv)) analysis.report('FDSP-PY-CRYPTO-002', site.node);
    },
  },
  'FDSP-PY-CRYPTO-003': {
    call(site, analysis) {
      // NIST SP 800-57 / 800-131A: RSA and finite-field (DSA/DH) keys need 2048 bits (112-bit security, acceptable
      // through 2030); elliptic curves need at least 224 bits. A larger key is a recommendation, not a weakness.
      let size: PlainNode | undefined;
      if (/(Crypto|Cryptodome)\.PublicKey\.(RSA|DSA|ElGamal)\.generate$/.test(site.name))
        size = argument(site, 0, 'bits');
      else if (/asymmetric\.(rsa|dsa)\.generate_private_key$/.test(site.name))
        size = site.keywords.get('key_size') ?? site.positional[site.name.includes('rsa') ? 1 : 0];
      else if (/asymmetric\.dh\.generate_parameters$/.test(site.name))
        size = site.keywords.get('key_size') ?? site.positional[1];
      else if (/^rsa\.newkeys$/.test(site.name)) size = site.positional[0];
      else if (/asymmetric\.ec\.(SECP192R1|SECT163K1|SECT163R2)$/.test(site.name)) {
        analysis.report('FDSP-PY-CRYPTO-003', site.node, { detail: `curve ${lastName(site.name)} is below 224 bits` });
        return;
      }
      if (!size) return;
      const bits = Number(analysis.text(size).replace(/_/g, ''));
      if (Number.isFinite(bits) && bits < 2048)
        analysis.report('FDSP-PY-CRYPTO-003', site.node, { detail: `${String(bits)} bits` });
    },
  },
  'FDSP-PY-CRYPTO-004': {
    call(site, analysis) {
      const algorithm = /ciphers\.algorithms\.(\w+)$/.exec(site.name)?.[1];
      if (weakCiphers.some((cipher) => site.name === `${cipher}.new`) || (algorithm && weakAlgorithms.has(algorithm)))
        analysis.report('FDSP-PY-CRYPTO-004', site.node);
    },
  },
  'FDSP-PY-CRYPTO-005': {
    call(site, analysis) {
      const match = /^hashlib\.(\w+)$/.exec(site.name);
      if (!match?.[1] || !fastHashes.has(match[1])) return;
      const data = site.name === 'hashlib.new' ? site.positional[1] : site.positional[0];
      if (!data || !passwordish.test(analysis.text(data))) return;
      analysis.report('FDSP-PY-CRYPTO-005', site.node);
    },
    node(node, analysis) {
      // A key-derivation function with too few iterations is a fast hash again (OWASP: 600,000 for PBKDF2-SHA256;
      // below 100,000 is weak by any current guidance).
      if (node.type !== 'call') return;
      const callee = analysis.text(childByField(node, 'function') ?? node);
      if (!/(^|\.)(pbkdf2_hmac|PBKDF2HMAC|PBKDF2)$/.test(callee)) return;
      const args = childByField(node, 'arguments');
      const all = args ? namedChildren(args) : [];
      const keyword = all.find(
        (arg) =>
          arg.type === 'keyword_argument' &&
          /^(iterations|count)$/.test(analysis.text(childByField(arg, 'name') ?? arg)),
      );
      const positional = all.filter((arg) => arg.type !== 'keyword_argument');
      const count = keyword ? childByField(keyword, 'value') : /pbkdf2_hmac$/.test(callee) ? positional[3] : undefined;
      if (count?.type !== 'integer') return;
      const value = Number(analysis.text(count).replace(/_/g, ''));
      if (Number.isFinite(value) && value < 100_000)
        analysis.report('FDSP-PY-CRYPTO-005', node, { detail: `${String(value)} iterations` });
    },
  },
  'FDSP-PY-CRYPTO-006': {
    call(site, analysis) {
      let salt: PlainNode | undefined;
      if (site.name === 'hashlib.pbkdf2_hmac') salt = site.keywords.get('salt') ?? site.positional[2];
      else if (site.name === 'hashlib.scrypt' || /PBKDF2(HMAC)?$/.test(site.name))
        salt = site.keywords.get('salt') ?? site.positional[1];
      if (salt && analysis.isConstant(salt)) analysis.report('FDSP-PY-CRYPTO-006', site.node);
    },
  },
  'FDSP-PY-TLS-001': {
    call(site, analysis) {
      if (
        site.name === 'ssl._create_unverified_context' ||
        (/set_missing_host_key_policy$/.test(site.name) &&
          site.positional[0] &&
          /AutoAddPolicy|WarningPolicy/.test(analysis.text(site.positional[0])))
      ) {
        analysis.report('FDSP-PY-TLS-001', site.node);
        return;
      }
      if (isFalse(analysis, site.keywords.get('verify')) && !/jwt/.test(site.name))
        analysis.report('FDSP-PY-TLS-001', site.node);
      if (/aiohttp/.test(site.name) && isFalse(analysis, site.keywords.get('ssl')))
        analysis.report('FDSP-PY-TLS-001', site.node);
    },
    assign(target, value, analysis) {
      const name = analysis.text(target);
      if (
        (/\.check_hostname$/.test(name) && isFalse(analysis, value)) ||
        (/\.verify_mode$/.test(name) && /CERT_NONE/.test(analysis.text(value))) ||
        // `session.verify = False` on a requests/httpx session turns verification off for every call.
        (/\.verify$/.test(name) && isFalse(analysis, value))
      )
        analysis.report('FDSP-PY-TLS-001', target);
    },
  },
  'FDSP-PY-TLS-002': {
    call(site, analysis) {
      if (site.name === 'OpenSSL.SSL.Context' && !/\.set_verify\(/.test(analysis.moduleText()))
        analysis.report('FDSP-PY-TLS-002', site.node);
    },
  },
  'FDSP-PY-TLS-003': {
    call(site, analysis) {
      if (site.name === 'ssl.wrap_socket') analysis.report('FDSP-PY-TLS-003', site.node);
    },
    node(node, analysis) {
      if (
        node.type === 'attribute' &&
        /\.(PROTOCOL_(SSLv2|SSLv3|SSLv23|TLSv1|TLSv1_1)|(SSLv2|SSLv3|SSLv23|TLSv1|TLSv1_1)_METHOD)$/.test(
          analysis.text(node),
        )
      )
        analysis.report('FDSP-PY-TLS-003', node);
    },
  },
  'FDSP-PY-XML-001': {
    call(site, analysis) {
      if (/^lxml\.etree\.(XMLParser|XMLPullParser)$/.test(site.name)) {
        if (!isFalse(analysis, site.keywords.get('resolve_entities')) && !site.hasStarArguments)
          analysis.report('FDSP-PY-XML-001', site.node);
        return;
      }
      if (/^lxml\.etree\.(parse|fromstring|XML|iterparse|fromstringlist)$/.test(site.name)) {
        if (!site.keywords.has('parser') && site.positional.length < 2) analysis.report('FDSP-PY-XML-001', site.node);
        return;
      }
      if (
        site.method === 'setFeature' &&
        site.positional[0] &&
        /feature_external_(ges|pes)/.test(analysis.text(site.positional[0])) &&
        isTrue(analysis, site.positional[1])
      )
        analysis.report('FDSP-PY-XML-001', site.node);
    },
  },
  'FDSP-PY-XML-002': {
    call(site, analysis) {
      const dot = site.name.lastIndexOf('.');
      if (dot < 0 || !stdlibXml.includes(site.name.slice(0, dot)) || !xmlParseFunctions.has(site.method)) return;
      analysis.report('FDSP-PY-XML-002', site.node);
    },
  },
  'FDSP-PY-TEMP-001': {
    call(site, analysis) {
      if (['tempfile.mktemp', 'os.tempnam', 'os.tmpnam'].includes(site.name)) {
        analysis.report('FDSP-PY-TEMP-001', site.node);
        return;
      }
      if (site.name === 'open' || site.name === 'io.open') {
        const path = site.positional[0];
        const mode = stringValue(analysis, site.positional[1] ?? site.keywords.get('mode')) ?? 'r';
        if (!path || !/[wax+]/.test(mode)) return;
        const shared = /^[fbr]*['"]\/(tmp|var\/tmp|dev\/shm)\//;
        const text = analysis.text(path);
        // A fixed name in a world-writable directory, written directly, via a constant, or via os.path.join.
        const fixed =
          shared.test(text) ||
          /^os\.path\.join\(\s*['"]\/(tmp|var\/tmp|dev\/shm)\/?['"]/.test(text) ||
          (path.type === 'identifier' &&
            new RegExp(`\\b${text}\\s*=\\s*[fbr]*['"]/(tmp|var/tmp|dev/shm)/`).test(
              analysis.text(analysis.function?.node ?? analysis.root),
            ));
        if (fixed) analysis.report('FDSP-PY-TEMP-001', site.node);
      }
    },
  },
  'FDSP-PY-PERM-001': {
    call(site, analysis) {
      if (site.name === 'os.umask') {
        const mask = site.positional[0] ? evaluateMode(analysis.text(site.positional[0])) : undefined;
        if (mask !== undefined && (mask & 0o022) === 0) analysis.report('FDSP-PY-PERM-001', site.node);
        return;
      }
      let mode: PlainNode | undefined;
      if (['os.chmod', 'os.fchmod', 'os.lchmod'].includes(site.name) || (site.method === 'chmod' && site.receiver))
        mode = site.keywords.get('mode') ?? site.positional[site.name.startsWith('os.') ? 1 : 0];
      else if (site.name === 'os.open') mode = site.keywords.get('mode') ?? site.positional[2];
      else if (site.name === 'os.makedirs' || site.name === 'os.mkdir')
        mode = site.keywords.get('mode') ?? site.positional[1];
      if (!mode) return;
      const bits = evaluateMode(analysis.text(mode));
      if (bits === undefined) return;
      // Write access for group/others lets them change the file; on a file (not a directory, where x means "enter")
      // execute access for others lets every local user run what this program wrote. Group-only execute (0o750) is a
      // deliberately restricted mode, so unlike Bandit B103 it is not flagged.
      const isFile = site.name !== 'os.makedirs' && site.name !== 'os.mkdir';
      if ((bits & 0o022) !== 0 || (isFile && (bits & 0o001) !== 0))
        analysis.report('FDSP-PY-PERM-001', site.node, { detail: `mode ${bits.toString(8)}` });
    },
  },
  'FDSP-PY-CRED-001': {
    assign(target, value, analysis) {
      if (!isCredentialLiteral(analysis, value)) return;
      const name =
        target.type === 'subscript'
          ? (stringValue(analysis, childByField(target, 'subscript')) ?? '')
          : analysis.text(target);
      if (isSecretName(name)) analysis.report('FDSP-PY-CRED-001', target);
    },
    call(site, analysis) {
      for (const [key, value] of site.keywords) {
        if (isSecretName(key) && isCredentialLiteral(analysis, value)) {
          analysis.report('FDSP-PY-CRED-001', site.node, { detail: key });
          return;
        }
      }
      // A placeholder credential ("YOUR_API_KEY", "<insert_access_token_here>") passed to a client: the code is meant
      // to carry the real secret inline. Lookups by name (getenv, config.get) take the name, not the secret.
      if (!/getenv|environ|config|setting|secret_?manager|keyring|vault|\.get$|getitem|param/i.test(site.name)) {
        for (const value of site.positional) {
          const literal = stringValue(analysis, value);
          if (literal !== undefined && isPlaceholderCredential(literal)) {
            analysis.report('FDSP-PY-CRED-001', site.node, { detail: `placeholder "${literal}"` });
            return;
          }
        }
      }
      // A key written into the code and handed to a cipher, MAC or token signer (CWE-321).
      const keyIndex = keyArgument(site.name);
      if (keyIndex !== undefined) {
        const key = site.keywords.get('key') ?? site.keywords.get('secret') ?? site.positional[keyIndex];
        if (key && isKeyLiteral(analysis, key)) {
          analysis.report('FDSP-PY-CRED-001', site.node, { detail: 'hard-coded key' });
          return;
        }
      }
      // MySQLdb.connect(host, user, passwd, db) / psycopg2-style positional credentials.
      if (
        /(MySQLdb|pymysql|mysql\.connector|psycopg2|pyodbc)\.(connect|Connect)$/.test(site.name) &&
        site.positional[2] &&
        isCredentialLiteral(analysis, site.positional[2])
      ) {
        analysis.report('FDSP-PY-CRED-001', site.node);
      }
    },
    node(node, analysis) {
      if (node.type === 'comparison_operator') {
        const [left, right] = namedChildren(node);
        if (!left || !right || !node.children.some((child) => child.type === '==' || child.type === '!=')) return;
        for (const [name, literal] of [
          [left, right],
          [right, left],
        ] as const) {
          if (
            // `password == "..."`, and the request field itself: `request.form.get("password") == "admin123"`.
            ['identifier', 'attribute', 'call', 'subscript'].includes(name.type) &&
            passwordish.test(analysis.text(name)) &&
            isCredentialLiteral(analysis, literal)
          ) {
            analysis.report('FDSP-PY-CRED-001', node);
            return;
          }
        }
      }
      // Credentials inside a connection URL: "postgresql://admin:P4ssw0rd@db/prod".
      if (node.type === 'string') {
        const userinfo = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:([^@\s/]+)@[^\s]/i.exec(stringValue(analysis, node) ?? '');
        const secret = userinfo?.[1];
        if (secret && !/^(\$|%|\{|<|\*+$|x+$)/i.test(secret)) analysis.report('FDSP-PY-CRED-001', node);
        return;
      }
      if (node.type === 'pair') {
        const key = stringValue(analysis, childByField(node, 'key'));
        const value = childByField(node, 'value');
        if (key !== undefined && value && isSecretName(key) && isCredentialLiteral(analysis, value))
          analysis.report('FDSP-PY-CRED-001', node);
      }
    },
  },
  'FDSP-PY-RAND-001': {
    call(site, analysis) {
      const match = /^random\.(\w+)$/.exec(site.name);
      if (!match?.[1] || !randomFunctions.has(match[1])) return;
      let context = analysis.function?.name ?? '';
      for (let node = site.node.parent; node; node = node.parent) {
        if (node.type === 'assignment') {
          context += ` ${analysis.text(childByField(node, 'left') ?? node)}`;
          break;
        }
        if (node.type.endsWith('statement')) break;
      }
      if (secretContext.test(context) && match[1] !== 'shuffle') analysis.report('FDSP-PY-RAND-001', site.node);
    },
  },
  'FDSP-PY-RAND-002': {
    call(site, analysis) {
      if (site.name !== 'random.seed') return;
      const seed = site.positional[0];
      if (!seed || analysis.isConstant(seed) || /time|getpid|datetime/.test(analysis.text(seed)))
        analysis.report('FDSP-PY-RAND-002', site.node);
    },
  },
  'FDSP-PY-DEBUG-001': {
    call(site, analysis) {
      if (site.method === 'run' && isTrue(analysis, site.keywords.get('debug')))
        analysis.report('FDSP-PY-DEBUG-001', site.node);
    },
    assign(target, value, analysis) {
      const name = analysis.text(target);
      if (
        (name === 'DEBUG' && target.parent?.parent?.parent?.type === 'module') ||
        /\.debug$|\['DEBUG'\]$/.test(name)
      ) {
        if (isTrue(analysis, value)) analysis.report('FDSP-PY-DEBUG-001', target);
      }
    },
  },
  'FDSP-PY-BIND-001': {
    call(site, analysis) {
      if (site.method === 'bind' && site.positional[0]?.type === 'tuple') {
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
  'FDSP-PY-CLEAR-001': {
    call(site, analysis) {
      if (['ftplib.FTP', 'telnetlib.Telnet'].includes(site.name)) {
        analysis.report('FDSP-PY-CLEAR-001', site.node);
        return;
      }
      if (site.name === 'smtplib.SMTP' && !/\.starttls\(/.test(analysis.moduleText())) {
        analysis.report('FDSP-PY-CLEAR-001', site.node);
        return;
      }
      if (matches(site.name, httpClientCalls)) {
        const url = stringValue(analysis, site.positional[0]) ?? '';
        if (/^http:\/\/(?!localhost|127\.|0\.0\.0\.0|\[::1\])/.test(url))
          analysis.report('FDSP-PY-CLEAR-001', site.node);
      }
    },
  },
  'FDSP-PY-TOCTOU-001': {
    node(node, analysis) {
      if (node.type !== 'if_statement') return;
      const condition = childByField(node, 'condition');
      if (!condition) return;
      const check = /os\.(path\.(exists|isfile|isdir|islink)|access)\(\s*([\w.]+)/.exec(analysis.text(condition));
      const name = check?.[3];
      if (!name || /^\s*not\b/.test(analysis.text(condition))) return;
      const body = childByField(node, 'consequence');
      if (!body) return;
      const escaped = name.replace(/\./g, '\\.');
      if (
        new RegExp(`\\b(open|os\\.(remove|unlink|chmod|chown|rename|rmdir)|shutil\\.\\w+)\\(\\s*${escaped}\\b`).test(
          analysis.text(body),
        )
      )
        analysis.report('FDSP-PY-TOCTOU-001', condition);
    },
  },
  'FDSP-PY-TIMING-001': {
    node(node, analysis) {
      if (
        node.type !== 'comparison_operator' ||
        !node.children.some((child) => child.type === '==' || child.type === '!=')
      )
        return;
      const operands = namedChildren(node);
      // A lookup (`request.headers.get("X-Token")`, `data.get("sig")`) returns the presented value itself; other calls
      // (len(), hash()) derive something else.
      const lookup = (operand: PlainNode): boolean =>
        operand.type === 'call' && /\.get$/.test(analysis.text(childByField(operand, 'function') ?? operand));
      if (
        operands.length !== 2 ||
        operands.some((operand) => analysis.isConstant(operand) || (operand.type === 'call' && !lookup(operand)))
      )
        return;
      // Both sides presented by the client (`password != confirm_password`): nothing secret to leak.
      if (operands.every((operand) => analysis.taint(operand)?.from.startsWith('request') === true)) return;
      const secret = /passw|pwd|(^|_)pw$|token|secret|signature|digest|hmac|(^|_)mac$|otp|hash/i;
      if (
        operands.every(
          (operand) =>
            operand.type === 'identifier' ||
            operand.type === 'attribute' ||
            operand.type === 'subscript' ||
            lookup(operand),
        ) &&
        operands.some((operand) => secret.test(analysis.text(operand)))
      ) {
        analysis.report('FDSP-PY-TIMING-001', node);
      }
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
  'FDSP-PY-LOOP-001': {
    node(node, analysis) {
      if (node.type !== 'while_statement') return;
      const condition = childByField(node, 'condition');
      if (!condition || !['True', '1'].includes(analysis.text(condition))) return;
      const body = childByField(node, 'body');
      // A service loop that blocks for the next event (sleep, accept, recv, a queue get, input) is meant to run
      // forever and idles between iterations; CWE-835 is the loop that spins with no way out.
      const waits =
        body &&
        /\b(time\.sleep|sleep|accept|recv\w*|input|select|poll|wait\w*|serve_forever|handle_request|get|join|readline)\(/.test(
          analysis.text(body),
        );
      if (body && !waits && !hasLoopExit(body)) analysis.report('FDSP-PY-LOOP-001', condition);
    },
  },
  'FDSP-PY-DICT-001': {
    node(node, analysis) {
      if (node.type === 'call') {
        // dict([("a", 1), ("a", 2)]): the later pair silently replaces the earlier one, as in a literal.
        const callee = childByField(node, 'function');
        const args = childByField(node, 'arguments');
        const items = args ? namedChildren(args)[0] : undefined;
        if (callee?.type !== 'identifier' || analysis.text(callee) !== 'dict') return;
        if (items?.type !== 'list' && items?.type !== 'tuple') return;
        const seen = new Set<string>();
        for (const item of namedChildren(items)) {
          const key = item.type === 'tuple' || item.type === 'list' ? namedChildren(item)[0] : undefined;
          if (!key || !(key.type === 'string' || key.type === 'integer') || !analysis.isConstant(key)) continue;
          const text = stringValue(analysis, key) ?? analysis.text(key);
          if (seen.has(text)) analysis.report('FDSP-PY-DICT-001', item, { detail: `key ${text}` });
          seen.add(text);
        }
        return;
      }
      if (node.type !== 'dictionary') return;
      const seen = new Set<string>();
      for (const pair of node.children) {
        if (pair.type !== 'pair') continue;
        const key = childByField(pair, 'key');
        if (!key || !(analysis.isConstant(key) && (key.type === 'string' || key.type === 'integer'))) continue;
        const text = stringValue(analysis, key) ?? analysis.text(key);
        if (seen.has(text)) analysis.report('FDSP-PY-DICT-001', pair, { detail: `key ${text}` });
        seen.add(text);
      }
    },
  },
  'FDSP-PY-IS-001': {
    node(node, analysis) {
      if (
        node.type !== 'comparison_operator' ||
        !node.children.some((child) => child.type === 'is' || child.type === 'is not')
      )
        return;
      // `is` is only meaningful for singletons (None, True, False, Ellipsis, NotImplemented), sentinels, classes and
      // enum members; a freshly built value (literal, display, str()/int() result) has no stable identity.
      if (namedChildren(node).some((operand) => freshValue(operand, analysis))) analysis.report('FDSP-PY-IS-001', node);
    },
  },
  'FDSP-PY-DEPRECATED-001': {
    call(site, analysis) {
      if (
        [
          'time.clock',
          'cgi.escape',
          'os.popen2',
          'os.popen3',
          'platform.linux_distribution',
          'platform.dist',
          'imp.load_source',
          'imp.find_module',
          'asyncio.async',
          'inspect.getargspec',
          'base64.encodestring',
          'base64.decodestring',
        ].includes(site.name)
      ) {
        analysis.report('FDSP-PY-DEPRECATED-001', site.node);
      }
    },
  },
};

// Evidence that the handler (or an in-module helper it calls) checks what was uploaded: an extension allow-list,
// the declared content type, or the content itself.
const uploadTypeCheck =
  /allowed_file|allowed_ext|ALLOWED_|splitext|rsplit\(\s*['"]\.|\.endswith\(|content_type|mimetype|imghdr|magic\.|filetype\.|\.verify\(\)|Image\.open|guess_type|FileExtensionValidator|validate_(file|upload|image)/i;

function validatesUploadType(fn: PlainNode, analysis: ModuleAnalysis): boolean {
  const stack = [fn];
  const seen = new Set<PlainNode>();
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current || seen.has(current)) continue;
    seen.add(current);
    if (uploadTypeCheck.test(analysis.text(current))) return true;
    for (const node of analysis.nodes) {
      if (node.start < current.start || node.end > current.end || node.type !== 'call') continue;
      const callee = childByField(node, 'function');
      const helper = callee?.type === 'identifier' ? analysis.functionNamed(analysis.text(callee)) : undefined;
      if (helper) stack.push(helper.node);
    }
  }
  return false;
}

const freshTypes = new Set([
  'string',
  'integer',
  'float',
  'concatenated_string',
  'tuple',
  'list',
  'dictionary',
  'set',
  'list_comprehension',
  'dictionary_comprehension',
  'set_comprehension',
]);

function freshValue(node: PlainNode, analysis: ModuleAnalysis): boolean {
  if (freshTypes.has(node.type)) return node.type !== 'tuple' || namedChildren(node).length > 0;
  if (node.type === 'unary_operator') return namedChildren(node).some((child) => freshValue(child, analysis));
  if (node.type === 'binary_operator') return namedChildren(node).some((child) => child.type === 'string');
  if (node.type === 'call') {
    const callee = childByField(node, 'function');
    const name = callee ? analysis.text(callee) : '';
    return /^(str|int|float|bytes|bytearray|list|dict|set|tuple|format|repr)$|\.(format|join|lower|upper|strip|encode|decode)$/.test(
      name,
    );
  }
  return false;
}

function exposesException(value: PlainNode, analysis: ModuleAnalysis): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (analysis.isException(node)) return true;
    if (
      node.type === 'call' &&
      /traceback\.format_exc|traceback\.format_exception|sys\.exc_info/.test(
        analysis.text(childByField(node, 'function') ?? node),
      )
    )
      return true;
    if (node.type === 'lambda') continue;
    for (const child of node.children) if (child.named) stack.push(child);
  }
  return false;
}

function isPlaceholderCredential(literal: string): boolean {
  const normalized = literal
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (
    /^(your|my|insert|enter|put|replace|add|paste)_(\w+_)?(api_?key|key|token|secret|password|passwd|pass|credentials?)(_here)?$/.test(
      normalized,
    ) ||
    /^(\w+_)?(api_?key|access_?token|auth_?token|secret_?key|client_?secret|password|token)_(here|goes_here)$/.test(
      normalized,
    ) ||
    /^replace_with_(\w+_)?(key|token|secret|password)/.test(normalized)
  );
}

/** `page = "<div>" + name + "</div>"; return page`: a returned variable that this function built as a string. */
function assignedBuiltString(analysis: ModuleAnalysis, node: PlainNode): boolean {
  if (node.type !== 'identifier') return false;
  const scope = analysis.function?.node;
  if (!scope) return false;
  const name = analysis.text(node);
  const stack = [...scope.children];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current) break;
    if (current.type === 'assignment' || current.type === 'augmented_assignment') {
      const left = childByField(current, 'left');
      const right = childByField(current, 'right');
      if (left && right && analysis.text(left) === name && isBuiltString(analysis, right)) return true;
    }
    if (current.type !== 'function_definition' && current.type !== 'class_definition') stack.push(...current.children);
  }
  return false;
}

/** Which positional argument of a keyed crypto API is the key; undefined for other calls. */
function keyArgument(name: string): number | undefined {
  if (/(Crypto|Cryptodome)\.Cipher\.\w+\.new$|cryptography\.fernet\.Fernet$|hmac\.new$/.test(name)) return 0;
  if (/ciphers\.(algorithms\.\w+|aead\.(AESGCM|ChaCha20Poly1305|AESCCM))$/.test(name)) return 0;
  if (/^(jwt|jose\.jwt)\.encode$/.test(name)) return 1;
  return undefined;
}

/** A literal key, directly or through a module constant bound to one. */
function isKeyLiteral(analysis: ModuleAnalysis, node: PlainNode): boolean {
  if (node.type === 'string') return isCredentialLiteral(analysis, node);
  if (node.type !== 'identifier' || !analysis.isConstant(node)) return false;
  // Identifiers are word characters only, so the name needs no escaping.
  const name = analysis.text(node);
  return new RegExp(`^${name}\\s*=\\s*[bBrRuU]*['"]`, 'm').test(analysis.text(analysis.root));
}

function isCredentialLiteral(analysis: ModuleAnalysis, node: PlainNode): boolean {
  const value = stringValue(analysis, node);
  return value !== undefined && value.length > 0 && !/^\s*$/.test(value) && !/^(\$\{.*\}|%\(.*\)s|\{.*\})$/.test(value);
}

const statConstants: Record<string, number> = {
  S_IRWXU: 0o700,
  S_IRUSR: 0o400,
  S_IWUSR: 0o200,
  S_IXUSR: 0o100,
  S_IREAD: 0o400,
  S_IWRITE: 0o200,
  S_IEXEC: 0o100,
  S_IRWXG: 0o070,
  S_IRGRP: 0o040,
  S_IWGRP: 0o020,
  S_IXGRP: 0o010,
  S_IRWXO: 0o007,
  S_IROTH: 0o004,
  S_IWOTH: 0o002,
  S_IXOTH: 0o001,
};

/** The permission bits a mode expression certainly sets (unknown parts such as st.st_mode count as 0). */
function evaluateMode(text: string): number | undefined {
  let bits = 0;
  let known = false;
  for (const part of text.split('|').map((piece) => piece.trim().replace(/^\(|\)$/g, ''))) {
    const constant = /S_I\w+$/.exec(part)?.[0];
    if (constant && constant in statConstants) {
      bits |= statConstants[constant] ?? 0;
      known = true;
    } else if (/^0o?[0-7]+$/.test(part)) {
      bits |= parseInt(part.replace(/^0o?/, ''), 8);
      known = true;
    } else if (/^\d+$/.test(part)) {
      bits |= parseInt(part, 10);
      known = true;
    }
  }
  return known ? bits : undefined;
}

function hasLoopExit(body: PlainNode): boolean {
  const stack = [...body.children];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (['return_statement', 'raise_statement', 'break_statement'].includes(node.type)) return true;
    if (node.type === 'call' && /^(sys\.exit|exit|quit|os\._exit)\b/.test(nodeText(node))) return true;
    // A break inside a nested loop exits only that loop; nested functions do not return from this one.
    if (['for_statement', 'while_statement', 'function_definition', 'class_definition', 'lambda'].includes(node.type)) {
      if (node.type === 'for_statement' || node.type === 'while_statement') stack.push(...findReturns(node));
      continue;
    }
    stack.push(...node.children);
  }
  return false;
}

function findReturns(node: PlainNode): PlainNode[] {
  const found: PlainNode[] = [];
  const stack = [...node.children];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current) break;
    if (current.type === 'return_statement' || current.type === 'raise_statement') found.push(current);
    if (current.type !== 'function_definition' && current.type !== 'lambda') stack.push(...current.children);
  }
  return found;
}

// `hasLoopExit` runs without the analysis at hand; call text is only needed for exit() detection, so keep a
// weak map from nodes to the module text set by the hooks below.
let currentText = '';
function nodeText(node: PlainNode): string {
  return currentText.slice(node.start, node.end);
}

export const ruleLogic: Readonly<Record<string, RuleLogic>> = { ...logic, ...designLogic };

let allRuleHooks: AnalysisHooks | undefined;

/** Hooks that run every rule (or only `only`, for the per-rule tests). The full set is built once and shared: the
 * hooks hold no per-file state, and rebuilding the check lists for every file showed up in cold-start profiles. */
export function createHooks(only?: ReadonlySet<string>): AnalysisHooks {
  if (!only) return (allRuleHooks ??= buildHooks(undefined));
  return buildHooks(only);
}

function buildHooks(only: ReadonlySet<string> | undefined): AnalysisHooks {
  const selected = Object.entries(ruleLogic)
    .filter(([id]) => !only || only.has(id))
    .map(([, rule]) => rule);
  const calls = selected.flatMap((rule) => (rule.call ? [rule.call] : []));
  const assigns = selected.flatMap((rule) => (rule.assign ? [rule.assign] : []));
  const returns = selected.flatMap((rule) => (rule.returned ? [rule.returned] : []));
  const nodes = selected.flatMap((rule) => (rule.node ? [rule.node] : []));
  return {
    call: (site, analysis) => {
      for (const check of calls) check(site, analysis);
    },
    assign: (target, value, analysis) => {
      for (const check of assigns) check(target, value, analysis);
    },
    returned: (value, analysis) => {
      for (const check of returns) check(value, analysis);
    },
    node: (node, analysis) => {
      currentText = analysis.moduleText();
      for (const check of nodes) check(node, analysis);
    },
  };
}
