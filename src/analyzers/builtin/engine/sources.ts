// Where attacker data enters: request objects, stdin, argv, the environment, network reads.
import { sinkMask, type Taint } from '../taint.js';

// Request attributes that are not attacker data (or are routinely used safely, like `request.method`).
export const requestSafeAttributes: ReadonlySet<string> = new Set([
  'method',
  'url',
  'base_url',
  'url_root',
  'host_url',
  'endpoint',
  'url_rule',
  'blueprint',
  'is_json',
  'is_secure',
  'scheme',
  'user',
  'session',
  'content_length',
  'META_SAFE',
]);

/** Calls returning what the person running the program supplies: the terminal and the environment. */
const operatorSourceCalls: ReadonlyMap<string, string> = new Map([
  ['input', 'input()'],
  ['raw_input', 'raw_input()'],
  ['os.getenv', 'os.getenv()'],
  ['os.environ.get', 'os.environ'],
  ['sys.stdin.read', 'sys.stdin'],
  ['sys.stdin.readline', 'sys.stdin'],
]);

export const sourceCalls: ReadonlyMap<string, string> = new Map([
  ...operatorSourceCalls,
  // A CGI script's form: the request's query string and body.
  ['cgi.FieldStorage', 'cgi.FieldStorage()'],
]);

/** Module attributes that are the operator's input: the command line, the environment, the terminal. */
export const sourceAttributes: ReadonlyMap<string, string> = new Map([
  ['sys.argv', 'sys.argv'],
  ['os.environ', 'os.environ'],
  ['sys.stdin', 'sys.stdin'],
]);

const operatorSourceNames: ReadonlySet<string> = new Set([
  ...operatorSourceCalls.values(),
  ...sourceAttributes.values(),
]);

/** Whether a taint's source is the operator's own input (command line, environment, terminal), not a client's. A value
 * handed to a helper keeps its source first (`sys.argv, passed to read()`: functions.ts). */
export function isOperatorInput(taint: Taint): boolean {
  return operatorSourceNames.has(taint.from.split(', passed to ')[0] ?? taint.from);
}

/**
 * A framework's request object by qualified name: `flask.request`, `quart.request`, bottle's, a request module
 * re-exported under another package. The standard library's `urllib.request` and the `requests.request` function
 * send requests; they are no request being handled.
 */
export function isRequestObject(qualified: string): boolean {
  return (
    /(^|\.)request$/.test(qualified) && !/(^|\.)urllib\.request$/.test(qualified) && qualified !== 'requests.request'
  );
}

/**
 * The taint a module-level name carries by its qualified name, however it was imported: a framework's request object,
 * `sys.argv`, `os.environ`, `sys.stdin` (`import flask` + `flask.request`, `from sys import argv`).
 */
export function qualifiedSource(qualified: string | undefined): Taint | undefined {
  if (qualified === undefined) return undefined;
  if (isRequestObject(qualified)) return { origin: 'remote', safe: 0, from: 'request' };
  const source = sourceAttributes.get(qualified);
  return source ? sourceTaint(source) : undefined;
}

const environmentSources: ReadonlySet<string> = new Set(['os.environ', 'os.getenv()']);

/**
 * The deployment's environment chooses servers and redirect targets the way a constant does: a base URL or a login
 * page read from `os.environ` is configuration, not the client's choice (CWE-918, CWE-601 are about the client). It
 * stays a source for the other sinks. Merging keeps the verdict per sink, so a configured base joined with raw
 * request data still reaches the URL sink.
 */
const configuredBySinks = sinkMask(['url', 'redirect']);

/** The taint a source of the given label starts with. */
export function sourceTaint(label: string): Taint {
  return { origin: 'remote', safe: environmentSources.has(label) ? configuredBySinks : 0, from: label };
}

export const networkReads: ReadonlySet<string> = new Set(['recv', 'recvfrom', 'recv_into', 'recvmsg']);

/**
 * Tornado's `RequestHandler` reads the request's query, body and cookies through its own methods
 * (`self.get_argument("next")`): the handler's `self` is the request. The names are Tornado's API and no standard
 * library class defines them on `self`, so the receiver being `self` is the evidence.
 */
export const handlerArgumentReaders: ReadonlySet<string> = new Set([
  'get_argument',
  'get_arguments',
  'get_query_argument',
  'get_query_arguments',
  'get_body_argument',
  'get_body_arguments',
  'get_cookie',
  'decode_argument',
]);

/** A Flask/FastAPI route decorator, or a Django/DRF view decorator: the function handles a request. */
export function isRouteDecorator(text: string): boolean {
  return (
    /\.(route|get|post|put|patch|delete|api_route|websocket)\s*\(/.test(text) ||
    /^@?(api_view|require_http_methods|require_POST|require_GET|csrf_exempt|login_required)\b/.test(
      text.replace(/^@/, ''),
    )
  );
}

/** Calls that never return normally: aborting the request or the process. */
export function neverReturns(name: string): boolean {
  return /^(flask\.abort|quart\.abort|abort|werkzeug\.exceptions\.abort|sys\.exit|exit|quit|os\._exit|os\.abort|fastapi\.HTTPException|django\.http\.Http404)$/.test(
    name,
  );
}
