// Validation that lives outside the function holding the sink, summarized once into the guard facts an inline check
// produces and applied where the validated value is read:
// - a decorator whose wrapper checks a request value (or a view keyword argument) and only then calls the view: the
//   view's reads of that value are what the wrapper proved at its call of the view;
// - a Flask `before_request` hook (app-wide, or a blueprint's for that blueprint's views) that aborts or answers on a
//   bad value: what holds where it returns None holds in every view it covers;
// - a checked class (declared-checks.ts): a pydantic model or dataclass built from the value (its fields are checked
//   at construction), a marshmallow schema's `load` result, a WTForms / Django form once `validate()` /
//   `validate_on_submit()` / `is_valid()` held. A field's fact is its declaration's (pattern, choices) plus what its
//   checking methods prove, each summarized by solving the method once.
// Precise by construction: a fact names one value (one request key, one field); another value gets nothing, a hook
// on another blueprint covers nothing, a field without a constraint proves nothing.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { allSinks, mergeTaint, sanitize, type Taint } from '../taint.js';
import { checkedClasses, type CheckedClass, type MethodCheck } from './declared-checks.js';
import { FlowState, recordValidation } from './flow-state.js';
import { parameterState, type FunctionInfo } from './functions.js';
import { pythonStringValue } from './line-break-removal.js';
import type { StepObserver } from './solver.js';
import { servesFastApi } from './typed-values.js';

type Text = (node: PlainNode) => string;

/** One normal return of a solved function: the returned expression (none at the end of the body) and the state. */
export interface SolvedReturn {
  readonly value: PlainNode | undefined;
  readonly state: FlowState;
}

/** What the module analysis lends: its tree, functions, names and solver. */
export interface SiteModule {
  readonly root: PlainNode;
  readonly functions: readonly FunctionInfo[];
  text: Text;
  /** What a name or call stands for, through local bindings (`schema = OrderSchema()` → `OrderSchema`). */
  qualify(node: PlainNode): string | undefined;
  analyze(info: FunctionInfo, initial: FlowState, observer: StepObserver): unknown;
}

interface SiteHost {
  readonly root: PlainNode;
  readonly functions: readonly PlainNode[];
  text: Text;
  /** The function defined at `definition`, solved from its ordinary parameter state plus `seed`. */
  solve(definition: PlainNode, seed: (state: FlowState) => void): readonly SolvedReturn[];
  qualify(node: PlainNode): string | undefined;
}

/** What a function starts knowing from checks made before it runs. */
interface EntryFacts {
  /** Request reads (`args:next`) → sink kinds proved safe. */
  readonly reads: Map<string, number>;
  /** View keyword arguments → sink kinds proved safe. */
  readonly parameters: Map<string, number>;
}

