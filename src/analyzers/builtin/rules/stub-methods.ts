// Stub methods (issue 10, item 4a): a class whose `hash`/`encrypt`/`verify`/`run`/`save` does nothing, returns its
// input or a constant, or raises NotImplementedError, called by the module on an instance of that very class. Methods
// are overridable hooks far more often than fake fixes, so a method counts only when the module itself runs it on an
// instance of the concrete class that defines it — `Hasher().hash(pw)`, `files.save(f)` after `files = Storage()` —
// and:
// - no class of the module derives from that class and overrides the method (a template method's hook);
// - the class is no abstract base or Protocol (an ABC/Protocol base, an @abstractmethod member);
// - it is not a test double (Fake/Mock/Dummy/Stub/Spy by name) and the call is not in test code (a module importing
//   unittest or pytest, a test_* function, a TestCase).
// Pure functions over the syntax tree and the engine's facts.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { functionStatements } from '../engine/re-raise.js';
import type { CallSite } from '../engine/call-sites.js';
import { enclosingFunction } from './shared-facts.js';
import { docstringOf, stubShape, type StubShape } from './stub-shapes.js';

export interface StubMethod {
  readonly method: PlainNode;
  readonly owner: PlainNode;
  readonly className: string;
}

function nameOf(node: PlainNode, analysis: ModuleAnalysis): string {
  const name = childByField(node, 'name');
  return name ? analysis.text(name) : '';
}

function definitionOf(node: PlainNode): PlainNode | undefined {
  return node.type === 'decorated_definition' ? childByField(node, 'definition') : node;
}

function classesNamed(name: string, analysis: ModuleAnalysis): PlainNode[] {
  return analysis.nodes.filter((node) => node.type === 'class_definition' && nameOf(node, analysis) === name);
}

/** The method `name` the class body defines itself (inherited ones are the base's business). */
function ownMethod(owner: PlainNode, name: string, analysis: ModuleAnalysis): PlainNode | undefined {
  const body = childByField(owner, 'body');
  for (const member of body ? namedChildren(body) : []) {
    const definition = definitionOf(member);
    if (definition?.type === 'function_definition' && nameOf(definition, analysis) === name) return definition;
  }
  return undefined;
}

function enclosingClass(node: PlainNode): PlainNode | undefined {
  for (let current = node.parent; current; current = current.parent)
    if (current.type === 'class_definition') return current;
  return undefined;
}

/** The class a call's receiver is an instance of: `Cls(...)`, or a name bound once to `Cls(...)`. A call through `self`
 * is left out: a base class's `raise NotImplementedError` or pass-through reached from its own template method is an
 * extension point for subclasses elsewhere (the standard library's xml.sax IncrementalParser.feed, logging's
 * Formatter.formatStack), not a fake fix. */
function receiverClass(site: CallSite, analysis: ModuleAnalysis): PlainNode | undefined {
  const receiver = site.receiver;
  if (!receiver) return undefined;
  const constructor = receiver.type === 'call' ? childByField(receiver, 'function') : undefined;
  let className: string | undefined;
  if (constructor?.type === 'identifier') className = analysis.text(constructor);
  else if (receiver.type === 'identifier' && analysis.text(receiver) !== 'self')
    className = analysis.instanceClass(analysis.text(receiver), site.node);
  const classes = className === undefined ? [] : classesNamed(className, analysis);
  return classes.length === 1 ? classes[0] : undefined;
}

const abstractBase = /\b(ABC|ABCMeta|Protocol|Interface|metaclass)\b/;
const testDouble = /^(Fake|Mock|Dummy|Stub|Spy)|(Fake|Mock|Dummy|Stub|Spy)$/;

function isAbstract(owner: PlainNode, analysis: ModuleAnalysis): boolean {
  const bases = childByField(owner, 'superclasses');
  if (bases && abstractBase.test(analysis.text(bases))) return true;
  const body = childByField(owner, 'body');
  return (body ? namedChildren(body) : []).some(
    (member) => member.type === 'decorated_definition' && /@(abc\.)?abstract/.test(analysis.text(member)),
  );
}

/** A class of the module that names `className` among its bases and defines `method` itself. */
function overridden(className: string, method: string, analysis: ModuleAnalysis): boolean {
  const base = new RegExp(`(^|[^\\w.])${className}\\b`);
  return analysis.nodes.some((node) => {
    if (node.type !== 'class_definition') return false;
    const bases = childByField(node, 'superclasses');
    return bases !== undefined && base.test(analysis.text(bases)) && ownMethod(node, method, analysis) !== undefined;
  });
}

