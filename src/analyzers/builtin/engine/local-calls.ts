// Calls to module-local functions (`helper(x)`, `self.helper(x)`), the call graph they form, and how a call's arguments
// line up with a validator summary's parameters.
import { argumentsOf, childByField, type PlainNode } from '../../../python-syntax/index.js';
import { callArgumentNodes } from './call-sites.js';
import type { FunctionInfo } from './functions.js';
import type { ValidatorVerdict } from './guards.js';
import type { InstanceBindings } from './instance-bindings.js';
import { mergeTaint, sanitize, type Taint } from '../taint.js';
import type { ModuleLinks, SinkPath } from './project-exports.js';
import type { FunctionSummary } from './summaries.js';

export interface LocalCallee {
  readonly name: string;
  readonly info: FunctionInfo;
  /** Leading parameters the call does not pass (`self`). */
  readonly offset: number;
}

/** A callee with a summary: a function of this module, or one another module of the scan exports. */
export interface SummarizedCallee {
  readonly name: string;
  readonly parameters: readonly string[];
  /** Leading parameters the call does not pass (`self`). */
  readonly offset: number;
  readonly summary: FunctionSummary;
  /** The module's own function; undefined for an imported one. */
  readonly local: LocalCallee | undefined;
  /** Per parameter, the sinks it reaches inside an imported function (local sinks report where they are). */
  readonly sinks: readonly (readonly SinkPath[])[];
}

/** The dotted text of a call's callee when it is a plain name or a chain of names (`check`, `utils.check`). */
export function dottedCallee(node: PlainNode, text: (node: PlainNode) => string): string | undefined {
  let current = childByField(node, 'function');
  const parts: string[] = [];
  while (current?.type === 'attribute') {
    const attribute = childByField(current, 'attribute');
    if (!attribute) return undefined;
    parts.unshift(text(attribute));
    current = childByField(current, 'object');
  }
  if (current?.type !== 'identifier') return undefined;
  parts.unshift(text(current));
  return parts.join('.');
}

/** A module function with its summary, else a function another module of the scan exports. */
export function summarizedCallee(
  node: PlainNode,
  local: LocalCallee | undefined,
  summaries: ReadonlyMap<string, FunctionSummary>,
  links: Pick<ModuleLinks, 'resolve'> | undefined,
  text: (node: PlainNode) => string,
): SummarizedCallee | undefined {
  if (local) {
    const summary = summaries.get(local.name);
    return summary
      ? { name: local.name, parameters: local.info.parameters, offset: local.offset, summary, local, sinks: [] }
      : undefined;
  }
  const dotted = links ? dottedCallee(node, text) : undefined;
  const imported = dotted === undefined ? undefined : links?.resolve(dotted);
  return imported ? { ...imported, offset: 0, local: undefined } : undefined;
}

export function localCallee(
  node: PlainNode,
  functions: ReadonlyMap<string, FunctionInfo>,
  text: (node: PlainNode) => string,
  instances?: InstanceBindings,
): LocalCallee | undefined {
  const callee = childByField(node, 'function');
  if (callee?.type === 'identifier') {
    const name = text(callee);
    const info = functions.get(name);
    return info ? { name, info, offset: 0 } : undefined;
  }
  if (callee?.type !== 'attribute') return undefined;
  const object = childByField(callee, 'object');
  const attribute = childByField(callee, 'attribute');
  if (!object || !attribute) return undefined;
  const name = text(attribute);
  const info = functions.get(name);
  if (!info) return undefined;
  // `Client().fetch(x)`: a method of a fresh instance of the module's class, `self` bound.
  const constructed = object.type === 'call' ? childByField(object, 'function') : undefined;
  if (constructed?.type === 'identifier' && definingClass(info.node, text) === text(constructed))
    return { name, info, offset: info.parameters[0] === 'self' ? 1 : 0 };
  if (object.type !== 'identifier') return undefined;
  if (/^(self|cls)$/.test(text(object)))
    return { name, info, offset: info.parameters[0] === 'self' || info.parameters[0] === 'cls' ? 1 : 0 };
  // `files.read(name)` where the scope bound `files = FileService(root)` once: that instance's method.
  const bound = instances?.classOf(text(object), node);
  if (bound !== undefined && bound === definingClass(info.node, text))
    return { name, info, offset: isStatic(info.node, text) ? 0 : 1 };
  // `Validator.is_valid(url)`: a static or class method called on the module's class that defines it (a classmethod
  // gets `cls` bound; a plain method called on the class takes its `self` explicitly, as here).
  if (definingClass(info.node, text) !== text(object)) return undefined;
  return { name, info, offset: info.parameters[0] === 'cls' ? 1 : 0 };
}

