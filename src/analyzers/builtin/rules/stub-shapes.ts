// Facts for the fake-fix rules: whether a function's body is a stub (its work replaced by `pass`, `...`, a
// placeholder return, `raise NotImplementedError`, or values computed and dropped), whether the function is one that
// is meant to be empty (abstract, protocol, test double, dunder hook, overload), and which operation it promises, read
// from its name, docstring, parameters, route and callers. Pure functions over the syntax tree.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { functionStatements } from '../engine/re-raise.js';
import { stringValue } from './check-helpers.js';

/** What a stub's body shows instead of the operation. */
export type StubShape = 'pass' | 'ellipsis' | 'placeholder-return' | 'not-implemented' | 'dropped-result';

/** Operations a stub can promise, each mapped to the CWE of the weakness its absence leaves (see stubCwe). */
export type PromisedOperation =
  | 'command'
  | 'code'
  | 'path'
  | 'upload'
  | 'sql'
  | 'redirect'
  | 'url'
  | 'xml'
  | 'deserialize'
  | 'hash'
  | 'encryption'
  | 'signature'
  | 'authentication'
  | 'authorization'
  | 'validation'
  | 'unknown';

const placeholderText = /not\s*implemented|todo|fixme|placeholder|stub|implement(ation)?\s+(here|details|goes)|tbd/i;
// Transforms that return a new value and change nothing else: computing one and dropping it does no work.
const pureCall =
  /^(replace|strip|lstrip|rstrip|lower|upper|casefold|encode|decode|format|join|split|escape|quote|quote_plus|sub|b64decode|b64encode|normpath|basename|secure_filename|clean|str|int|float|len)$/;
const requestRead =
  /^(flask\.)?request\.(args|form|values|json|files|data|headers|cookies|get_json|get_data|GET|POST)\b/;

/** A callee or value by its imported name (`req.form.get` → `flask.request.form.get` after `import request as
 * req`), so the request reads below do not depend on how the module spelled its import. */
function qualifiedText(node: PlainNode, analysis: ModuleAnalysis): string {
  const target = node.type === 'call' ? (childByField(node, 'function') ?? node) : node;
  return analysis.qualify(target) ?? analysis.text(target);
}

/** Through a body-wide `try` that only re-raises: wrapped, a stub is still a stub. */
function bodyStatements(fn: PlainNode, analysis: ModuleAnalysis): PlainNode[] {
  return functionStatements(fn, (node) => analysis.text(node));
}

function isDocstring(statement: PlainNode): boolean {
  const inner = namedChildren(statement);
  return statement.type === 'expression_statement' && inner.length === 1 && inner[0]?.type === 'string';
}

export function docstringOf(fn: PlainNode, analysis: ModuleAnalysis): string {
  const first = bodyStatements(fn, analysis)[0];
  const inner = first && isDocstring(first) ? namedChildren(first)[0] : undefined;
  return inner ? analysis.text(inner) : '';
}

function onlyPureCalls(node: PlainNode, analysis: ModuleAnalysis, aliases: ReadonlySet<string> = new Set()): boolean {
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current) break;
    if (current.type === 'call') {
      const callee = childByField(current, 'function');
      const name = callee ? qualifiedText(callee, analysis) : '';
      const attribute = callee?.type === 'attribute' ? childByField(callee, 'attribute') : undefined;
      const method = attribute ? analysis.text(attribute) : name;
      const receiver = attribute && callee ? childByField(callee, 'object') : undefined;
      const aliased = receiver?.type === 'identifier' && aliases.has(analysis.text(receiver));
      if (!pureCall.test(method) && !requestRead.test(name) && !aliased) return false;
    }
    if (current.type === 'lambda' || current.type === 'await') return false;
    for (const child of current.children) if (child.named) stack.push(child);
  }
  return true;
}

/**
 * Per statement, whether it is a dead store: a pure value assigned to a name nothing later reads, except other dead
 * stores (`query = request.GET; tool = query.get("tool")`, both dropped). Decided from the last statement back.
 */
function deadStores(statements: readonly PlainNode[], analysis: ModuleAnalysis): boolean[] {
  const dead = statements.map(() => false);
  // names bound to a request container (`query = request.GET`): reading them (`query.get("q")`) reads the request
  const aliases = new Set<string>();
  for (const statement of statements) {
    const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    const left = assignment?.type === 'assignment' ? childByField(assignment, 'left') : undefined;
    const right = assignment ? childByField(assignment, 'right') : undefined;
    if (left?.type === 'identifier' && right && requestRead.test(qualifiedText(right, analysis)))
      aliases.add(analysis.text(left));
  }
  for (let index = statements.length - 1; index >= 0; index--) {
    const statement = statements[index];
    const assignment = statement?.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = childByField(assignment, 'left');
    const right = childByField(assignment, 'right');
    if (left?.type !== 'identifier' || !right || !onlyPureCalls(right, analysis, aliases)) continue;
    const read = new RegExp(`(^|[^\\w.])${analysis.text(left)}\\b`);
    dead[index] = !statements.some((later, at) => at > index && !dead[at] && read.test(analysis.text(later)));
  }
  return dead;
}

