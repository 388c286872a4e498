// Checks made before a view runs, outside it: a decorator whose wrapper checks a request value (or a view keyword
// argument) and only then calls the view, and a Flask `before_request` hook (app-wide, or a blueprint's for that
// blueprint's views) that aborts or answers on a bad value. Each is solved once; what holds where the wrapper calls
// the view, or where the hook returns None, becomes the view's entry facts: per request key (`request.args["next"]`)
// and per keyword argument, the sink kinds proved. A fact names one value: another key gets nothing.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { allSinks, mergeTaint, type Taint } from '../taint.js';
import type { FlowState } from './flow-state.js';
import { pythonStringValue } from './line-break-removal.js';
import { isRequestObject } from './sources.js';
import { moduleLiteralOf } from './module-literals.js';
import { blockStatements } from './re-raise.js';
type Text = (node: PlainNode) => string;

/** One normal return of a solved function: the returned expression (none at the end of the body) and the state. */
export interface SolvedReturn {
  readonly value: PlainNode | undefined;
  readonly state: FlowState;
}

export interface SiteHost {
  readonly root: PlainNode;
  readonly functions: readonly PlainNode[];
  text: Text;
  /** The function defined at `definition`, solved from its ordinary parameter state plus `seed`. */
  solve(definition: PlainNode, seed: (state: FlowState) => void): readonly SolvedReturn[];
  qualify(node: PlainNode): string | undefined;
}

/** What a function starts knowing from checks made before it runs. */
export interface EntryFacts {
  /** Request reads (`args:next`) → sink kinds proved safe. */
  readonly reads: Map<string, number>;
  /** View keyword arguments → sink kinds proved safe. */
  readonly parameters: Map<string, number>;
}

