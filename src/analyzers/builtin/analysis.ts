// One module's analysis: copy the tree once, resolve imports, then walk each function's statements in order while
// tracking which names hold tainted values. Checks (checks.ts) are called at every call, assignment, return and node;
// they decide, the engine only supplies facts.
import {
  childByField,
  namedChildren,
  toPlainTree,
  type PlainNode,
  type SyntaxTree,
} from '../../python-syntax/index.js';
import { importAliases, lastSegment, NameResolver, SourceText } from './module-model.js';
import { allSinks, mergeTaint, sanitize, sinkMask, type Taint } from './taint.js';

export interface CallSite {
  readonly node: PlainNode;
  /** Qualified callee (`subprocess.run`, `ldap.initialize().search_s`, `?.execute` when the receiver is unknown). */
  readonly name: string;
  /** Last segment of the callee (`execute`). */
  readonly method: string;
  readonly receiver: PlainNode | undefined;
  readonly positional: readonly PlainNode[];
  readonly keywords: ReadonlyMap<string, PlainNode>;
  readonly hasStarArguments: boolean;
}

export interface FunctionInfo {
  readonly node: PlainNode;
  readonly name: string;
  readonly parameters: readonly string[];
  /** A web handler: Flask/FastAPI route decorator, or a Django-style view taking `request`. */
  readonly handler: boolean;
}

export interface ReportOptions {
  readonly taint?: Taint;
  readonly detail?: string;
}

export interface AnalysisHooks {
  call(site: CallSite, analysis: ModuleAnalysis): void;
  assign(target: PlainNode, value: PlainNode, analysis: ModuleAnalysis): void;
  returned(value: PlainNode, analysis: ModuleAnalysis): void;
  node(node: PlainNode, analysis: ModuleAnalysis): void;
}

export interface RawFinding {
  readonly ruleId: string;
  readonly node: PlainNode;
  readonly taint: Taint | undefined;
  readonly detail: string | undefined;
}

class Scope {
  readonly taints = new Map<string, Taint | undefined>();
  readonly bindings = new Map<string, string>();
  readonly constants = new Set<string>();
  readonly exceptions = new Set<string>();
  returned: Taint | undefined;
  constructor(readonly parent: Scope | undefined) {}

  lookup(name: string): { found: boolean; taint: Taint | undefined } {
    for (const scope of scopeChain(this)) {
      if (scope.taints.has(name)) return { found: true, taint: scope.taints.get(name) };
    }
    return { found: false, taint: undefined };
  }

  isConstant(name: string): boolean {
    for (const scope of scopeChain(this)) {
      if (scope.taints.has(name) || scope.bindings.has(name)) return scope.constants.has(name);
      if (scope.constants.has(name)) return true;
    }
    return false;
  }

  isException(name: string): boolean {
    for (const scope of scopeChain(this)) {
      if (scope.exceptions.has(name)) return true;
    }
    return false;
  }

  binding(name: string): string | undefined {
    for (const scope of scopeChain(this)) {
      const value = scope.bindings.get(name);
      if (value !== undefined) return value;
      if (scope.taints.has(name)) return undefined;
    }
    return undefined;
  }
}

function scopeChain(start: Scope): Scope[] {
  const chain: Scope[] = [];
  for (let scope: Scope | undefined = start; scope; scope = scope.parent) chain.push(scope);
  return chain;
}

interface Summary {
  /** The return value carries taint from a source inside the function. */
  readonly ownTaint: Taint | undefined;
  /** The return value depends on the parameters. */
  readonly passesParameters: boolean;
}

