// Where user text lands in an outbound URL (CWE-918): a value checked only for its format (isalnum, isdigit, an
// anchored character class) is harmless as a label of a fixed domain, a port of a fixed host or a path under a fixed
// `scheme://host/`, but is still the request's choice as the whole host or the scheme. Vulnerable/safe twins per way of
// building the URL (f-string, `+`, `%`, `.format`, urljoin), written from URL syntax (RFC 3986), not from the labels.
import { describe, expect, it } from 'vitest';

import { flags, flaskView, twinCases, type Twin } from './flow-twins.js';
import { urlPosition } from './url-template.js';

const header =
  "import re, requests\nfrom urllib.parse import urljoin\nfrom flask import Flask, request\napp = Flask(__name__)\nBASE = 'https://api.example.com/'\n";
const view = (body: string): string => flaskView(header, body);
const ssrf = flags('FDSP-PY-SSRF-001');
const checked = (name: string, check: string, url: string): string =>
  view(
    `${name} = request.args['${name}']\nif not ${check}:\n    return 'bad', 400\nreturn requests.get(${url}, timeout=5).text`,
  );

const twins: readonly Twin[] = [
  {
    name: 'f-string: a format-checked value as the whole host, or as a label of a fixed domain',
    vulnerable: checked('host', 'host.isalnum()', 'f"https://{host}/status"'),
    safe: checked('sub', 'sub.isalnum()', 'f"https://{sub}.example.com/status"'),
  },
  {
    name: '+ chain: a character class that allows dots still picks the host; under a fixed host it is a path',
    vulnerable: checked('host', "re.fullmatch(r'[a-z0-9.-]+', host)", '"https://" + host + "/status"'),
    safe: checked('item', "re.fullmatch(r'[a-z0-9.-]+', item)", '"https://api.example.com/items/" + item + "?full=1"'),
  },
  {
    name: '% formatting by position',
    vulnerable: checked('host', 'host.isalnum()', '"https://%s/status" % host'),
    safe: checked('item', 'item.isdigit()', '"https://api.example.com/items/%s" % item'),
  },
  {
    name: '% formatting by key',
    vulnerable: checked('host', 'host.isalnum()', '"https://%(h)s/status" % {"h": host}'),
    safe: checked('item', 'item.isdigit()', '"https://api.example.com/items/%(i)s" % {"i": item}'),
  },
  {
    name: '.format by position and by index',
    vulnerable: checked('host', 'host.isalnum()', '"https://{}/status".format(host)'),
    safe: checked('sub', 'sub.isalnum()', '"https://{0}.example.com/{0}".format(sub)'),
  },
  {
    name: 'urljoin: an unchecked reference may be absolute and replace the base host',
    vulnerable: view("item = request.args['item']\nreturn requests.get(urljoin(BASE, item), timeout=5).text"),
    safe: checked('item', "re.fullmatch(r'[0-9]+', item)", 'urljoin(BASE, item)'),
  },
  {
    name: 'the port of a fixed host: unchecked it can carry an authority of its own',
    vulnerable: view(
      "port = request.args['port']\nreturn requests.get(f'http://inventory.internal:{port}/health', timeout=5).text",
    ),
    safe: checked('port', 'port.isdigit()', "f'http://inventory.internal:{port}/health'"),
  },
  {
    name: 'a path under a fixed host still needs a check (partial SSRF)',
    vulnerable: view(
      "item = request.args['item']\nreturn requests.get(f'https://api.example.com/{item}', timeout=5).text",
    ),
    safe: checked('item', 'item.isdigit()', "f'https://api.example.com/{item}'"),
  },
  {
    name: 'the scheme: letters only still pick gopher:// or file://',
    vulnerable: checked('scheme', 'scheme.isalpha()', 'f"{scheme}://api.example.com/status"'),
    safe: checked('scheme', "scheme in ('http', 'https')", 'f"{scheme}://api.example.com/status"'),
  },
  {
    name: 'quote(): the default keeps "/" (so "../" climbs the path); safe="" and quote_plus encode every separator',
    vulnerable: view(
      "from urllib.parse import quote\nname = request.args['name']\nreturn requests.get('https://api.example.com/repos/' + quote(name), timeout=5).text",
    ),
    safe: view(
      "from urllib.parse import quote\nname = request.args['name']\nreturn requests.get('https://api.example.com/repos/' + quote(name, safe=''), timeout=5).text",
    ),
  },
  {
    name: 'quote(safe="") bounds the characters, but as the whole host the request still picks the server',
    vulnerable: view(
      "from urllib.parse import quote_plus\nhost = request.args['host']\nreturn requests.get(f'https://{quote_plus(host)}/status', timeout=5).text",
    ),
    safe: view(
      "from urllib.parse import quote_plus\nq = request.args['q']\nreturn requests.get(f'https://search.example.com/find/{quote_plus(q)}', timeout=5).text",
    ),
  },
];

describe('the SSRF rule decides by where the request value lands in the URL', () => {
  for (const twin of twinCases(twins, ssrf))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});

describe('urlPosition', () => {
  it.each([
    ['', '', 'scheme'],
    ['http', '://x/', 'scheme'],
    ['https://', '/status', 'host'],
    ['https://', '', 'host'],
    ['https://', '.example.com/', 'host-part'],
    ['https://api-', '.example.com/', 'host-part'],
    ['https://user@', '/', 'host'],
    ['http://inventory.internal:', '/health', 'host-part'],
    ['https://api.example.com', '', 'host'],
    ['https://api.example.com/', '', 'path'],
    ['https://api.example.com?q=', '', 'path'],
    ['//', '/x', 'host'],
    ['/items/', '', 'path'],
    ['\u0001', '', 'path'],
  ] as const)('after %j, before %j: %s', (prefix, following, position) => {
    expect(urlPosition(prefix, following)).toBe(position);
  });
});