const routeDecorator = /^@\s*(\w+)\.(route|get|post|put|patch|delete)\s*\(/;
const applicationFactories = /^(flask\.)?(Flask|Quart|APIFlask)\s*\(|^(quart\.)?Quart\s*\(/;

function literalKey(given: PlainNode | undefined, text: Text): string | undefined {
  // `request.args.get(KEY)` with `KEY = "next"` at the top of the module is the same read.
  const node = given ? (moduleLiteralOf(given, text) ?? given) : given;
  return node?.type === 'string' ? pythonStringValue(text(node)) : undefined;
}

export function firstArgument(call: PlainNode): PlainNode | undefined {
  const list = childByField(call, 'arguments');
  return list ? namedChildren(list)[0] : undefined;
}

/** `obj["k"]` or `obj.get("k", ...)`: the mapping and its literal key. */
export interface KeyedRead {
  readonly object: PlainNode;
  readonly key: string;
}

export function keyedRead(node: PlainNode, text: Text): KeyedRead | undefined {
  if (node.type === 'subscript') {
    const object = childByField(node, 'value');
    const key = literalKey(childByField(node, 'subscript'), text);
    return object && key !== undefined ? { object, key } : undefined;
  }
  if (node.type !== 'call') return undefined;
  const callee = childByField(node, 'function');
  if (callee?.type !== 'attribute' || text(childByField(callee, 'attribute') ?? callee) !== 'get') return undefined;
  const object = childByField(callee, 'object');
  const key = literalKey(firstArgument(node), text);
  return object && key !== undefined ? { object, key } : undefined;
}

/** The key a state holds a mapping entry under: one spelling whatever the quotes. */
export function entryKey(object: string, key: string): string {
  return `${object}[${JSON.stringify(key)}]`;
}

function decoratorTexts(definition: PlainNode, text: Text): string[] {
  const parent = definition.parent;
  return parent?.type === 'decorated_definition'
    ? parent.children.filter((child) => child.type === 'decorator').map((child) => text(child))
    : [];
}

/** The functions a block defines, through a body-wide `try` that only re-raises. */
function functionsIn(body: PlainNode | undefined, text: Text): PlainNode[] {
  return (body ? blockStatements(body, text) : []).flatMap((statement) => {
    const definition = statement.type === 'decorated_definition' ? childByField(statement, 'definition') : statement;
    return definition?.type === 'function_definition' ? [definition] : [];
  });
}

function nameOf(definition: PlainNode, text: Text): string {
  return text(childByField(definition, 'name') ?? definition);
}

function splatName(definition: PlainNode, text: Text): string | undefined {
  const parameters = childByField(definition, 'parameters');
  const splat = (parameters ? namedChildren(parameters) : []).find((item) => item.type === 'dictionary_splat_pattern');
  const name = splat ? namedChildren(splat)[0] : undefined;
  return name ? text(name) : undefined;
}

/** Names the body binds exactly once, each with the expression bound. */
function singleBindings(definition: PlainNode, text: Text): Map<string, PlainNode> {
  const counts = new Map<string, number>();
  const values = new Map<string, PlainNode>();
  const stack = [...(childByField(definition, 'body')?.children ?? [])];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || node.type === 'function_definition' || node.type === 'class_definition') continue;
    if (node.type === 'assignment' || node.type === 'augmented_assignment' || node.type === 'named_expression') {
      const left = childByField(node, node.type === 'named_expression' ? 'name' : 'left');
      const right = childByField(node, node.type === 'named_expression' ? 'value' : 'right');
      if (left?.type === 'identifier') {
        const name = text(left);
        counts.set(name, (counts.get(name) ?? 0) + (node.type === 'augmented_assignment' ? 2 : 1));
        if (right) values.set(name, right);
      }
    } else if (node.type === 'for_statement' || node.type === 'with_item' || node.type === 'as_pattern') {
      for (const child of namedChildren(node)) if (child.type === 'identifier') counts.set(text(child), 2);
    }
    stack.push(...node.children);
  }
  for (const [name, count] of counts) if (count !== 1) values.delete(name);
  return values;
}

/** How names are read: source text, and what a name or attribute stands for (imports, local bindings). */
export interface Names {
  text(node: PlainNode): string;
  qualify(node: PlainNode): string | undefined;
}

const containers = /^(args|form|values|cookies|headers|json)$/;

/** `request.args["next"]` for `request.args.get("next")`, `req.args['next']` (an imported alias) or `args.get("next")`
 * (`args = request.args`): one name per request value, however the container is reached. */
export function requestSubject(node: PlainNode, names: Names): string | undefined {
  const read = keyedRead(node, (part) => names.text(part));
  if (!read) return undefined;
  const qualified = names.qualify(read.object) ?? names.text(read.object).replace(/\s+/g, '');
  const dot = qualified.lastIndexOf('.');
  const container = qualified.slice(dot + 1);
  if (dot < 0 || !containers.test(container) || !isRequestObject(qualified.slice(0, dot))) return undefined;
  return entryKey(`request.${container}`, read.key);
}

/** `kwargs["k"]` for `kwargs.get("k")` / `kwargs["k"]` in a function taking `**kwargs`: the keyword arguments do
 * not change while the function runs, so a check on one read speaks for the others. */
export function keywordSubject(node: PlainNode, definition: PlainNode | undefined, text: Text): string | undefined {
  const read = definition ? keyedRead(node, text) : undefined;
  const splat = read?.object.type === 'identifier' && definition ? splatName(definition, text) : undefined;
  return read && splat !== undefined && text(read.object) === splat ? entryKey(splat, read.key) : undefined;
}

const requestEntry = /^request\.(args|form|values|cookies|headers|json)\["(?:[^"\\]|\\.)*"\]$/;

/** A keyed read's entry in the state (a checked field, a checked request value), merged with a `.get` default. */
export function keyedEntry(
  node: PlainNode,
  names: Names,
  scopes: { lookup(name: string): { found: boolean; taint: Taint | undefined } },
  evaluator: { evaluate(node: PlainNode): Taint | undefined },
): { found: boolean; taint: Taint | undefined } {
  const read = keyedRead(node, (part) => names.text(part));
  const key = read
    ? (requestSubject(node, names) ?? entryKey(names.text(read.object).replace(/\s+/g, ''), read.key))
    : undefined;
  const entry = key === undefined ? undefined : scopes.lookup(key);
  if (!entry?.found) return { found: false, taint: undefined };
  const list = node.type === 'call' ? childByField(node, 'arguments') : undefined;
  const fallback = list ? namedChildren(list)[1] : undefined;
  return { found: true, taint: mergeTaint(entry.taint, fallback ? evaluator.evaluate(fallback) : undefined) };
}

