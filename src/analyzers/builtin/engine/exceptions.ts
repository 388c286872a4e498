// Exception types, so a `try` sends each statement's exception only to the handlers that can catch it: `except
// ValueError:` after `int(v)` catches the conversion's failure but not the PermissionError a check raises, which goes on
// to the enclosing handlers (or out of the function). A raised class stands for that class or any subclass; what the
// engine cannot name (a call into other code, a `raise` of a computed value) is "any Exception", which every handler
// may catch and only `except Exception` / `except BaseException` / a bare `except` surely catches. Pure functions over
// the syntax tree.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { isReRaise } from './re-raise.js';

/** What a statement can raise: class names (each standing for itself or a subclass), or undefined: any Exception. */
export type Raised = readonly string[] | undefined;

/** What a handler catches: class names, or undefined when its type is an expression the engine cannot name. */
export type Caught = readonly string[] | undefined;

export type CatchVerdict = 'surely' | 'maybe' | 'no';

// The built-in hierarchy (Python 3.11 "Exception hierarchy"), each class to its base, with the aliases (IOError,
// EnvironmentError, socket.error are OSError) and a few standard-library and web-framework classes repairs catch.
const builtinBases: ReadonlyMap<string, string> = new Map(
  Object.entries({
    SystemExit: 'BaseException',
    KeyboardInterrupt: 'BaseException',
    GeneratorExit: 'BaseException',
    Exception: 'BaseException',
    ArithmeticError: 'Exception',
    ZeroDivisionError: 'ArithmeticError',
    OverflowError: 'ArithmeticError',
    FloatingPointError: 'ArithmeticError',
    AssertionError: 'Exception',
    AttributeError: 'Exception',
    BufferError: 'Exception',
    EOFError: 'Exception',
    ImportError: 'Exception',
    ModuleNotFoundError: 'ImportError',
    LookupError: 'Exception',
    IndexError: 'LookupError',
    KeyError: 'LookupError',
    MemoryError: 'Exception',
    NameError: 'Exception',
    UnboundLocalError: 'NameError',
    OSError: 'Exception',
    BlockingIOError: 'OSError',
    ChildProcessError: 'OSError',
    ConnectionError: 'OSError',
    BrokenPipeError: 'ConnectionError',
    ConnectionAbortedError: 'ConnectionError',
    ConnectionRefusedError: 'ConnectionError',
    ConnectionResetError: 'ConnectionError',
    FileExistsError: 'OSError',
    FileNotFoundError: 'OSError',
    InterruptedError: 'OSError',
    IsADirectoryError: 'OSError',
    NotADirectoryError: 'OSError',
    PermissionError: 'OSError',
    ProcessLookupError: 'OSError',
    TimeoutError: 'OSError',
    ReferenceError: 'Exception',
    RuntimeError: 'Exception',
    NotImplementedError: 'RuntimeError',
    RecursionError: 'RuntimeError',
    StopIteration: 'Exception',
    StopAsyncIteration: 'Exception',
    SyntaxError: 'Exception',
    IndentationError: 'SyntaxError',
    TabError: 'IndentationError',
    SystemError: 'Exception',
    TypeError: 'Exception',
    ValueError: 'Exception',
    UnicodeError: 'ValueError',
    UnicodeDecodeError: 'UnicodeError',
    UnicodeEncodeError: 'UnicodeError',
    UnicodeTranslateError: 'UnicodeError',
    Warning: 'Exception',
    // json.JSONDecodeError, binascii.Error (bad base64) and werkzeug's HTTPException (what abort() raises).
    JSONDecodeError: 'ValueError',
    'binascii.Error': 'ValueError',
    HTTPException: 'Exception',
    Http404: 'Exception',
  }),
);

const aliases: ReadonlyMap<string, string> = new Map(
  Object.entries({
    IOError: 'OSError',
    EnvironmentError: 'OSError',
    'socket.error': 'OSError',
    'select.error': 'OSError',
    'socket.timeout': 'TimeoutError',
    'json.JSONDecodeError': 'JSONDecodeError',
    'json.decoder.JSONDecodeError': 'JSONDecodeError',
    'werkzeug.exceptions.HTTPException': 'HTTPException',
    'django.http.Http404': 'Http404',
  }),
);

/** Module-level `class Name(Base, …)` definitions: a module's own exceptions and the classes they derive from. */
export function localExceptionBases(
  root: PlainNode,
  text: (node: PlainNode) => string,
): ReadonlyMap<string, readonly string[]> {
  const bases = new Map<string, readonly string[]>();
  for (const statement of root.children) {
    const definition = statement.type === 'decorated_definition' ? childByField(statement, 'definition') : statement;
    if (definition?.type !== 'class_definition') continue;
    const name = childByField(definition, 'name');
    const superclasses = childByField(definition, 'superclasses');
    if (!name || bases.has(text(name))) continue;
    bases.set(
      text(name),
      (superclasses ? namedChildren(superclasses) : [])
        .filter((base) => base.type === 'identifier' || base.type === 'attribute')
        .map((base) => className(text(base))),
    );
  }
  return bases;
}