const requestContainers = /^(?:flask\.)?request\.(args|form|values|cookies|headers|json)$/;
const routeDecorator = /^@\s*(\w+)\.(route|get|post|put|patch|delete)\s*\(/;
const applicationFactories = /^(flask\.)?(Flask|Quart|APIFlask)\s*\(|^(quart\.)?Quart\s*\(/;
const modelBuilders = /^(model_validate|model_validate_json|parse_obj|parse_raw|validate)$/;

function literalKey(node: PlainNode | undefined, text: Text): string | undefined {
  return node?.type === 'string' ? pythonStringValue(text(node)) : undefined;
}

function firstArgument(call: PlainNode): PlainNode | undefined {
  const list = childByField(call, 'arguments');
  return list ? namedChildren(list)[0] : undefined;
}

/** `obj["k"]` or `obj.get("k", ...)`: the mapping and its literal key. */
export function keyedRead(node: PlainNode, text: Text): { object: PlainNode; key: string } | undefined {
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
function entryKey(object: string, key: string): string {
  return `${object}[${JSON.stringify(key)}]`;
}

function decoratorTexts(definition: PlainNode, text: Text): string[] {
  const parent = definition.parent;
  return parent?.type === 'decorated_definition'
    ? parent.children.filter((child) => child.type === 'decorator').map((child) => text(child))
    : [];
}

function functionsIn(body: PlainNode | undefined): PlainNode[] {
  return (body ? namedChildren(body) : []).flatMap((statement) => {
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

/** `request.args["next"]` for `request.args.get("next")` / `request.args['next']`: one name per request value. */
export function requestSubject(node: PlainNode, text: Text): string | undefined {
  const read = keyedRead(node, text);
  const container = read ? requestContainers.exec(text(read.object).replace(/\s+/g, '')) : null;
  return read && container ? entryKey(`request.${container[1] ?? ''}`, read.key) : undefined;
}

const requestEntry = /^request\.(args|form|values|cookies|headers|json)\["(?:[^"\\]|\\.)*"\]$/;

/** A keyed read's entry in the state (a checked field, a checked request value), merged with a `.get` default. */
export function keyedEntry(
  node: PlainNode,
  text: Text,
  scopes: { lookup(name: string): { found: boolean; taint: Taint | undefined } },
  evaluator: { evaluate(node: PlainNode): Taint | undefined },
): { found: boolean; taint: Taint | undefined } {
  const read = keyedRead(node, text);
  const entry = read ? scopes.lookup(entryKey(text(read.object).replace(/\s+/g, ''), read.key)) : undefined;
  if (!entry?.found) return { found: false, taint: undefined };
  const list = node.type === 'call' ? childByField(node, 'arguments') : undefined;
  const fallback = list ? namedChildren(list)[1] : undefined;
  return { found: true, taint: mergeTaint(entry.taint, fallback ? evaluator.evaluate(fallback) : undefined) };
}

/** The facts one set of solved returns proves about the request reads and keyword arguments the body bound once. */
function provedAt(
  definition: PlainNode,
  returns: readonly SolvedReturn[],
  text: Text,
  keywords: string | undefined,
): EntryFacts {
  const reads = new Map<string, number>();
  const parameters = new Map<string, number>();
  if (returns.length === 0) return { reads, parameters };
  const candidates = [...singleBindings(definition, text)].map(([name, value]) => ({
    name,
    read: requestSubject(value, text),
    keyed: keywords ? keyedRead(value, text) : undefined,
  }));
  // A check made on the read itself (`if request.args.get("k") not in A: abort(400)`) is kept under its subject.
  const checkedReads = new Set(returns.flatMap(({ state }) => [...state.taints.keys()].filter((key) => requestEntry.test(key))));
  for (const name of checkedReads) candidates.push({ name, read: name, keyed: undefined });
  for (const { name, read, keyed } of candidates) {
    const keyword = keyed && keyed.object.type === 'identifier' && text(keyed.object) === keywords ? keyed.key : undefined;
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

const parameterTaint = (name: string): Taint => ({ origin: 'parameter', safe: 0, from: name });

export class ValidationSites {
  private readonly classes: Map<string, CheckedClass>;
  /** Per checked class, per field: the sink kinds its declaration and checking methods prove. */
  private readonly proved = new Map<string, Map<string, number>>();
  private readonly entries = new Map<PlainNode, EntryFacts>();
  private readonly fastapi: boolean;

  /** The module's sites, or undefined when it has none (most modules: no cost past one look at the tree). */
  static of(module: SiteModule): ValidationSites | undefined {
    const byNode = new Map(module.functions.map((info) => [info.node, info]));
    const sites = new ValidationSites({
      root: module.root,
      functions: [...byNode.keys()],
      text: module.text,
      qualify: module.qualify,
      solve: (definition, seed) => {
        const info = byNode.get(definition);
        if (!info) return [];
        const initial = parameterState(info, undefined);
        seed(initial);
        const returns: SolvedReturn[] = [];
        module.analyze(info, initial, { returned: (value, state) => returns.push({ value, state: state.copy() }) });
        return returns;
      },
    });
    return sites.empty ? undefined : sites;
  }

  private constructor(private readonly host: SiteHost) {
    const text = host.text;
    this.classes = checkedClasses(host.root, text);
    this.fastapi = servesFastApi(host.root, text);
    for (const checked of this.classes.values()) this.proved.set(checked.name, this.fieldFacts(checked));
    this.collectEntryFacts();
  }

  /** True when the module has nothing for this engine to do (the common case: no cost beyond the scan). */
  get empty(): boolean {
    return this.classes.size === 0 && this.entries.size === 0;
  }

  private fieldFacts(checked: CheckedClass): Map<string, number> {
    const facts = new Map(checked.declared);
    for (const method of checked.methods)
      for (const [field, proved] of this.methodFacts(method)) facts.set(field, (facts.get(field) ?? 0) | proved);
    return facts;
  }

  /** A checking method solved once with each subject a parameter value: what holds for it at every normal return. */
  private methodFacts(method: MethodCheck): Map<string, number> {
    const subjects = [...method.subjects];
    const returns = this.host.solve(method.definition, (state) => {
      for (const [, subject] of subjects) {
        state.taints.set(subject, parameterTaint(subject));
        const object = subject.replace(/(\.\w+|\[[^\]]*\])$/, '');
        if (object !== subject && !state.taints.has(object)) state.taints.set(object, parameterTaint(object));
      }
    });
    const facts = new Map<string, number>();
    for (const [field, subject] of subjects) {
      let proved = allSinks;
      for (const { value, state } of returns) {
        if (method.style === 'returns') {
          // The field becomes the returned value: a literal or None holds no caller text.
          const returned = value ? state.returned : undefined;
          proved &= returned === undefined ? allSinks : returned.origin === 'parameter' ? returned.safe : 0;
        } else {
          const taint = state.taints.get(subject);
          proved &= state.taints.has(subject) ? (taint ? taint.safe : allSinks) : 0;
        }
      }
      facts.set(field, proved);
    }
    return facts;
  }

  private collectEntryFacts(): void {
    const text = this.host.text;
    const topLevel = namedChildren(this.host.root);
    const definitions = new Map<string, PlainNode>();
    for (const definition of functionsIn(this.host.root)) definitions.set(nameOf(definition, text), definition);
    // Only functions the module applies as a decorator are solved as one.
    const applied = new Set(
      this.host.functions.flatMap((definition) =>
        decoratorTexts(definition, text).flatMap((decorator) => /^@\s*(\w+)\s*$/.exec(decorator)?.[1] ?? []),
      ),
    );
    const decorators = new Map<string, EntryFacts>();
    for (const [name, definition] of definitions) {
      const facts = applied.has(name) ? this.decoratorFacts(definition) : undefined;
      if (facts) decorators.set(name, facts);
    }
    // before_request hooks, by the object they are registered on; `app`-level ones cover every view.
    const applications = new Set<string>();
    const hooks: { object: string; facts: EntryFacts; everywhere: boolean }[] = [];
    const addHook = (object: string, hookName: string, everywhere: boolean): void => {
      const definition = definitions.get(hookName);
      if (!definition) return;
      const returns = this.host
        .solve(definition, () => undefined)
        .filter(({ value }) => value === undefined || value.type === 'none');
      hooks.push({ object, facts: provedAt(definition, returns, text, undefined), everywhere });
    };
    for (const statement of topLevel) {
      const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
      if (assignment?.type === 'assignment') {
        const left = childByField(assignment, 'left');
        const right = childByField(assignment, 'right');
        if (left?.type === 'identifier' && right && applicationFactories.test(text(right))) applications.add(text(left));
      }
      if (assignment?.type === 'call') {
        const registered = /^(\w+)\.(before_request|before_app_request)$/.exec(text(childByField(assignment, 'function') ?? assignment));
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
    if (decorators.size === 0 && hooks.length === 0) return;
    for (const node of this.host.functions) {
      const facts: EntryFacts = { reads: new Map(), parameters: new Map() };
      for (const decorator of decoratorTexts(node, text)) {
        const applied = /^@\s*(\w+)\s*$/.exec(decorator);
        const fromDecorator = applied?.[1] ? decorators.get(applied[1]) : undefined;
        if (fromDecorator) joinFacts(facts, fromDecorator);
        const route = routeDecorator.exec(decorator);
        if (route?.[1])
          for (const hook of hooks)
            if (hook.object === route[1] || hook.everywhere || applications.has(hook.object)) joinFacts(facts, hook.facts);
      }
      if (facts.reads.size > 0 || facts.parameters.size > 0) this.entries.set(node, facts);
    }
  }

  /** `def deco(view): def wrapper(*a, **kw): <checks>; return view(*a, **kw)`: what holds where the view is called. */
  private decoratorFacts(definition: PlainNode): EntryFacts | undefined {
    const text = this.host.text;
    const parameters = childByField(definition, 'parameters');
    const wrapped = parameters ? namedChildren(parameters)[0] : undefined;
    if (wrapped?.type !== 'identifier') return undefined;
    const calls = new RegExp(`(^|[^\\w.])${text(wrapped)}\\s*\\(`);
    let found: EntryFacts | undefined;
    for (const inner of functionsIn(childByField(definition, 'body'))) {
      const returns = this.host
        .solve(inner, () => undefined)
        .filter(({ value }) => value !== undefined && calls.test(text(value)));
      const facts = provedAt(inner, returns, text, splatName(inner, text));
      if (facts.reads.size === 0 && facts.parameters.size === 0) continue;
      found ??= { reads: new Map(), parameters: new Map() };
      joinFacts(found, facts);
    }
    return found;
  }

  /** A view's parameters as checks made before it ran left them; a FastAPI handler's model parameter's fields. */
  prepare(definition: PlainNode, parameters: readonly string[], handler: boolean, state: FlowState): void {
    for (const [name, proved] of this.entries.get(definition)?.parameters ?? []) {
      const taint = state.taints.get(name);
      if (!taint) continue;
      state.taints.set(name, sanitize(taint, proved));
      recordValidation(state, name, proved);
    }
    if (!handler || !this.fastapi) return;
    const list = childByField(definition, 'parameters');
    for (const parameter of list ? namedChildren(list) : []) {
      const annotation = childByField(parameter, 'type');
      const name = namedChildren(parameter).find((child) => child.type === 'identifier');
      const fields = annotation ? this.proved.get(this.host.text(annotation).trim()) : undefined;
      const base = name ? this.host.text(name) : '';
      const taint = state.taints.get(base);
      if (!fields || !taint || !parameters.includes(base)) continue;
      for (const [field, proved] of fields) {
        const key = `${base}.${field}`;
        if (proved === 0 || state.taints.has(key)) continue;
        state.taints.set(key, sanitize(taint, proved));
        recordValidation(state, key, proved);
      }
    }
  }

  /**
   * After `name = value`: a checked instance's field entries. A model or dataclass built from data is checked as it
   * is built; a schema's `load` result likewise; a form's fields are the data as given until its gate holds. Entries
   * of the name's old value are forgotten.
   */
  bound(name: string, value: PlainNode | undefined, taint: Taint | undefined, state: FlowState): void {
    if (this.classes.size === 0) return;
    for (const key of state.taints.keys())
      if ((key.startsWith(`${name}.`) || key.startsWith(`${name}[`)) && key !== name) state.taints.delete(key);
    if (value?.type === 'await') value = namedChildren(value)[0];
    if (value?.type !== 'call') return;
    const built = this.builtClass(value);
    if (!built) return;
    const facts = this.proved.get(built.name) ?? new Map<string, number>();
    // A Flask-WTF form built without data reads the request's form itself.
    const data =
      taint ??
      (built.kind === 'wtform' && !firstArgument(value) ? { origin: 'remote' as const, safe: 0, from: 'request.form' } : undefined);
    if (!data) return;
    const gated = built.kind === 'wtform' || built.kind === 'django-form';
    for (const field of built.fields) {
      const fact = facts.get(field) ?? 0;
      // Unchecked fields read as the data itself, which needs no entry unless the form read the request itself.
      if (fact === 0 && taint !== undefined) continue;
      const proved = gated ? 0 : fact;
      const key = this.fieldKey(built, name, field);
      state.taints.set(key, sanitize(data, proved));
      recordValidation(state, key, proved);
    }
  }

  private fieldKey(checked: CheckedClass, name: string, field: string): string {
    switch (checked.kind) {
      case 'schema':
        return entryKey(name, field);
      case 'wtform':
        return `${name}.${field}.data`;
      case 'django-form':
        return entryKey(`${name}.cleaned_data`, field);
      default:
        return `${name}.${field}`;
    }
  }

  /** The class a call builds a checked instance of: `Model(...)`, `Model.model_validate(...)`, `Schema().load(...)`,
   * `schema.load(...)`, `Form(request.args)`. */
  private builtClass(call: PlainNode): CheckedClass | undefined {
    const text = this.host.text;
    const callee = childByField(call, 'function');
    if (callee?.type === 'identifier') {
      const checked = this.classes.get(text(callee));
      return checked && checked.kind !== 'schema' ? checked : undefined;
    }
    if (callee?.type !== 'attribute') return undefined;
    const method = text(childByField(callee, 'attribute') ?? callee);
    const object = childByField(callee, 'object');
    if (!object) return undefined;
    if (modelBuilders.test(method) && object.type === 'identifier') {
      const checked = this.classes.get(text(object));
      return checked?.kind === 'model' ? checked : undefined;
    }
    if (method !== 'load' && method !== 'loads') return undefined;
    const schema =
      object.type === 'call'
        ? text(childByField(object, 'function') ?? object)
        : object.type === 'identifier'
          ? this.boundClass(object)
          : undefined;
    const checked = schema === undefined ? undefined : this.classes.get(schema);
    return checked?.kind === 'schema' ? checked : undefined;
  }

  /** The class a local holds an instance of: `form = ThemeForm(...)` qualifies as `ThemeForm(...)`. */
  private boundClass(name: PlainNode): string | undefined {
    return this.host.qualify(name)?.replace(/\([\s\S]*$/, '');
  }

  /** `form.validate()`, `form.validate_on_submit()`, `form.is_valid()` of a checked form: its fields' facts. */
  gate(call: PlainNode): { name: string; mask: number }[] {
    const text = this.host.text;
    const callee = childByField(call, 'function');
    if (callee?.type !== 'attribute') return [];
    const method = text(childByField(callee, 'attribute') ?? callee);
    const object = childByField(callee, 'object');
    if (object?.type !== 'identifier') return [];
    const checked = this.classes.get(this.boundClass(object) ?? '');
    const gates = checked?.kind === 'wtform' ? /^(validate|validate_on_submit)$/ : /^is_valid$/;
    if (!checked || (checked.kind !== 'wtform' && checked.kind !== 'django-form') || !gates.test(method)) return [];
    const facts = this.proved.get(checked.name) ?? new Map<string, number>();
    return checked.fields.flatMap((field) => {
      const proved = facts.get(field) ?? 0;
      return proved === 0 ? [] : [{ name: this.fieldKey(checked, text(object), field), mask: proved }];
    });
  }

  /** A keyed read (`data["f"]`, `form.cleaned_data.get("f")`, `request.args.get("next")`) as the checks made before
   * it leave it: a checked entry's own taint, or what a decorator or hook proved about that request value. */
  read(
    node: PlainNode,
    computed: Taint | undefined,
    current: PlainNode | undefined,
    scopes: { lookup(name: string): { found: boolean; taint: Taint | undefined } },
    evaluator: { evaluate(node: PlainNode): Taint | undefined },
  ): Taint | undefined {
    const text = this.host.text;
    const object = node.type === 'attribute' ? childByField(node, 'object') : undefined;
    if (object?.type === 'call') {
      const built = this.builtClass(object);
      const proved =
        built?.kind === 'model' || built?.kind === 'dataclass'
          ? this.proved.get(built.name)?.get(text(childByField(node, 'attribute') ?? node))
          : undefined;
      return proved === undefined ? computed : sanitize(computed, proved);
    }
    const entry = keyedEntry(node, text, scopes, evaluator);
    if (entry.found) return entry.taint;
    const facts = current ? this.entries.get(current) : undefined;
    const key = facts ? requestSubject(node, text) : undefined;
    const proved = key === undefined ? undefined : facts?.reads.get(key);
    return proved === undefined ? computed : sanitize(computed, proved);
  }
}

/** A keyed read as the checks made before it leave it, with or without the module's sites (a check on the read itself
 * needs none). */
export function readAfterChecks(
  sites: ValidationSites | undefined,
  node: PlainNode,
  computed: Taint | undefined,
  current: PlainNode | undefined,
  source: { of(node: PlainNode): string },
  scopes: { lookup(name: string): { found: boolean; taint: Taint | undefined } },
  evaluator: { evaluate(node: PlainNode): Taint | undefined },
): Taint | undefined {
  if (sites) return sites.read(node, computed, current, scopes, evaluator);
  const entry = keyedEntry(node, (part) => source.of(part), scopes, evaluator);
  return entry.found ? entry.taint : computed;
}
