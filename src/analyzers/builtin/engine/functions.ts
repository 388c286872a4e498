// What the engine knows about a function definition before analysing it: name, parameters, and whether it handles
// a web request (its parameters are then attacker data).
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { SourceText } from '../module-model.js';
import type { Taint } from '../taint.js';
import { FlowState } from './flow-state.js';
import { isRouteDecorator } from './sources.js';
import { fixedHandlerValues } from './typed-values.js';

export interface FunctionInfo {
  readonly node: PlainNode;
  readonly name: string;
  readonly parameters: readonly string[];
  /** A web handler: Flask/FastAPI route decorator, or a Django-style view taking `request`. */
  readonly handler: boolean;
  /** Names a handler starts with that its framework fixed to program values (typed-values.ts). */
  readonly fixed?: readonly string[];
  /** The parameter an error handler receives the raised exception in (`@app.errorhandler(E)`: the first; Starlette's
   * and FastAPI's `@app.exception_handler(E)`: the second, after the request). */
  readonly exceptionParameter?: string;
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
  const fixed = handler ? fixedHandlerValues(node, (part) => source.of(part)) : [];
  const errorHandler = decorators.map((decorator) =>
    /\.(app_)?(errorhandler|exception_handler)\s*\(/.exec(source.of(decorator)),
  );
  const exceptionParameter = errorHandler.some((match) => match?.[2] === 'exception_handler')
    ? parameters[1]
    : errorHandler.some((match) => match !== null)
      ? parameters[0]
      : undefined;
  return {
    node,
    name: nameNode ? source.of(nameNode) : '?',
    parameters,
    handler,
    fixed,
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
  for (const name of info.fixed ?? []) initial.taints.set(name, undefined);
  return initial;
}

/** A definition at the module's top level (decorated or not): what other modules can import. */
export function isTopLevel(node: PlainNode): boolean {
  const parent = node.parent?.type === 'decorated_definition' ? node.parent.parent : node.parent;
  return parent?.type === 'module';
}