export class ExceptionHierarchy {
  private readonly ancestry = new Map<string, { readonly names: ReadonlySet<string>; readonly known: boolean }>();

  constructor(private readonly local: ReadonlyMap<string, readonly string[]> = new Map()) {}

  /** The class itself and every base it derives from; `known` when the chain reaches BaseException everywhere. */
  ancestors(name: string): { readonly names: ReadonlySet<string>; readonly known: boolean } {
    const cached = this.ancestry.get(name);
    if (cached) return cached;
    const names = new Set<string>();
    let known = true;
    const pending = [name];
    while (pending.length > 0) {
      const current = pending.pop();
      if (current === undefined || names.has(current)) continue;
      names.add(current);
      if (current === 'BaseException') continue;
      // A module's own class shadows a built-in name.
      const localBases = this.local.get(current);
      const base = localBases ? undefined : builtinBases.get(current);
      if (localBases && localBases.length > 0) pending.push(...localBases);
      else if (base) pending.push(base);
      else known = false;
    }
    const result = { names, known };
    this.ancestry.set(name, result);
    return result;
  }

  /** Whether a handler for `caught` catches an exception of class `raised` (undefined: any Exception). */
  catches(caught: string, raised: string | undefined): CatchVerdict {
    if (caught === 'BaseException') return 'surely';
    if (raised === undefined) {
      if (caught === 'Exception') return 'surely';
      const handler = this.ancestors(caught);
      // SystemExit, KeyboardInterrupt and GeneratorExit are not Exceptions.
      return handler.known && !handler.names.has('Exception') ? 'no' : 'maybe';
    }
    const raisedAncestors = this.ancestors(raised);
    if (raisedAncestors.names.has(caught)) return 'surely';
    const handler = this.ancestors(caught);
    // The raised value may be an instance of a subclass: a handler below the raised class may catch it.
    if (handler.names.has(raised)) return 'maybe';
    return handler.known && raisedAncestors.known ? 'no' : 'maybe';
  }
}

/** A dotted class reference as the hierarchy names it: aliases resolved, a module path dropped unless it matters. */
export function className(dotted: string): string {
  const alias = aliases.get(dotted);
  if (alias) return alias;
  if (builtinBases.has(dotted)) return dotted;
  const last = dotted.slice(dotted.lastIndexOf('.') + 1);
  // `werkzeug.exceptions.NotFound`, `requests.exceptions.Timeout`: a library class, named by its last part (a generic
  // last part like `Error` keeps its module so it is not mistaken for another library's).
  return last === 'Error' ? dotted : (aliases.get(last) ?? last);
}

/** What an `except` clause catches: a bare `except:` catches everything (BaseException). */
export function handlerCatches(clause: PlainNode, text: (node: PlainNode) => string): Caught {
  let value = childByField(clause, 'value') ?? namedChildren(clause).find((child) => child.type !== 'block');
  if (!value || value.type === 'block') return ['BaseException'];
  if (value.type === 'as_pattern') value = namedChildren(value)[0];
  return value ? classList(value, text) : undefined;
}

/** The classes a `suppress(A, B)` context manager swallows. */
export function suppressedClasses(call: PlainNode, text: (node: PlainNode) => string): Caught {
  const args = namedChildren(childByField(call, 'arguments') ?? call);
  const caught: string[] = [];
  for (const arg of args) {
    const classes = classList(arg, text);
    if (!classes) return undefined;
    caught.push(...classes);
  }
  return caught;
}

function classList(node: PlainNode, text: (node: PlainNode) => string): Caught {
  let value: PlainNode | undefined = node;
  while (value?.type === 'parenthesized_expression') value = namedChildren(value)[0];
  if (!value) return undefined;
  const elements = value.type === 'tuple' ? namedChildren(value) : [value];
  const names: string[] = [];
  for (const element of elements) {
    if (element.type !== 'identifier' && element.type !== 'attribute') return undefined;
    names.push(className(text(element)));
  }
  return names;
}

/** The class a `raise` statement raises (`raise X`, `raise X(…)`, `raise X(…) from e`); undefined for a re-raise or a
 * computed value. */
export function raisedClasses(statement: PlainNode, text: (node: PlainNode) => string): Raised {
  let value = namedChildren(statement)[0];
  if (value?.type === 'call') value = childByField(value, 'function');
  if (value?.type !== 'identifier' && value?.type !== 'attribute') return undefined;
  return [className(text(value))];
}

// Nodes whose evaluation can raise in ways the engine does not model (a call into other code, a missing key); an
// expression without them (names, constants, comparisons, `in` a constant set) raises nothing the handlers care about.
const raisingNodes = new Set(['call', 'subscript', 'await', 'yield']);

