// What the engine knows about a function definition before analysing it: name, parameters, and whether it handles
// a web request (its parameters are then attacker data).
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { SourceText } from '../module-model.js';
import type { Taint } from '../taint.js';
import { FlowState } from './flow-state.js';
import { isRouteDecorator } from './sources.js';

export interface FunctionInfo {
  readonly node: PlainNode;
  readonly name: string;
  readonly parameters: readonly string[];
  /** A web handler: Flask/FastAPI route decorator, or a Django-style view taking `request`. */
  readonly handler: boolean;
  /** Parameters of a FastAPI handler whose annotation admits only the program's own values (see `closedAnnotation`). */
  readonly closed?: ReadonlySet<string>;
  /** The parameter an error handler receives the raised exception in (`@app.errorhandler(E)`: the first; Starlette's
   * and FastAPI's `@app.exception_handler(E)`: the second, after the request). */
  readonly exceptionParameter?: string;
}

// FastAPI validates a handler's parameters against their annotations before the handler runs (a value that does not
// convert is answered with 422): a number, a bool, a UUID, a date, a `Literal[...]` of constants or an Enum member can
// carry no attacker text. `str` and models with str fields can, and stay request data. Flask and Django do not
// validate annotations, so only a module importing FastAPI gets this.
const closedScalar =
  /^(int|float|bool|UUID|uuid\.UUID|date|datetime|datetime\.date|datetime\.datetime|Decimal|decimal\.Decimal)$/;
const constantLiteral = /^(typing\.)?Literal\[\s*(?:(?:'[^'\\]*'|"[^"\\]*"|-?\d+|True|False|None)\s*,?\s*)+\]$/;
const enumBase = /\b(Enum|IntEnum|StrEnum|Flag|IntFlag)\b/;
const importsFastApi = /^\s*(from\s+fastapi\b|import\s+fastapi\b)/m;

/** `Optional[X]`, `X | None` and `Annotated[X, ...]` admit what X admits (and None). */
function unwrapAnnotation(text: string): string {
  let current = text.replace(/\s+/g, ' ').trim();
  for (let changed = true; changed;) {
    const before = current;
    current = current
      .replace(/^(typing\.)?Optional\[(.*)\]$/, '$2')
      .replace(/^(typing\.)?Annotated\[([^,[\]]+(?:\[[^\]]*\])?),.*\]$/, '$2')
      .replace(/^(.*?) ?\| ?None$/, '$1')
      .replace(/^None ?\| ?(.*)$/, '$1')
      .trim();
    changed = current !== before;
  }
  return current;
}

function localEnumNames(node: PlainNode, source: SourceText): Set<string> {
  let root: PlainNode = node;
  while (root.parent) root = root.parent;
  const names = new Set<string>();
  for (const child of namedChildren(root)) {
    const definition = child.type === 'decorated_definition' ? childByField(child, 'definition') : child;
    if (definition?.type !== 'class_definition') continue;
    const bases = childByField(definition, 'superclasses');
    const name = childByField(definition, 'name');
    if (bases && name && enumBase.test(source.of(bases))) names.add(source.of(name));
  }
  return names;
}

function closedParameters(node: PlainNode, parameters: readonly PlainNode[], source: SourceText): Set<string> {
  const closed = new Set<string>();
  if (!importsFastApi.test(source.text)) return closed;
  let enums: Set<string> | undefined;
  for (const parameter of parameters) {
    const annotation = childByField(parameter, 'type');
    const identifier = namedChildren(parameter).find((child) => child.type === 'identifier');
    if (!annotation || !identifier) continue;
    const type = unwrapAnnotation(source.of(annotation));
    enums ??= localEnumNames(node, source);
    if (closedScalar.test(type) || constantLiteral.test(type) || enums.has(type)) closed.add(source.of(identifier));
  }
  return closed;
}

export function describeFunction(node: PlainNode, source: SourceText): FunctionInfo {
  const nameNode = childByField(node, 'name');
  const parametersNode = childByField(node, 'parameters');
  const parameters: string[] = [];
  const parameterNodes = parametersNode ? namedChildren(parametersNode) : [];
  for (const parameter of parameterNodes) {
    const identifier =
      parameter.type === 'identifier'
        ? parameter
        : namedChildren(parameter).find((child) => child.type === 'identifier');
    if (identifier) parameters.push(source.of(identifier));
  }
  const decorators =
    node.parent?.type === 'decorated_definition'
      ? node.parent.children.filter((child) => child.type === 'decorator')
      : [];
  const routed = decorators.some((decorator) => isRouteDecorator(source.of(decorator)));
  const view = parameters[0] === 'request' || (parameters[0] === 'self' && parameters[1] === 'request');
  const handler = routed || view;
  const errorHandler = decorators.map((decorator) =>
    /\.(app_)?(errorhandler|exception_handler)\s*\(/.exec(source.of(decorator)),
  );
  const exceptionParameter = errorHandler.some((match) => match?.[2] === 'exception_handler')
    ? parameters[1]
    : errorHandler.some((match) => match !== null)
      ? parameters[0]
      : undefined;
  const closed = routed ? closedParameters(node, parameterNodes, source) : undefined;
  return {
    node,
    name: nameNode ? source.of(nameNode) : '?',
    parameters,
    handler,
    ...(closed?.size ? { closed } : {}),
    ...(exceptionParameter ? { exceptionParameter } : {}),
  };
}

/** The facts a function body starts from: a handler's parameters are request data, an ordinary function's are the
 * weaker `parameter` source, and request data a caller in this module passes (`passed`, by index) replaces the
 * latter, named after the call. */
export function parameterState(info: FunctionInfo, passed: ReadonlyMap<number, Taint> | undefined): FlowState {
  const initial = new FlowState();
  if (info.exceptionParameter) initial.exceptions.add(info.exceptionParameter);
  info.parameters.forEach((name, index) => {
    const received = passed?.get(index);
    if (received && !info.handler) {
      initial.taints.set(name, { ...received, from: `${received.from}, passed to ${info.name}()` });
      return;
    }
    if (info.closed?.has(name)) return;
    const remote = info.handler && name !== 'self' && name !== 'cls';
    initial.taints.set(name, {
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
  return initial;
}

/** A definition at the module's top level (decorated or not): what other modules can import. */
export function isTopLevel(node: PlainNode): boolean {
  const parent = node.parent?.type === 'decorated_definition' ? node.parent.parent : node.parent;
  return parent?.type === 'module';
}