/** The facts one set of solved returns proves about the request reads and keyword arguments the body bound once. */
function provedAt(
  definition: PlainNode,
  returns: readonly SolvedReturn[],
  host: SiteHost,
  keywords: string | undefined,
): EntryFacts {
  const text = host.text;
  const reads = new Map<string, number>();
  const parameters = new Map<string, number>();
  if (returns.length === 0) return { reads, parameters };
  const bindings = singleBindings(definition, text);
  // After the solve the walk's scope is gone: a local container (`args = request.args`) is read through its binding.
  const names: Names = {
    text,
    qualify: (node) => {
      const bound = node.type === 'identifier' ? bindings.get(text(node)) : undefined;
      return host.qualify(bound ?? node);
    },
  };
  const candidates: { name: string; read: string | undefined; keyed?: KeyedRead; keyword?: string }[] = [
    ...bindings,
  ].map(([name, value]) => ({
    name,
    read: requestSubject(value, names),
    keyed: keywords ? keyedRead(value, text) : undefined,
  }));
  // A check made on the read itself (`if request.args.get("k") not in A: abort(400)`) is kept under its subject.
  const checkedReads = new Set(
    returns.flatMap(({ state }) => [...state.taints.keys()].filter((key) => requestEntry.test(key))),
  );
  for (const name of checkedReads) candidates.push({ name, read: name, keyed: undefined });
  for (const { state } of keywords === undefined ? [] : returns.slice(0, 1))
    for (const key of state.taints.keys()) {
      const entry = new RegExp(`^${keywords ?? ''}\\[("(?:[^"\\\\]|\\\\.)*")\\]$`).exec(key);
      const keyword = entry?.[1] === undefined ? undefined : (JSON.parse(entry[1]) as unknown);
      if (typeof keyword === 'string') candidates.push({ name: key, read: undefined, keyed: undefined, keyword });
    }
  for (const { name, read, keyed, keyword: checkedKeyword } of candidates) {
    const keyword =
      checkedKeyword ??
      (keyed && keyed.object.type === 'identifier' && text(keyed.object) === keywords ? keyed.key : undefined);
    if (read === undefined && keyword === undefined) continue;
    let proved = allSinks;
    for (const { state } of returns) {
      if (!state.taints.has(name)) proved = 0;
      const taint = state.taints.get(name);
      proved &= taint ? taint.safe : allSinks;
    }
    if (proved === 0) continue;
    if (read !== undefined) reads.set(read, (reads.get(read) ?? 0) | proved);
    if (keyword !== undefined) parameters.set(keyword, (parameters.get(keyword) ?? 0) | proved);
  }
  return { reads, parameters };
}

function joinFacts(into: EntryFacts, more: EntryFacts): void {
  for (const [key, proved] of more.reads) into.reads.set(key, (into.reads.get(key) ?? 0) | proved);
  for (const [key, proved] of more.parameters) into.parameters.set(key, (into.parameters.get(key) ?? 0) | proved);
}