function inTestCode(site: CallSite, analysis: ModuleAnalysis): boolean {
  if (/^\s*(import|from)\s+(unittest|pytest)\b/m.test(analysis.moduleText())) return true;
  const caller = enclosingFunction(site.node);
  if (caller && /^test/i.test(nameOf(caller, analysis))) return true;
  const owner = caller ? enclosingClass(caller) : undefined;
  const bases = owner ? childByField(owner, 'superclasses') : undefined;
  return bases !== undefined && /TestCase\b/.test(analysis.text(bases));
}

/** The concrete class's own method a call runs, when that method is the implementation (see the header). */
export function calledConcreteMethod(site: CallSite, analysis: ModuleAnalysis): StubMethod | undefined {
  const owner = receiverClass(site, analysis);
  if (!owner) return undefined;
  const className = nameOf(owner, analysis);
  const method = ownMethod(owner, site.method, analysis);
  if (!method || testDouble.test(className) || isAbstract(owner, analysis)) return undefined;
  if (overridden(className, site.method, analysis) || inTestCode(site, analysis)) return undefined;
  return { method, owner, className };
}

/** The parameters a method receives data in (its first, `self`/`cls`, aside). */
function dataParameters(fn: PlainNode, analysis: ModuleAnalysis): Set<string> {
  const parameters = childByField(fn, 'parameters');
  const names = (parameters ? namedChildren(parameters) : []).flatMap((parameter) => {
    const identifier = parameter.type === 'identifier' ? parameter : namedChildren(parameter)[0];
    return identifier?.type === 'identifier' ? [analysis.text(identifier)] : [];
  });
  return new Set(names.slice(1));
}

/** A value built from the method's parameters and literals only: `token`, `{"sub": token}`, `(data, None)`. */
function repackagedInput(value: PlainNode, parameters: ReadonlySet<string>, analysis: ModuleAnalysis): boolean {
  let usesParameter = false;
  const stack = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'identifier') {
      if (!parameters.has(analysis.text(node))) return false;
      usesParameter = true;
    } else if (['string', 'integer', 'float', 'true', 'false', 'none', 'string_content'].includes(node.type)) continue;
    else if (['dictionary', 'pair', 'tuple', 'list', 'parenthesized_expression'].includes(node.type))
      stack.push(...namedChildren(node));
    else return false;
  }
  return usesParameter;
}

export type MethodStubShape = StubShape | 'passthrough' | 'constant-return';

/**
 * What a method's body shows instead of its operation: a function stub shape, its input handed back unchanged
 * (`return data`, `return {"sub": token}`), or a fixed answer (`return True`) that ignores the data it was given.
 */
export function methodStubShape(fn: PlainNode, analysis: ModuleAnalysis): MethodStubShape | undefined {
  const shape = stubShape(fn, analysis, false);
  if (shape) return shape;
  // Through a body-wide try that only re-raises, as stubShape reads it.
  const statements = functionStatements(fn, (node) => analysis.text(node));
  const docstring = docstringOf(fn, analysis) === '' ? 0 : 1;
  const only = statements.length === docstring + 1 ? statements[docstring] : undefined;
  const value = only?.type === 'return_statement' ? namedChildren(only)[0] : undefined;
  if (!value) return undefined;
  const parameters = dataParameters(fn, analysis);
  if (parameters.size === 0) return undefined;
  if (repackagedInput(value, parameters, analysis)) return 'passthrough';
  if (value.type === 'true' || value.type === 'false') return 'constant-return';
  return undefined;
}

/** What the method promises: its name with its parameters and class, its docstring, and the stub's own text (a
 * `raise NotImplementedError("pickle loading removed")` names what was removed). The class's docstring is left out:
 * it describes the whole class, every method's operation at once. */
export function methodEvidence(stub: StubMethod, analysis: ModuleAnalysis): string[] {
  const parameters = childByField(stub.method, 'parameters');
  const body = childByField(stub.method, 'body');
  return [
    `${nameOf(stub.method, analysis)} ${parameters ? analysis.text(parameters) : ''} ${stub.className}`,
    docstringOf(stub.method, analysis),
    body ? analysis.text(body) : '',
  ];
}
