// A `try` whose every handler only re-raises (`except Exception: raise`, `except ValueError as e: raise e`) changes
// nothing a function does: careful models wrap whole bodies so, to have a place for a log line later. The rules that
// read a function's shape (a forwarder's one call, a stub's placeholder return, a callback's `return True`) read
// through it, and a re-raise is no `raise` of the function's own.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';

const handlerTypes = new Set(['except_clause', 'except_group_clause']);

function isDocstring(statement: PlainNode): boolean {
  const inner = namedChildren(statement);
  return statement.type === 'expression_statement' && inner.length === 1 && inner[0]?.type === 'string';
}

/** The handler's bound name (`except ValueError as error` → "error"). */
function boundName(handler: PlainNode, text: (node: PlainNode) => string): string | undefined {
  const clause = namedChildren(handler).find((child) => child.type === 'as_pattern');
  const target = clause ? childByField(clause, 'alias') : undefined;
  const name = target ? (namedChildren(target)[0] ?? target) : undefined;
  return name?.type === 'identifier' ? text(name) : undefined;
}

/** `raise` with no exception, or `raise e` of the enclosing handler's own `e`, inside an except clause. */
export function isReRaise(statement: PlainNode, text: (node: PlainNode) => string): boolean {
  if (statement.type !== 'raise_statement') return false;
  let handler = statement.parent;
  while (handler && !handlerTypes.has(handler.type)) {
    if (handler.type === 'function_definition' || handler.type === 'class_definition') return false;
    handler = handler.parent;
  }
  if (!handler) return false;
  const raised = namedChildren(statement);
  if (raised.length === 0) return true;
  const [only] = raised;
  return raised.length === 1 && only?.type === 'identifier' && text(only) === boundName(handler, text);
}

/** The try's body when it is transparent: handlers that only re-raise, no `else`, no `finally`. */
function transparentTryBody(statement: PlainNode, text: (node: PlainNode) => string): PlainNode[] | undefined {
  if (statement.type !== 'try_statement') return undefined;
  const clauses = namedChildren(statement);
  const handlers = clauses.filter((clause) => handlerTypes.has(clause.type));
  if (
    handlers.length === 0 ||
    clauses.some((clause) => clause.type === 'else_clause' || clause.type === 'finally_clause')
  )
    return undefined;
  const transparent = handlers.every((handler) => {
    const block = namedChildren(handler).find((child) => child.type === 'block');
    const statements = block ? namedChildren(block).filter((child) => child.type !== 'comment') : [];
    return statements.length === 1 && statements[0] !== undefined && isReRaise(statements[0], text);
  });
  const body = childByField(statement, 'body');
  return transparent && body ? namedChildren(body).filter((child) => child.type !== 'comment') : undefined;
}

/** Statements that are one transparent `try`, read as the try's body (repeatedly). */
function unwrapped(statements: PlainNode[], text: (node: PlainNode) => string): PlainNode[] {
  let current = statements;
  for (;;) {
    const [only] = current;
    const inner = current.length === 1 && only ? transparentTryBody(only, text) : undefined;
    if (!inner) return current;
    current = inner;
  }
}

/** A block's statements (or a module's), comments dropped, a block that is one transparent `try` read as its body. */
export function blockStatements(block: PlainNode, text: (node: PlainNode) => string): PlainNode[] {
  return unwrapped(
    namedChildren(block).filter((child) => child.type !== 'comment'),
    text,
  );
}

/**
 * A function's statements as the rules read its shape: comments dropped, the docstring kept first, and a body that is
 * one transparent `try` read as the try's body (repeatedly).
 */
export function functionStatements(fn: PlainNode, text: (node: PlainNode) => string): PlainNode[] {
  const body = childByField(fn, 'body');
  const statements = body ? namedChildren(body).filter((child) => child.type !== 'comment') : [];
  const docstring = statements[0] && isDocstring(statements[0]) ? [statements[0]] : [];
  return [...docstring, ...unwrapped(statements.slice(docstring.length), text)];
}
