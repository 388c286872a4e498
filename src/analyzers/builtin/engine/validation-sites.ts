// Validation that lives outside the function holding the sink, summarized once into the guard facts an inline check
// produces and applied where the validated value is read:
// - (entry-checks.ts) a decorator whose wrapper checks a request value (or a view keyword argument) and only then calls the view: the
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
import type { PropertyCheck } from './property-checks.js';
import { parameterState, type FunctionInfo } from './functions.js';
import {
  entryFacts,
  entryKey,
  firstArgument,
  keyedEntry,
  keywordSubject,
  requestSubject,
  type EntryFacts,
  type Names,
  type SiteHost,
  type SolvedReturn,
} from './entry-checks.js';
import type { StepObserver } from './solver.js';
import { servesFastApi } from './typed-values.js';

type Text = (node: PlainNode) => string;

/** What the module analysis lends: its tree, functions, names and solver. */
export interface SiteModule {
  readonly root: PlainNode;
  readonly functions: readonly FunctionInfo[];
  text: Text;
  /** What a name or call stands for, through local bindings (`schema = OrderSchema()` → `OrderSchema`). */
  qualify(node: PlainNode): string | undefined;
  analyze(info: FunctionInfo, initial: FlowState, observer: StepObserver): unknown;
}

/** What a Flask-WTF form built without data holds: the request's form, read by the form itself. */
const implicitForm: Taint = { origin: 'remote', safe: 0, from: 'request.form' };

const modelBuilders = /^(model_validate|model_validate_json|parse_obj|parse_raw|validate)$/;

const parameterTaint = (name: string): Taint => ({ origin: 'parameter', safe: 0, from: name });

export class ValidationSites {
  private readonly classes: Map<string, CheckedClass>;
  /** Per checked class, per field: the sink kinds its declaration and checking methods prove. */
  private readonly proved = new Map<string, Map<string, number>>();
  private readonly entries: Map<PlainNode, EntryFacts>;
  private readonly fastapi: boolean;

  /** The module's sites, or undefined when it has none (most modules: no cost past one look at the tree). */
  static of(module: SiteModule): ValidationSites | undefined {
    const byNode = new Map(module.functions.map((info) => [info.node, info]));
    const sites = new ValidationSites({
      root: module.root,
      functions: [...byNode.keys()],
      text: module.text,
      qualify: (node) => module.qualify(node),
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
    this.entries = entryFacts(host);
  }

  /** True when the module has nothing for this engine to do (the common case: no cost beyond the scan). */
  get empty(): boolean {
    return this.classes.size === 0 && this.entries.size === 0;
  }

  private fieldFacts(checked: CheckedClass): Map<string, number> {
    const facts = new Map(checked.declared);
    for (const method of checked.methods)
      for (const [field, proved] of this.methodFacts(method)) facts.set(field, (facts.get(field) ?? 0) | proved);
    for (const property of checked.properties) facts.set(property.field, this.propertyFact(property));
    return facts;
  }

  /**
   * What every read of a property proves: its getter solved once, the instance's attributes parameter values
   * (those only the setter writes carrying what the setter proved of the value it stored), at every normal return.
   * A getter that returns a literal proves all; one that returns a value it did not check proves nothing.
   */
  private propertyFact(property: PropertyCheck): number {
    const stored = property.setter ? this.storedFacts(property.setter, property.stored) : new Map<string, number>();
    const returns = this.host.solve(property.getter, (state) => {
      state.taints.set(property.self, parameterTaint(property.self));
      for (const attribute of property.reads) {
        const key = `${property.self}.${attribute}`;
        state.taints.set(key, { ...parameterTaint(key), safe: stored.get(attribute) ?? 0 });
      }
    });
    if (returns.length === 0) return 0;
    let proved = allSinks;
    for (const { value, state } of returns) {
      const returned = value ? state.returned : undefined;
      proved &= returned === undefined ? allSinks : returned.origin === 'parameter' ? returned.safe : 0;
    }
    return proved;
  }

  /** A setter solved once with the assigned value a parameter: what holds, at every normal return, for each backing
   * attribute it stored (an attribute left unassigned on some path proves nothing). */
  private storedFacts(
    setter: NonNullable<PropertyCheck['setter']>,
    attributes: readonly string[],
  ): Map<string, number> {
    const returns = this.host.solve(setter.definition, (state) => {
      state.taints.set(setter.self, parameterTaint(setter.self));
      state.taints.set(setter.value, parameterTaint(setter.value));
    });
    const facts = new Map<string, number>();
    for (const attribute of attributes) {
      const key = `${setter.self}.${attribute}`;
      let proved = returns.length === 0 ? 0 : allSinks;
      for (const { state } of returns) {
        const taint = state.taints.get(key);
        proved &= !state.taints.has(key)
          ? 0
          : taint === undefined
            ? allSinks
            : taint.origin === 'parameter'
              ? taint.safe
              : 0;
      }
      facts.set(attribute, proved);
    }
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
    const data = taint ?? (built.readsRequest && !firstArgument(value) ? implicitForm : undefined);
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
      // `EditForm().title.data`: a Flask-WTF form built without data reads the request's form, and no gate ran.
      if (built?.readsRequest && !firstArgument(object)) return mergeTaint(computed, implicitForm);
      const proved =
        built?.kind === 'model' || built?.kind === 'dataclass' || built?.kind === 'object'
          ? this.proved.get(built.name)?.get(text(childByField(node, 'attribute') ?? node))
          : undefined;
      return proved === undefined ? computed : sanitize(computed, proved);
    }
    const entry = keyedEntry(node, this.host, scopes, evaluator);
    if (entry.found) return entry.taint;
    const facts = current ? this.entries.get(current) : undefined;
    const key = facts ? requestSubject(node, this.host) : undefined;
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
  names: Names,
  scopes: { lookup(name: string): { found: boolean; taint: Taint | undefined }; readonly current: FlowState },
  evaluator: { evaluate(node: PlainNode): Taint | undefined },
): Taint | undefined {
  const entry = sites ? undefined : keyedEntry(node, names, scopes, evaluator);
  if (entry?.found) return entry.taint;
  const read = sites ? sites.read(node, computed, current, scopes, evaluator) : computed;
  // The first read of a request value names it, so a check that reaches it through a derived name (`parsed =
  // urlparse(request.args.get("next"))`, then `parsed.netloc`) has a value to narrow.
  const subject = requestSubject(node, names);
  if (subject !== undefined && !scopes.lookup(subject).found) scopes.current.taints.set(subject, read);
  return read;
}

/** The one name a keyed read stands for: a request value, or a keyword argument of the function being read. */
export function readSubject(node: PlainNode, names: Names, definition: PlainNode | undefined): string | undefined {
  return requestSubject(node, names) ?? keywordSubject(node, definition, (part) => names.text(part));
}