/** `def deco(view): def wrapper(*a, **kw): <checks>; return view(*a, **kw)`: what holds where the view is called. */
function decoratorFacts(host: SiteHost, definition: PlainNode): EntryFacts | undefined {
  const text = host.text;
  const parameters = childByField(definition, 'parameters');
  const first = parameters ? namedChildren(parameters)[0] : undefined;
  // `def deco(view)` or, type-hinted, `def deco(view: Callable)`: the wrapped view's name.
  const wrapped =
    first?.type === 'typed_parameter' ? namedChildren(first).find((child) => child.type === 'identifier') : first;
  if (wrapped?.type !== 'identifier') return undefined;
  const calls = new RegExp(`(^|[^\\w.])${text(wrapped)}\\s*\\(`);
  let found: EntryFacts | undefined;
  for (const inner of functionsIn(childByField(definition, 'body'), text)) {
    const returns = host
      .solve(inner, () => undefined)
      .filter(({ value }) => value !== undefined && calls.test(text(value)));
    const facts = provedAt(inner, returns, host, splatName(inner, text));
    if (facts.reads.size === 0 && facts.parameters.size === 0) continue;
    found ??= { reads: new Map(), parameters: new Map() };
    joinFacts(found, facts);
  }
  return found;
}

/** Per view (function definition), the facts its decorators and the hooks covering it proved before it runs. */
export function entryFacts(host: SiteHost): Map<PlainNode, EntryFacts> {
  const entries = new Map<PlainNode, EntryFacts>();
  const text = host.text;
  const topLevel = namedChildren(host.root);
  const definitions = new Map<string, PlainNode>();
  for (const definition of functionsIn(host.root, text)) definitions.set(nameOf(definition, text), definition);
  // Only functions the module applies as a decorator are solved as one.
  const applied = new Set(
    host.functions.flatMap((definition) =>
      decoratorTexts(definition, text).flatMap((decorator) => /^@\s*(\w+)\s*$/.exec(decorator)?.[1] ?? []),
    ),
  );
  const decorators = new Map<string, EntryFacts>();
  for (const [name, definition] of definitions) {
    const facts = applied.has(name) ? decoratorFacts(host, definition) : undefined;
    if (facts) decorators.set(name, facts);
  }
  // before_request hooks, by the object they are registered on; `app`-level ones cover every view.
  const applications = new Set<string>();
  const hooks: { object: string; facts: EntryFacts; everywhere: boolean }[] = [];
  const addHook = (object: string, hookName: string, everywhere: boolean): void => {
    const definition = definitions.get(hookName);
    if (!definition) return;
    const returns = host
      .solve(definition, () => undefined)
      .filter(({ value }) => value === undefined || value.type === 'none');
    hooks.push({ object, facts: provedAt(definition, returns, host, undefined), everywhere });
  };
  for (const statement of topLevel) {
    const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    if (assignment?.type === 'assignment') {
      const left = childByField(assignment, 'left');
      const right = childByField(assignment, 'right');
      if (left?.type === 'identifier' && right && applicationFactories.test(text(right))) applications.add(text(left));
    }
    if (assignment?.type === 'call') {
      const registered = /^(\w+)\.(before_request|before_app_request)$/.exec(
        text(childByField(assignment, 'function') ?? assignment),
      );
      const hook = firstArgument(assignment);
      if (registered?.[1] && hook?.type === 'identifier')
        addHook(registered[1], text(hook), registered[2] === 'before_app_request');
    }
  }
  for (const definition of definitions.values())
    for (const decorator of decoratorTexts(definition, text)) {
      const registered = /^@\s*(\w+)\.(before_request|before_app_request)\s*$/.exec(decorator);
      if (registered?.[1]) addHook(registered[1], nameOf(definition, text), registered[2] === 'before_app_request');
    }
  if (decorators.size === 0 && hooks.length === 0) return entries;
  for (const node of host.functions) {
    const facts: EntryFacts = { reads: new Map(), parameters: new Map() };
    for (const decorator of decoratorTexts(node, text)) {
      const applied = /^@\s*(\w+)\s*$/.exec(decorator);
      const fromDecorator = applied?.[1] ? decorators.get(applied[1]) : undefined;
      if (fromDecorator) joinFacts(facts, fromDecorator);
      const route = routeDecorator.exec(decorator);
      if (route?.[1])
        for (const hook of hooks)
          if (hook.object === route[1] || hook.everywhere || applications.has(hook.object))
            joinFacts(facts, hook.facts);
    }
    if (facts.reads.size > 0 || facts.parameters.size > 0) entries.set(node, facts);
  }
  return entries;
}