function readsRequest(statement: PlainNode, analysis: ModuleAnalysis): boolean {
  const stack = [statement];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'attribute' && requestRead.test(qualifiedText(node, analysis))) return true;
    for (const child of node.children) if (child.named) stack.push(child);
  }
  // a Django-style view's `request` parameter is no import: its reads are spelled `request.GET`
  return /\brequest\.(args|form|values|json|files|data|headers|cookies|get_json|get_data|GET|POST)\b/.test(
    analysis.text(statement),
  );
}

const responseMaker =
  /^([\w.]+\.)?(HttpResponse|JsonResponse|Response|PlainTextResponse|HTMLResponse|make_response|jsonify)$/;

function fixedResponse(call: PlainNode, analysis: ModuleAnalysis): boolean {
  const callee = childByField(call, 'function');
  const args = childByField(call, 'arguments');
  if (!callee || !args || !responseMaker.test(analysis.text(callee))) return false;
  return namedChildren(args).every((arg) => {
    const value = arg.type === 'keyword_argument' ? childByField(arg, 'value') : arg;
    return (
      value !== undefined &&
      ['string', 'integer', 'dictionary', 'true', 'false', 'none'].includes(value.type) &&
      !/[(\w]\s*\(/.test(analysis.text(value)) &&
      !value.children.some((child) => child.type === 'interpolation')
    );
  });
}

function placeholderReturn(
  statement: PlainNode,
  analysis: ModuleAnalysis,
  handler: boolean,
): 'marker' | 'constant' | undefined {
  if (statement.type !== 'return_statement') return undefined;
  const value = namedChildren(statement)[0];
  const first = value?.type === 'tuple' ? namedChildren(value)[0] : value;
  const literal = stringValue(analysis, first);
  if (literal !== undefined && placeholderText.test(literal)) return 'marker';
  // An empty reply (`return "", 204`, a bare `return`) is a normal handler answer; in a helper it is a placeholder.
  if (!value || value.type === 'none' || literal === '') return handler ? 'constant' : 'marker';
  // A handler's fixed reply ("Done", {"status": "ok"}) after it dropped the request's data.
  if (handler && first && (first.type === 'string' || first.type === 'dictionary') && literal !== undefined)
    return 'constant';
  if (handler && first?.type === 'dictionary' && !/[(\w]\s*\(/.test(analysis.text(first))) return 'constant';
  // `HttpResponse("Disabled")`, `jsonify({"ok": True})`: a response built from literals only.
  if (handler && first?.type === 'call' && fixedResponse(first, analysis)) return 'constant';
  return undefined;
}

/**
 * The stub shape of a function body, or undefined when the body does real work. A body is a stub when every statement
 * is a docstring, `pass`, `...`, `raise NotImplementedError`, a placeholder return or a value computed and dropped, and
 * at least one of them marks the gap. A request handler also counts when it reads request data, drops it and replies
 * with a fixed message.
 */
export function stubShape(fn: PlainNode, analysis: ModuleAnalysis, handler: boolean): StubShape | undefined {
  const statements = bodyStatements(fn, analysis);
  let shape: StubShape | undefined;
  let droppedRequest = false;
  let constantReply = false;
  const dead = deadStores(statements, analysis);
  for (const [index, statement] of statements.entries()) {
    if (index === 0 && isDocstring(statement)) continue;
    if (statement.type === 'pass_statement') shape ??= 'pass';
    else if (statement.type === 'expression_statement' && namedChildren(statement)[0]?.type === 'ellipsis')
      shape ??= 'ellipsis';
    else if (statement.type === 'raise_statement' && /^raise\s+NotImplemented(Error)?\b/.test(analysis.text(statement)))
      shape ??= 'not-implemented';
    else if (dead[index]) {
      if (readsRequest(statement, analysis)) droppedRequest = true;
      shape ??= 'dropped-result';
    } else {
      const returned = placeholderReturn(statement, analysis, handler);
      if (returned === 'marker') shape ??= 'placeholder-return';
      else if (returned === 'constant') constantReply = true;
      else return undefined;
    }
  }
  if (shape === 'dropped-result' && !droppedRequest && !statements.some((s) => s.type === 'pass_statement'))
    return undefined;
  if (!shape && handler && droppedRequest && constantReply) return 'dropped-result';
  if (constantReply && !droppedRequest && shape !== 'pass' && shape !== 'ellipsis') return undefined;
  // A docstring alone is a body Python accepts; it still does nothing.
  if (!shape && statements.length === 1 && statements[0] && isDocstring(statements[0])) return 'pass';
  return shape;
}

const unfinishedNote =
  /\b(todo|fixme|tbd|xxx|placeholder|not (yet )?implemented|implement(ation)?\b[^\n]*\b(here|later|details|logic|goes)|add\b[^\n]*\b(logic|implementation|code)\b|code to \w+)/i;

/** The stub says it is unfinished: a TODO-style note, `...`, `raise NotImplementedError` or a placeholder message. */
export function markedUnfinished(fn: PlainNode, analysis: ModuleAnalysis, shape: StubShape): boolean {
  if (shape === 'ellipsis' || shape === 'not-implemented') return true;
  // Everything after the signature: tree-sitter places a block's leading comments before the block node.
  const parameters = childByField(fn, 'parameters');
  const text = analysis.text(fn);
  return unfinishedNote.test(parameters ? text.slice(parameters.end - fn.start) : text);
}

const exemptName =
  /^(_*(mock|fake|dummy|stub|noop|nop|null|do_?nothing|ignore|placeholder|default|unused|test)(_|[A-Z]|$))|(_|^)(noop|nop|stub|dummy|callback|hook|handler)$|^__\w+__$|^(setUp|tearDown)/i;
const exemptDecorator =
  /abstract|overload|override|fixture|contextmanager|property|setter|receiver|hookimpl|hookspec|register/;

/** A function that is meant to be empty or is not the implementation: abstract, protocol, test double, hook. */
export function meantToBeEmpty(fn: PlainNode, analysis: ModuleAnalysis): boolean {
  const name = analysis.text(childByField(fn, 'name') ?? fn);
  if (exemptName.test(name)) return true;
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (decorated && exemptDecorator.test(analysis.text(decorated).slice(0, fn.start - decorated.start))) return true;
  return false;
}

/** Module-level definitions only: methods are overridden hooks or interface members far more often than stubs. */
export function isModuleLevel(fn: PlainNode): boolean {
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent.parent : fn.parent;
  return holder?.type === 'module';
}

const operationWords: readonly (readonly [PromisedOperation, RegExp])[] = [
  ['code', /\b(eval|evaluate|exec|code|expression|expr|calculat\w*|interpret\w*)\b/],
  ['command', /\b(command|cmd|shell|system|ping|subprocess|execute|spawn|run (a |the )?(command|program|script))\b/],
  ['deserialize', /\b(pickle|unpickle|deserial\w*|unserial\w*|marshal|yaml)\b/],
  ['xml', /\b(xml|xslt|xpath)\b/],
  // a token's or signature's check named together with what it checks (`verify token`, `decode jwt`)
  [
    'signature',
    /\b(verif\w*|check\w*|validat\w*|decod\w*)\b.*\b(token|jwt|jws|signature|sig)s?\b|\b(token|jwt|jws|signature)s?\b.*\b(verif\w*|check\w*|validat\w*|decod\w*)\b/,
  ],
  ['hash', /\b(hash|hashes|hasher|hashing|hashed|digest|pbkdf2|bcrypt|argon2|scrypt)\b/],
  ['encryption', /\b(encrypt\w*|cipher|ciphers|seal)\b/],
  ['sql', /\b(sql|database|db|cursor|query)\b/],
  ['upload', /\b(upload\w*)\b/],
  ['redirect', /\b(redirect\w*)\b/],
  ['url', /\b(url|uri|fetch|webhook|proxy|http|download)\b/],
  ['path', /\b(file|filename|path|directory|dir|folder|image|document)s?\b/],
  ['authentication', /\b(authenticat\w*|login|log in|password|credential\w*|sign in)\b/],
  ['authorization', /\b(authori[sz]\w*|permission\w*|admin|role|access control)\b/],
  ['validation', /\b(validat\w*|sanitiz\w*|check\w*|verif\w*|is valid|is safe|allowed|escape|clean)\b/],
];

/** Split identifiers into words (`runCommand`, `run_command` → "run command") so word patterns see them. */
export function words(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\W]+/g, ' ')
    .toLowerCase();
}

/** The operation the evidence promises, the first kind that any piece of it names (pieces in order of weight). */
export function promisedOperation(evidence: readonly string[]): PromisedOperation {
  for (const piece of evidence) {
    const text = words(piece);
    for (const [operation, pattern] of operationWords) if (pattern.test(text)) return operation;
  }
  return 'unknown';
}

/** The function's own promise: its name, docstring, parameters and route. */
export function ownEvidence(fn: PlainNode, analysis: ModuleAnalysis): string[] {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  const decorators = decorated ? analysis.text(decorated).slice(0, fn.start - decorated.start) : '';
  const parameters = childByField(fn, 'parameters');
  return [
    analysis.text(childByField(fn, 'name') ?? fn),
    docstringOf(fn, analysis),
    decorators,
    parameters ? analysis.text(parameters) : '',
  ];
}
