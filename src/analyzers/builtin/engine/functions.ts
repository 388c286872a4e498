// What the engine knows about a function definition before analysing it: name, parameters, and whether it handles
// a web request (its parameters are then attacker data).
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { SourceText } from '../module-model.js';
import { isRouteDecorator } from './sources.js';

export interface FunctionInfo {
  readonly node: PlainNode;
  readonly name: string;
  readonly parameters: readonly string[];
  /** A web handler: Flask/FastAPI route decorator, or a Django-style view taking `request`. */
  readonly handler: boolean;
}

export function describeFunction(node: PlainNode, source: SourceText): FunctionInfo {
  const nameNode = childByField(node, 'name');
  const parametersNode = childByField(node, 'parameters');
  const parameters: string[] = [];
  for (const parameter of parametersNode ? namedChildren(parametersNode) : []) {
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
  return { node, name: nameNode ? source.of(nameNode) : '?', parameters, handler: routed || view };
}
