// What the control-flow builder asks of the module: which statements never return (abort(), sys.exit(), a local
// helper that always raises) and what a statement can raise (a documented call, a local helper's own `raise`s), with
// the module's exception classes. One adapter over the module's facts, so the builder stays syntax-only.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { GraphFacts } from './cfg.js';
import { ExceptionHierarchy, functionRaises, localExceptionBases, statementRaises, type Raised } from './exceptions.js';
import type { LocalCallee } from './local-calls.js';
import { neverReturns } from './sources.js';

export interface GraphFactsContext {
  readonly root: PlainNode;
  readonly text: (node: PlainNode) => string;
  readonly qualify: (node: PlainNode) => string | undefined;
  readonly localCallee: (call: PlainNode) => LocalCallee | undefined;
  /** The call's callee (local or imported) has a summary saying no path returns normally. */
  readonly alwaysRaises: (call: PlainNode) => boolean;
}

export function graphFacts(context: GraphFactsContext): GraphFacts {
  const helperRaises = new Map<string, Raised>();
  const raiseContext = {
    text: (node: PlainNode) => context.text(node),
    qualify: (node: PlainNode) => context.qualify(node),
    helperRaises: (call: PlainNode): Raised => {
      const callee = context.localCallee(call);
      if (!callee) return undefined;
      if (!helperRaises.has(callee.name)) helperRaises.set(callee.name, functionRaises(callee.info.node, context.text));
      return helperRaises.get(callee.name);
    },
  };
  return {
    text: (node) => context.text(node),
    hierarchy: new ExceptionHierarchy(localExceptionBases(context.root, context.text)),
    raises: (statement) => statementRaises(statement, raiseContext),
    terminates: (statement) => {
      let expression = namedChildren(statement)[0];
      if (expression?.type === 'await') expression = namedChildren(expression)[0];
      if (expression?.type !== 'call') return false;
      const callee = childByField(expression, 'function');
      if (neverReturns(callee ? (context.qualify(callee) ?? '') : '')) return true;
      return context.alwaysRaises(expression);
    },
  };
}
