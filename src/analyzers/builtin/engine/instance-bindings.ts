// Names bound to an instance of one of the module's own classes: `files = FileService(root)` at module level, or
// `store = DocumentStore()` in a function. A call on such a name (`files.read(name)`) is a call of that class's method
// with `self` bound, as `FileService(root).read(name)` already is. Decided statically, per scope: a name counts only
// when its scope binds it exactly once, to that constructor call, and in no other way (a parameter, a loop or `with`
// target, a tuple unpacking, an augmented assignment, a second assignment) — then every read of it in that scope sees
// that instance, whatever the flow. A function that does not bind the name reads the enclosing scopes' binding.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';

/** Per scope (a function definition or the module root), name → the constructor call it is bound to, or null when
 * the scope binds the name some other way too. */
type ScopeBindings = Map<string, PlainNode | null>;

/** An instance a name holds: the class definition and the call that made it. */
export interface BoundInstance {
  readonly owner: PlainNode;
  readonly call: PlainNode;
}

/** The function or module whose scope a node's bindings belong to; class bodies are skipped (their names are class
 * attributes, which methods read through `self`, never as bare names). */
function scopeOf(node: PlainNode): PlainNode | undefined {
  let current = node.parent;
  while (current && current.type !== 'function_definition' && current.type !== 'module') current = current.parent;
  return current;
}

function insideClassBody(node: PlainNode, scope: PlainNode): boolean {
  for (let current = node.parent; current && current !== scope; current = current.parent)
    if (current.type === 'class_definition') return true;
  return false;
}

/** Identifiers a binding form binds (every name in a tuple or list target). */
function boundNames(target: PlainNode): PlainNode[] {
  if (target.type === 'identifier') return [target];
  const names: PlainNode[] = [];
  const stack = [target];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'identifier' && node.field !== 'attribute') names.push(node);
    else if (/^(tuple|list)(_pattern)?$|^pattern_list$|^parenthesized_expression$|^list_splat_pattern$/.test(node.type))
      stack.push(...namedChildren(node));
  }
  return names;
}

export class InstanceBindings {
  private readonly scopes = new Map<PlainNode, ScopeBindings>();
  /** Class name → its definition; null when the module defines two classes of that name. */
  private readonly classes: ReadonlyMap<string, PlainNode | null>;
  /** `obj.attr` texts some statement assigns: such an attribute is not the class's any more. */
  private readonly assignedAttributes = new Set<string>();

  constructor(
    nodes: readonly PlainNode[],
    private readonly text: (node: PlainNode) => string,
  ) {
    this.classes = moduleClasses(nodes, text);
    for (const node of nodes) {
      if (node.type === 'assignment') this.assignment(node);
      else if (node.type === 'function_definition') {
        const parameters = childByField(node, 'parameters');
        for (const parameter of parameters ? namedChildren(parameters) : []) {
          const name = parameter.type === 'identifier' ? parameter : namedChildren(parameter)[0];
          if (name?.type === 'identifier') this.bindingOf(node).set(this.text(name), null);
        }
      } else {
        const target =
          node.type === 'for_statement' || node.type === 'for_in_clause'
            ? childByField(node, 'left')
            : node.type === 'augmented_assignment' || node.type === 'named_expression'
              ? (childByField(node, 'left') ?? childByField(node, 'name'))
              : node.type === 'as_pattern'
                ? childByField(node, 'alias')
                : undefined;
        if (target?.type === 'attribute') this.assignedAttributes.add(this.text(target));
        if (target) this.other(node, target);
      }
    }
  }

  /** The module class `name` holds an instance of where `at` reads it, or undefined. */
  classOf(name: string, at: PlainNode): string | undefined {
    const call = this.callOf(name, at);
    const constructor = call ? childByField(call, 'function') : undefined;
    return constructor ? this.text(constructor) : undefined;
  }

  /** The instance `name` holds where `at` reads it: the class's one definition and the constructor call. */
  instanceAt(name: string, at: PlainNode): BoundInstance | undefined {
    const call = this.callOf(name, at);
    const className = this.classOf(name, at);
    const owner = className === undefined ? undefined : this.classes.get(className);
    return call && owner ? { owner, call } : undefined;
  }

  /** `CryptoConfig()` itself: a fresh instance of the module's class. */
  constructed(call: PlainNode): BoundInstance | undefined {
    const constructor = call.type === 'call' ? childByField(call, 'function') : undefined;
    const owner = constructor?.type === 'identifier' ? this.classes.get(this.text(constructor)) : undefined;
    return owner ? { owner, call } : undefined;
  }

  /** Whether any statement assigns `obj.attr` (by its text). */
  assignsAttribute(text: string): boolean {
    return this.assignedAttributes.has(text);
  }

  private callOf(name: string, at: PlainNode): PlainNode | undefined {
    for (let scope = scopeOf(at); scope; scope = scopeOf(scope)) {
      const bound = this.scopes.get(scope)?.get(name);
      if (bound !== undefined) return bound ?? undefined;
      if (scope.type === 'module') break;
    }
    return undefined;
  }

  private bindingOf(scope: PlainNode): ScopeBindings {
    let bindings = this.scopes.get(scope);
    if (!bindings) {
      bindings = new Map();
      this.scopes.set(scope, bindings);
    }
    return bindings;
  }

  private assignment(node: PlainNode): void {
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    if (!left) return;
    if (left.type === 'attribute') this.assignedAttributes.add(this.text(left));
    const scope = scopeOf(node);
    if (!scope || insideClassBody(node, scope)) return;
    const constructor = right?.type === 'call' ? childByField(right, 'function') : undefined;
    const className = constructor?.type === 'identifier' ? this.text(constructor) : undefined;
    if (left.type === 'identifier' && className !== undefined && this.classes.has(className)) {
      const bindings = this.bindingOf(scope);
      const name = this.text(left);
      bindings.set(name, bindings.has(name) || !right ? null : right);
      return;
    }
    this.other(node, left);
  }

  private other(node: PlainNode, target: PlainNode): void {
    const scope = scopeOf(node);
    if (!scope || insideClassBody(node, scope)) return;
    const bindings = this.bindingOf(scope);
    for (const name of boundNames(target)) bindings.set(this.text(name), null);
  }
}

/** The names of the classes the module defines at any depth. */
function moduleClasses(nodes: readonly PlainNode[], text: (node: PlainNode) => string): Map<string, PlainNode | null> {
  const classes = new Map<string, PlainNode | null>();
  for (const node of nodes) {
    const name = node.type === 'class_definition' ? childByField(node, 'name') : undefined;
    if (name) classes.set(text(name), classes.has(text(name)) ? null : node);
  }
  return classes;
}