/** A `@staticmethod`: called on an instance, it binds no `self`. */
function isStatic(fn: PlainNode, text: (node: PlainNode) => string): boolean {
  const definition = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  return definition !== undefined && /^@staticmethod\b/m.test(text(definition).slice(0, fn.start - definition.start));
}

/** The name of the class whose body defines `fn` directly (through a decorator), or undefined. */
function definingClass(fn: PlainNode, text: (node: PlainNode) => string): string | undefined {
  const definition = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const body = definition.parent;
  const owner = body?.type === 'block' ? body.parent : undefined;
  const name = owner?.type === 'class_definition' ? childByField(owner, 'name') : undefined;
  return name ? text(name) : undefined;
}

/** The module-local functions `info` calls (its nested definitions aside). */
export function localCallees(
  info: FunctionInfo,
  functions: ReadonlyMap<string, FunctionInfo>,
  text: (node: PlainNode) => string,
  instances?: InstanceBindings,
): string[] {
  const found = new Set<string>();
  const body = childByField(info.node, 'body');
  const stack = body ? [body] : [];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'call') {
      const name = localCallee(node, functions, text, instances)?.name;
      if (name !== undefined) found.add(name);
    }
    for (const child of node.children) if (child.type !== 'function_definition') stack.push(child);
  }
  return [...found];
}

/** A call's arguments by parameter index (positional first, then keywords by name); holes where none is passed. */
export function alignedArguments(
  call: PlainNode,
  callee: { readonly offset: number; readonly parameters: readonly string[] },
  text: (node: PlainNode) => string,
): (PlainNode | undefined)[] {
  const aligned: (PlainNode | undefined)[] = [];
  callArgumentNodes(call).forEach((argument, index) => {
    aligned[index + callee.offset] = argument;
  });
  for (const argument of argumentsOf(call)) {
    const key = childByField(argument, 'name');
    const value = childByField(argument, 'value');
    if (argument.type !== 'keyword_argument' || !key || !value) continue;
    const index = callee.parameters.indexOf(text(key));
    if (index >= 0) aligned[index] = value;
  }
  return aligned;
}

/** Arguments aligned with parameters and what each learns from the verdict. */
export function validatorVerdict(
  call: PlainNode,
  callee: { readonly offset: number; readonly parameters: readonly string[] },
  summary: FunctionSummary,
  text: (node: PlainNode) => string,
): ValidatorVerdict {
  const aligned = alignedArguments(call, callee, text);
  const indexes = aligned.flatMap((argument, index) => (argument ? [index] : []));
  return {
    arguments: indexes
      .map((index) => aligned[index])
      .filter((argument): argument is PlainNode => argument !== undefined),
    whenTrue: indexes.map((index) => summary.whenTrue[index] ?? 0),
    whenFalse: indexes.map((index) => summary.whenFalse[index] ?? 0),
  };
}

/** What a call to a summarized function returns: its own source taint, plus the arguments that reach its return value,
 * each cleaned by the transform it gets there (per parameter when the summary has it and the call can be aligned). */
export function returnedTaint(
  call: PlainNode,
  callee: SummarizedCallee,
  argumentTaint: Taint | undefined,
  evaluate: (node: PlainNode) => Taint | undefined,
  text: (node: PlainNode) => string,
): Taint | undefined {
  const { summary } = callee;
  if (!summary.passesParameters) return summary.ownTaint;
  const perParameter = summary.returnedByParameter;
  const splat = argumentsOf(call).some(
    (argument) => argument.type === 'list_splat' || argument.type === 'dictionary_splat',
  );
  if (perParameter === undefined || splat)
    return mergeTaint(summary.ownTaint, sanitize(argumentTaint, summary.returnedSafe));
  let taint = summary.ownTaint;
  alignedArguments(call, callee, text).forEach((argument, index) => {
    const mask = perParameter[index];
    if (argument && mask !== undefined) taint = mergeTaint(taint, sanitize(evaluate(argument), mask));
  });
  return taint;
}