/** The expression (iteratively, to any depth) contains nothing that may raise, other than within `except`. */
export function quiet(node: PlainNode, except?: PlainNode): boolean {
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current || current === except) continue;
    if (raisingNodes.has(current.type)) return false;
    if (current.type === 'lambda') continue;
    stack.push(...current.children);
  }
  return true;
}

/** Facts about the module a statement's exceptions depend on. */
export interface RaiseContext {
  readonly text: (node: PlainNode) => string;
  readonly qualify: (node: PlainNode) => string | undefined;
  /** The classes a module-local function raises when called (undefined: unknown, or not a local function). */
  readonly helperRaises: (call: PlainNode) => Raised;
}

// Calls whose exceptions are documented: the conversions (bad text: ValueError; None or a list: TypeError; UUID of a
// non-string: AttributeError) and the calls that end the request or the process.
const documentedRaises: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    int: ['ValueError', 'TypeError'],
    float: ['ValueError', 'TypeError'],
    'uuid.UUID': ['ValueError', 'TypeError', 'AttributeError'],
    abort: ['HTTPException'],
    'flask.abort': ['HTTPException'],
    'werkzeug.exceptions.abort': ['HTTPException'],
    'fastapi.HTTPException': ['HTTPException'],
    'django.http.Http404': ['Http404'],
    'sys.exit': ['SystemExit'],
    exit: ['SystemExit'],
    quit: ['SystemExit'],
    // The process ends at once: no handler and no finally body runs.
    'os._exit': [],
    'os.abort': [],
  }),
);

/** What `statement` can raise before it completes; for a compound statement, only its header (its body's statements
 * raise on their own). `raise` statements are the builder's: they raise what they name. */
export function statementRaises(statement: PlainNode, context: RaiseContext): Raised {
  switch (statement.type) {
    case 'raise_statement':
      return raisedClasses(statement, context.text);
    case 'if_statement': {
      const conditions = [statement, ...statement.children.filter((child) => child.type === 'elif_clause')]
        .map((clause) => childByField(clause, 'condition'))
        .filter((condition): condition is PlainNode => condition !== undefined);
      return conditions.every((condition) => quiet(condition)) ? [] : undefined;
    }
    case 'while_statement':
    case 'match_statement': {
      const header = childByField(statement, statement.type === 'while_statement' ? 'condition' : 'subject');
      return !header || quiet(header) ? [] : undefined;
    }
    case 'for_statement': {
      const iterable = childByField(statement, 'right');
      return !iterable || quiet(iterable) ? [] : undefined;
    }
    case 'with_statement': {
      const items = namedChildren(statement).filter((child) => child.type === 'with_clause');
      return items.every((item) => quiet(item)) ? [] : undefined;
    }
    case 'try_statement':
    case 'class_definition':
    case 'function_definition':
    case 'decorated_definition':
      return [];
    case 'assert_statement': {
      const [condition, message] = namedChildren(statement);
      return (!condition || quiet(condition)) && (!message || quiet(message)) ? ['AssertionError'] : undefined;
    }
    default:
      return simpleStatementRaises(statement, context);
  }
}

function simpleStatementRaises(statement: PlainNode, context: RaiseContext): Raised {
  if (quiet(statement)) return [];
  let value = namedChildren(statement)[0];
  if (value?.type === 'assignment') {
    const left = childByField(value, 'left');
    if (left && !quiet(left)) return undefined;
    value = childByField(value, 'right');
  }
  if (value?.type === 'await') value = namedChildren(value)[0];
  if (value?.type !== 'call') return undefined;
  const callee = childByField(value, 'function');
  const args = childByField(value, 'arguments');
  if (!callee || !quiet(callee) || (args && !quiet(args))) return undefined;
  const documented = documentedRaises.get(context.qualify(callee) ?? context.text(callee));
  return documented ?? context.helperRaises(value);
}

/** The classes a function's own `raise` statements raise (outside nested definitions), when all are named and the
 * function raises at all; undefined otherwise. What the calls inside it raise by accident (a TypeError deep in a
 * library) is not a designed way out of the function and is not counted. */
export function functionRaises(fn: PlainNode, text: (node: PlainNode) => string): Raised {
  const body = childByField(fn, 'body');
  const found = new Set<string>();
  const stack = body ? [...body.children] : [];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda')
      continue;
    // A handler that re-raises passes on what the body raised; it designs no way out of its own.
    if (node.type === 'raise_statement' && isReRaise(node, text)) continue;
    if (node.type === 'raise_statement') {
      const raised = raisedClasses(node, text);
      if (!raised) return undefined;
      for (const name of raised) found.add(name);
      continue;
    }
    if (node.type === 'assert_statement') found.add('AssertionError');
    stack.push(...node.children);
  }
  return found.size > 0 ? [...found] : undefined;
}