// Request attributes that are not attacker data (or are routinely used safely, like `request.method`).
const requestSafeAttributes = new Set([
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

const sourceCalls = new Map<string, string>([
  ['input', 'input()'],
  ['raw_input', 'raw_input()'],
  ['os.getenv', 'os.getenv()'],
  ['os.environ.get', 'os.environ'],
  ['sys.stdin.read', 'sys.stdin'],
  ['sys.stdin.readline', 'sys.stdin'],
]);
const sourceAttributes = new Map<string, string>([
  ['sys.argv', 'sys.argv'],
  ['os.environ', 'os.environ'],
  ['sys.stdin', 'sys.stdin'],
]);
const networkReads = new Set(['recv', 'recvfrom', 'recv_into', 'recvmsg']);

const html = sinkMask(['html']);
const sanitizerCalls = new Map<string, number>([
  ['re.escape', sinkMask(['regex'])],
  ['shlex.quote', sinkMask(['shell'])],
  ['pipes.quote', sinkMask(['shell'])],
  ['html.escape', html],
  ['cgi.escape', html],
  ['markupsafe.escape', html],
  ['flask.escape', html],
  ['jinja2.escape', html],
  ['django.utils.html.escape', html],
  ['django.utils.html.format_html', html],
  ['bleach.clean', html],
  ['xml.sax.saxutils.escape', sinkMask(['html', 'xpath'])],
  ['werkzeug.utils.secure_filename', sinkMask(['path', 'shell'])],
  ['werkzeug.secure_filename', sinkMask(['path', 'shell'])],
  ['os.path.basename', sinkMask(['path'])],
  ['ldap.filter.escape_filter_chars', sinkMask(['ldap'])],
  ['ldap.dn.escape_dn_chars', sinkMask(['ldap'])],
  ['ldap3.utils.conv.escape_filter_chars', sinkMask(['ldap'])],
  ['ldap3.utils.dn.escape_rdn', sinkMask(['ldap'])],
  ['escape_filter_chars', sinkMask(['ldap'])],
  ['urllib.parse.quote', sinkMask(['header', 'log', 'html', 'path', 'shell'])],
  ['urllib.parse.quote_plus', sinkMask(['header', 'log', 'html', 'path', 'shell'])],
  ['json.dumps', sinkMask(['log', 'header'])],
  // A string cannot be a query-operator object ({"$ne": ""}), so str() closes NoSQL operator injection.
  ['str', sinkMask(['nosql'])],
]);
// Calls whose result carries no attacker-chosen text.
const cleaningCalls = new Set([
  'int',
  'float',
  'bool',
  'len',
  'abs',
  'round',
  'ord',
  'hash',
  'id',
  'isinstance',
  'uuid.UUID',
  'datetime.datetime.strptime',
  'datetime.date.fromisoformat',
  'ipaddress.ip_address',
  'bcrypt.hashpw',
  'bcrypt.checkpw',
  'hmac.compare_digest',
  'secrets.compare_digest',
  'os.path.exists',
  'os.path.isfile',
  'os.path.isdir',
  'url_for',
  'flask.url_for',
  'django.urls.reverse',
  'reverse',
]);
const cleaningPrefixes = ['hashlib.', 'hmac.'];
const newlineReplace = sinkMask(['log', 'header']);
const regexCheckMethods = new Set(['match', 'fullmatch']);
const characterClassChecks = new Set(['isdigit', 'isalnum', 'isnumeric', 'isdecimal', 'isidentifier', 'isalpha']);

function isRouteDecorator(text: string): boolean {
  return (
    /\.(route|get|post|put|patch|delete|api_route|websocket)\s*\(/.test(text) ||
    /^@?(api_view|require_http_methods|require_POST|require_GET|csrf_exempt|login_required)\b/.test(
      text.replace(/^@/, ''),
    )
  );
}

export class ModuleAnalysis {
  readonly source: SourceText;
  readonly root: PlainNode;
  readonly nodes: readonly PlainNode[];
  readonly findings: RawFinding[] = [];
  private readonly resolver: NameResolver;
  private readonly imports: Map<string, string>;
  private readonly functions = new Map<string, FunctionInfo>();
  private readonly summaries = new Map<string, Summary>();
  private readonly memo = new Map<PlainNode, Taint | undefined>();
  private readonly visitedCalls = new Set<PlainNode>();
  private scope: Scope;
  private readonly moduleScope: Scope;
  private reporting = false;
  /** Request data a handler passes to a module function, by function name and parameter index. */
  private readonly remoteArguments = new Map<string, Map<number, Taint>>();
  private recordingCalls = false;
  private currentFunction: FunctionInfo | undefined;

  constructor(
    text: string,
    tree: SyntaxTree,
    private readonly hooks: AnalysisHooks,
  ) {
    this.source = new SourceText(text);
    const plain = toPlainTree(tree);
    this.root = plain.root;
    this.nodes = plain.nodes;
    this.imports = importAliases(plain.nodes, this.source);
    this.resolver = new NameResolver(this.source, this.imports);
    this.moduleScope = new Scope(undefined);
    this.scope = this.moduleScope;
    for (const node of plain.nodes) {
      if (node.type === 'function_definition') {
        const info = this.describeFunction(node);
        if (!this.functions.has(info.name)) this.functions.set(info.name, info);
      }
    }
  }

  run(): RawFinding[] {
    // Summaries first (twice, so helpers calling helpers settle), then the reporting pass.
    for (let round = 0; round < 2; round++) {
      this.scope = new Scope(undefined);
      this.block(this.root.children, true);
      const moduleScope = this.scope;
      for (const info of this.functions.values()) {
        this.scope = new Scope(moduleScope);
        for (const name of info.parameters) this.scope.taints.set(name, { origin: 'parameter', safe: 0, from: name });
        this.currentFunction = info;
        this.walkFunction(info);
        const passesParameters = this.scope.returned !== undefined;
        this.scope = new Scope(moduleScope);
        for (const name of info.parameters) this.scope.taints.set(name, undefined);
        this.walkFunction(info);
        this.summaries.set(info.name, { ownTaint: this.scope.returned, passesParameters });
      }
    }
    // Which helpers receive request data from a handler, so a sink inside the helper is a request-data sink.
    this.recordingCalls = true;
    this.scope = this.moduleScope;
    this.block(this.root.children, true);
    for (const node of this.nodes) if (node.type === 'function_definition') this.walkWithSources(node);
    this.recordingCalls = false;
    this.reporting = true;
    this.currentFunction = undefined;
    this.scope = this.moduleScope;
    this.block(this.root.children, true);
    for (const node of this.nodes) if (node.type === 'function_definition') this.walkWithSources(node);
    this.currentFunction = undefined;
    for (const node of this.nodes) this.hooks.node(node, this);
    return this.findings;
  }

  private walkWithSources(node: PlainNode): void {
    const info = this.describeFunction(node);
    this.scope = new Scope(this.moduleScope);
    const passed = this.recordingCalls ? undefined : this.remoteArguments.get(info.name);
    info.parameters.forEach((name, index) => {
      const received = passed?.get(index);
      if (received && !info.handler) {
        this.scope.taints.set(name, { ...received, from: `${received.from}, passed to ${info.name}()` });
        return;
      }
      const remote = info.handler && name !== 'self' && name !== 'cls';
      this.scope.taints.set(name, {
        origin: remote ? 'remote' : 'parameter',
        safe: 0,
        // A Django-style view's `request` is the request object itself, so `request.FILES` / `request.user` read
        // as they do for Flask's global request.
        from: remote
          ? name === 'request'
            ? 'request'
            : `request parameter "${name}"`
          : `parameter "${name}" of ${info.name}()`,
      });
    });
    this.currentFunction = info;
    this.walkFunction(info);
  }

  // ---- facts for checks ----

  text(node: PlainNode): string {
    return this.source.of(node);
  }

  get function(): FunctionInfo | undefined {
    return this.currentFunction;
  }

  taint(node: PlainNode): Taint | undefined {
    if (this.memo.has(node)) return this.memo.get(node);
    return this.evaluate(node);
  }

  qualify(node: PlainNode): string | undefined {
    return this.resolver.qualify(node, (name) => this.scope.binding(name));
  }

  /** A literal, or a name only ever assigned literals: no runtime input can reach it. */
  isConstant(node: PlainNode): boolean {
    switch (node.type) {
      case 'string':
        return !node.children.some((child) => child.type === 'interpolation');
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
      case 'concatenated_string':
        return node.children.every((child) => !child.named || this.isConstant(child));
      case 'identifier':
        return this.scope.isConstant(this.text(node));
      case 'binary_operator':
      case 'parenthesized_expression':
      case 'unary_operator':
      case 'tuple':
      case 'list':
      case 'set':
      case 'dictionary':
      case 'pair':
        return namedChildren(node).every((child) => this.isConstant(child));
      case 'call': {
        const name = this.qualify(childByField(node, 'function') ?? node) ?? '';
        const args = childByField(node, 'arguments');
        const constantArgs = args ? namedChildren(args).every((child) => this.isConstant(child)) : true;
        return (
          constantArgs &&
          /^(bytes|bytearray|str|b?'.*'\.encode|.*\.encode|.*\.fromhex|binascii\.unhexlify|bytes\.fromhex)$/.test(name)
        );
      }
      case 'attribute': {
        // `'secret'.encode()` arrives here through call; plain attributes of constants are constants.
        const object = childByField(node, 'object');
        return object !== undefined && (object.type === 'string' || this.isConstant(object));
      }
      default:
        return false;
    }
  }

  /** An in-module function by name (the first definition wins, as for call summaries). */
  functionNamed(name: string): FunctionInfo | undefined {
    return this.functions.get(name);
  }

  isException(node: PlainNode): boolean {
    return node.type === 'identifier' && this.scope.isException(this.text(node));
  }

  moduleText(): string {
    return this.source.text;
  }

  report(ruleId: string, node: PlainNode, options: ReportOptions = {}): void {
    if (!this.reporting) return;
    this.findings.push({ ruleId, node, taint: options.taint, detail: options.detail });
  }

  // ---- walking ----

  private describeFunction(node: PlainNode): FunctionInfo {
    const nameNode = childByField(node, 'name');
    const parametersNode = childByField(node, 'parameters');
    const parameters: string[] = [];
    for (const parameter of parametersNode ? namedChildren(parametersNode) : []) {
      const identifier =
        parameter.type === 'identifier'
          ? parameter
          : namedChildren(parameter).find((child) => child.type === 'identifier');
      if (identifier) parameters.push(this.text(identifier));
    }
    const decorators =
      node.parent?.type === 'decorated_definition'
        ? node.parent.children.filter((child) => child.type === 'decorator')
        : [];
    const routed = decorators.some((decorator) => isRouteDecorator(this.text(decorator)));
    const view = parameters[0] === 'request' || (parameters[0] === 'self' && parameters[1] === 'request');
    return { node, name: nameNode ? this.text(nameNode) : '?', parameters, handler: routed || view };
  }

  private walkFunction(info: FunctionInfo): void {
    const body = childByField(info.node, 'body');
    const parametersNode = childByField(info.node, 'parameters');
    if (parametersNode) for (const parameter of namedChildren(parametersNode)) this.visitDefaults(parameter);
    if (body) this.block(body.children, false);
  }

  private visitDefaults(parameter: PlainNode): void {
    const value = childByField(parameter, 'value');
    if (value) this.evaluate(value);
  }

  private block(statements: readonly PlainNode[], module: boolean): void {
    for (const statement of statements) this.statement(statement, module);
  }

  private statement(node: PlainNode, module: boolean): void {
    this.memo.clear();
    switch (node.type) {
      case 'function_definition':
      case 'decorated_definition':
      case 'import_statement':
      case 'import_from_statement':
      case 'comment':
      case 'pass_statement':
      case 'global_statement':
      case 'nonlocal_statement':
        return;
      case 'class_definition': {
        const body = childByField(node, 'body');
        if (body) this.block(body.children, module);
        return;
      }
      case 'expression_statement':
        for (const child of namedChildren(node)) this.expressionStatement(child);
        return;
      case 'return_statement': {
        const value = namedChildren(node)[0];
        if (value) {
          const taint = this.evaluate(value);
          this.scope.returned = mergeTaint(this.scope.returned, taint);
          if (this.reporting) this.hooks.returned(value, this);
        }
        return;
      }
      case 'if_statement':
      case 'elif_clause':
      case 'while_statement': {
        const condition = childByField(node, 'condition');
        if (condition) {
          this.evaluate(condition);
          this.applyGuards(condition);
        }
        for (const child of namedChildren(node)) {
          if (child === condition) continue;
          if (child.type === 'block') this.block(child.children, module);
          else this.statement(child, module);
        }
        return;
      }
      case 'else_clause':
      case 'finally_clause':
      case 'block':
        for (const child of namedChildren(node)) {
          if (child.type === 'block') this.block(child.children, module);
          else this.statement(child, module);
        }
        return;
      case 'for_statement': {
        const left = childByField(node, 'left');
        const right = childByField(node, 'right');
        const taint = right ? this.evaluate(right) : undefined;
        if (left) this.bind(left, taint, undefined);
        const body = childByField(node, 'body');
        if (body) this.block(body.children, module);
        const alternative = childByField(node, 'alternative');
        if (alternative) this.statement(alternative, module);
        return;
      }
      case 'try_statement':
        for (const child of namedChildren(node)) {
          if (child.type === 'block') this.block(child.children, module);
          else this.statement(child, module);
        }
        return;
      case 'except_clause':
      case 'except_group_clause': {
        for (const child of namedChildren(node)) {
          if (child.type === 'block') this.block(child.children, module);
          else if (child.type === 'as_pattern') {
            const alias = childByField(child, 'alias');
            const target = alias ? (alias.type === 'identifier' ? alias : namedChildren(alias)[0]) : undefined;
            if (target) this.scope.exceptions.add(this.text(target));
          }
        }
        return;
      }
      case 'with_statement': {
        for (const child of namedChildren(node)) {
          if (child.type === 'with_clause') {
            for (const item of namedChildren(child)) {
              const value = namedChildren(item)[0];
              if (!value) continue;
              if (value.type === 'as_pattern') {
                const expression = namedChildren(value)[0];
                const alias = childByField(value, 'alias');
                const taint = expression ? this.evaluate(expression) : undefined;
                const target = alias
                  ? alias.type === 'as_pattern_target'
                    ? namedChildren(alias)[0]
                    : alias
                  : undefined;
                if (target && expression) this.bind(target, taint, expression);
              } else {
                this.evaluate(value);
              }
            }
          } else if (child.type === 'block') {
            this.block(child.children, module);
          }
        }
        return;
      }
      default:
        for (const child of namedChildren(node)) {
          if (child.type === 'block') this.block(child.children, module);
          else this.evaluate(child);
        }
    }
  }

  private expressionStatement(node: PlainNode): void {
    if (node.type === 'assignment') {
      const left = childByField(node, 'left');
      const right = childByField(node, 'right');
      if (!left || !right) return;
      const taint = this.evaluate(right);
      if (left.type === 'subscript' || left.type === 'attribute') {
        for (const child of namedChildren(left)) this.evaluate(child);
      }
      if (this.reporting) this.hooks.assign(left, right, this);
      this.bind(left, taint, right);
      return;
    }
    if (node.type === 'augmented_assignment') {
      const left = childByField(node, 'left');
      const right = childByField(node, 'right');
      if (!left || !right) return;
      const taint = mergeTaint(this.evaluate(left), this.evaluate(right));
      if (this.reporting) this.hooks.assign(left, right, this);
      if (left.type === 'identifier') {
        this.scope.taints.set(this.text(left), taint);
        if (!this.isConstant(right)) this.scope.constants.delete(this.text(left));
      }
      return;
    }
    this.evaluate(node);
  }

  private bind(target: PlainNode, taint: Taint | undefined, value: PlainNode | undefined): void {
    if (target.type === 'identifier' || target.type === 'attribute') {
      const name = this.text(target);
      this.scope.taints.set(name, taint);
      if (value && this.isConstant(value)) this.scope.constants.add(name);
      else this.scope.constants.delete(name);
      const qualified =
        value && (value.type === 'call' || value.type === 'attribute' || value.type === 'identifier')
          ? this.qualify(value)
          : undefined;
      if (qualified && qualified !== name) this.scope.bindings.set(name, qualified);
      else this.scope.bindings.delete(name);
      return;
    }
    if (
      ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression'].includes(
        target.type,
      )
    ) {
      for (const child of namedChildren(target)) this.bind(child, taint, undefined);
    }
  }

  /** Names checked in a condition count as validated from then on (both branches: the usual shape is guard-return). */
  private applyGuards(condition: PlainNode): void {
    const stack = [condition];
    while (stack.length > 0) {
      const node = stack.pop();
      if (!node) break;
      if (node.type === 'comparison_operator') this.membershipGuard(node);
      if (node.type === 'call') this.callGuard(node);
      if (node.type === 'attribute') this.hostGuard(node);
      for (const child of node.children) if (child.named) stack.push(child);
    }
  }

  private membershipGuard(node: PlainNode): void {
    const operators = node.children.filter((child) => !child.named).map((child) => child.type);
    const operands = namedChildren(node);
    const [left, right] = operands;
    if (!left || !right) return;
    if (operators.includes('in') || operators.includes('not in')) {
      if (left.type === 'string' && right.type !== 'string') {
        // `'..' in name`: a path check.
        if (/\.\.|\//.test(this.text(left))) this.clean(right, sinkMask(['path']));
      } else if (left.type !== 'string') {
        this.clean(left, allSinks);
      }
    }
    if (operators.includes('==') || operators.includes('!=')) {
      // `urlparse(x).netloc == 'host'` pins the host.
      for (const operand of operands) {
        const text = this.text(operand);
        const match = /(?:urlparse|urlsplit)\((\w+)\)\.(?:netloc|hostname)/.exec(text);
        if (match?.[1]) this.cleanName(match[1], sinkMask(['redirect', 'url']));
      }
    }
  }

  /**
   * A condition on the parsed URL's host (`urlparse(u).netloc`, `parsed.hostname not in ALLOWED`, `if p.netloc or
   * p.scheme:`) is how a redirect or outbound URL is pinned: whatever the comparison, the host was checked.
   */
  private hostGuard(node: PlainNode): void {
    const attribute = childByField(node, 'attribute');
    const object = childByField(node, 'object');
    if (!attribute || !object || !/^(netloc|hostname)$/.test(this.text(attribute))) return;
    const urlParse = /^(?:urllib\.parse\.|parse\.)?url(?:parse|split)\(\s*([\w.]+)/;
    const direct = urlParse.exec(this.text(object));
    if (direct?.[1]) {
      this.cleanName(direct[1], sinkMask(['redirect', 'url']));
      return;
    }
    if (object.type !== 'identifier') return;
    // `parsed = urlparse(url)` earlier in the same function.
    const scope = this.currentFunction?.node ?? this.root;
    const assigned = new RegExp(
      `\\b${this.text(object)}\\s*=\\s*(?:urllib\\.parse\\.|parse\\.)?url(?:parse|split)\\(\\s*([\\w.]+)`,
    ).exec(this.text(scope));
    if (assigned?.[1]) this.cleanName(assigned[1], sinkMask(['redirect', 'url']));
  }

  private callGuard(node: PlainNode): void {
    const callee = childByField(node, 'function');
    const args = childByField(node, 'arguments');
    if (!callee) return;
    const name = this.qualify(callee) ?? '';
    const method = lastSegment(name);
    const first = args ? namedChildren(args)[0] : undefined;
    const receiver = callee.type === 'attribute' ? childByField(callee, 'object') : undefined;
    if (method === 'startswith' && receiver) {
      // A prefix check confines a path; it pins a URL's destination only when the prefix names a host
      // ("https://example.com"), not a bare scheme ("http") or a single slash ("//evil.com" starts with "/").
      const prefix = first?.type === 'string' ? this.text(first).replace(/^[a-zA-Z]*['"]+|['"]+$/g, '') : undefined;
      const pinsHost = prefix === undefined || /^(https?:)?\/\/[^/]+\.[^/]+/i.test(prefix);
      this.clean(receiver, sinkMask(pinsHost ? ['path', 'redirect', 'url'] : ['path']));
      return;
    }
    // `os.path.commonpath([requested, ROOT]) != ROOT`: a containment check on every listed path.
    if (/^os\.path\.common(path|prefix)$/.test(name) && first && first.type === 'list') {
      for (const item of namedChildren(first)) this.clean(item, sinkMask(['path']));
      return;
    }
    // pathlib's containment check: `target.is_relative_to(BASE)`.
    if (method === 'is_relative_to' && receiver) {
      this.clean(receiver, sinkMask(['path']));
      return;
    }
    if (characterClassChecks.has(method) && receiver) {
      this.clean(receiver, allSinks);
      return;
    }
    if (method === 'isinstance' && first) {
      this.clean(first, allSinks);
      return;
    }
    if (/(url_has_allowed_host_and_scheme|is_safe_url|is_safe_redirect|is_allowed_url)$/.test(name) && first) {
      this.clean(first, sinkMask(['redirect', 'url']));
      return;
    }
    if (regexCheckMethods.has(method)) {
      const argumentsList = args ? namedChildren(args) : [];
      const subject = name.startsWith('re.') ? argumentsList[1] : argumentsList[0];
      // A regex validation bounds the characters, not the host a URL points to.
      if (subject) this.clean(subject, allSinks & ~sinkMask(['redirect', 'url']));
    }
  }

  private clean(node: PlainNode, mask: number): void {
    let target = node;
    // `os.path.realpath(p).startswith(...)` validates `p`.
    while (target.type === 'call') {
      const args = childByField(target, 'arguments');
      const first = args ? namedChildren(args)[0] : undefined;
      if (!first) return;
      target = first;
    }
    if (target.type === 'identifier' || target.type === 'attribute') this.cleanName(this.text(target), mask);
  }

  private cleanName(name: string, mask: number): void {
    const { taint } = this.scope.lookup(name);
    if (taint) this.scope.taints.set(name, sanitize(taint, mask));
  }

  private evaluate(node: PlainNode): Taint | undefined {
    if (this.memo.has(node)) return this.memo.get(node);
    const taint = this.compute(node);
    this.memo.set(node, taint);
    return taint;
  }

  private unionOf(nodes: readonly PlainNode[]): Taint | undefined {
    let taint: Taint | undefined;
    for (const child of nodes) taint = mergeTaint(taint, this.evaluate(child));
    return taint;
  }

  private compute(node: PlainNode): Taint | undefined {
    switch (node.type) {
      case 'identifier': {
        const name = this.text(node);
        const { found, taint } = this.scope.lookup(name);
        if (found) return taint;
        const qualified = this.imports.get(name);
        if (qualified !== undefined && /(^|\.)request$/.test(qualified) && qualified !== 'urllib.request') {
          return { origin: 'remote', safe: 0, from: 'request' };
        }
        return undefined;
      }
      case 'attribute': {
        const object = childByField(node, 'object');
        const attribute = childByField(node, 'attribute');
        if (!object || !attribute) return undefined;
        const { found, taint: own } = this.scope.lookup(this.text(node));
        if (found) return own;
        const qualified = this.qualify(node);
        const source = qualified ? sourceAttributes.get(qualified) : undefined;
        if (source) return { origin: 'remote', safe: 0, from: source };
        const taint = this.evaluate(object);
        if (
          taint &&
          taint.from === 'request' &&
          object.type === 'identifier' &&
          requestSafeAttributes.has(this.text(attribute))
        )
          return undefined;
        return taint
          ? { ...taint, from: taint.from === 'request' ? `request.${this.text(attribute)}` : taint.from }
          : undefined;
      }
      case 'subscript': {
        const value = childByField(node, 'value');
        for (const child of namedChildren(node)) if (child !== value) this.evaluate(child);
        // An entry of a constant table (`REPORTS[name]`) is the program's value, whatever key picked it.
        if (value?.type === 'identifier' && this.isConstant(value)) return undefined;
        return value ? this.evaluate(value) : undefined;
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension': {
        // The element carries the iterable's taint only through the loop variables it uses:
        // `",".join("?" for _ in ids)` is all placeholders.
        for (const clause of namedChildren(node)) {
          if (clause.type !== 'for_in_clause') continue;
          const left = childByField(clause, 'left');
          const right = childByField(clause, 'right');
          const taint = right ? this.evaluate(right) : undefined;
          if (left) this.bind(left, taint, undefined);
        }
        for (const clause of namedChildren(node)) if (clause.type === 'if_clause') this.unionOf(namedChildren(clause));
        const body = childByField(node, 'body');
        return body ? this.evaluate(body) : undefined;
      }
      case 'call':
        return this.call(node);
      case 'string': {
        const parts = node.children
          .filter((child) => child.type === 'interpolation')
          .flatMap((child) => namedChildren(child));
        return this.unionOf(parts);
      }
      case 'comparison_operator':
      case 'not_operator':
        this.unionOf(namedChildren(node));
        return undefined;
      case 'lambda':
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
      case 'comment':
        return undefined;
      case 'conditional_expression': {
        const parts = namedChildren(node);
        // `a if cond else b`: the condition's taint does not flow into the value.
        if (parts[1]) this.evaluate(parts[1]);
        return mergeTaint(
          parts[0] ? this.evaluate(parts[0]) : undefined,
          parts[2] ? this.evaluate(parts[2]) : undefined,
        );
      }
      case 'named_expression': {
        // `(name := request.args.get("x"))` binds as an assignment does.
        const target = childByField(node, 'name');
        const value = childByField(node, 'value');
        const taint = value ? this.evaluate(value) : undefined;
        if (target) this.scope.taints.set(this.text(target), taint);
        return taint;
      }
      case 'keyword_argument': {
        const value = childByField(node, 'value');
        return value ? this.evaluate(value) : undefined;
      }
      default:
        return this.unionOf(namedChildren(node));
    }
  }

  private callSite(node: PlainNode): CallSite {
    const callee = childByField(node, 'function');
    const args = childByField(node, 'arguments');
    const positional: PlainNode[] = [];
    const keywords = new Map<string, PlainNode>();
    let hasStarArguments = false;
    for (const argument of args ? namedChildren(args) : []) {
      if (argument.type === 'keyword_argument') {
        const key = childByField(argument, 'name');
        const value = childByField(argument, 'value');
        if (key && value) keywords.set(this.text(key), value);
      } else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') {
        hasStarArguments = true;
      } else {
        positional.push(argument);
      }
    }
    const name = callee ? (this.qualify(callee) ?? `?.${callee.type}`) : '?';
    const receiver = callee?.type === 'attribute' ? childByField(callee, 'object') : undefined;
    return { node, name, method: lastSegment(name), receiver, positional, keywords, hasStarArguments };
  }

  private recordArguments(name: string, site: CallSite): void {
    const info = this.functions.get(name);
    if (!info || info.handler) return;
    const record = (index: number, value: PlainNode): void => {
      const taint = this.evaluate(value);
      if (index < 0 || taint?.origin !== 'remote') return;
      const known = this.remoteArguments.get(name) ?? new Map<number, Taint>();
      known.set(index, taint);
      this.remoteArguments.set(name, known);
    };
    site.positional.forEach((value, index) => {
      record(index, value);
    });
    for (const [key, value] of site.keywords) record(info.parameters.indexOf(key), value);
  }

  private call(node: PlainNode): Taint | undefined {
    const callee = childByField(node, 'function');
    const args = childByField(node, 'arguments');
    const calleeTaint = callee ? this.evaluate(callee) : undefined;
    const argumentNodes = args ? namedChildren(args) : [];
    const argumentTaint = this.unionOf(argumentNodes);
    const site = this.callSite(node);
    if (this.reporting && !this.visitedCalls.has(node)) {
      this.visitedCalls.add(node);
      this.hooks.call(site, this);
    }
    const { name, method } = site;
    const sourceName = sourceCalls.get(name);
    if (sourceName) return { origin: 'remote', safe: 0, from: sourceName };
    if (networkReads.has(method) && site.receiver) return { origin: 'remote', safe: 0, from: `socket .${method}()` };
    const sanitizer = sanitizerCalls.get(name) ?? sanitizerCalls.get(method === name ? name : '');
    if (sanitizer !== undefined) return sanitize(mergeTaint(calleeTaint, argumentTaint), sanitizer);
    if (cleaningCalls.has(name) || cleaningPrefixes.some((prefix) => name.startsWith(prefix))) return undefined;
    // `ALLOWED.get(key)` on a constant table: the result is one of the program's own values.
    if (method === 'get' && site.receiver?.type === 'identifier' && this.isConstant(site.receiver)) return undefined;
    if (method === 'replace' && site.positional[0] && /\\[rn]/.test(this.text(site.positional[0]))) {
      return sanitize(calleeTaint, newlineReplace);
    }
    if (this.recordingCalls && callee?.type === 'identifier') this.recordArguments(this.text(callee), site);
    if (callee?.type === 'identifier') {
      const summary = this.summaries.get(this.text(callee));
      if (summary && this.functions.has(this.text(callee))) {
        return mergeTaint(summary.ownTaint, summary.passesParameters ? argumentTaint : undefined);
      }
    }
    return mergeTaint(calleeTaint, argumentTaint);
  }
}
