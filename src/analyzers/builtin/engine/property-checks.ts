// The properties a class declares (`@property` / `@cached_property` getters, `@<name>.setter` setters), read from the
// class body so validation-sites.ts can summarize what a read of `obj.<name>` proves: the getter runs at every read,
// so what holds for its returned value holds for the read; a setter runs at every assignment of the property
// (`__init__`'s `self.name = name` included), so what it proved of the value it stores holds for that backing
// attribute — but only while nothing else writes the attribute (`self._name = raw` elsewhere bypasses the setter).
// Pure: syntax in, facts out.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';

type Text = (node: PlainNode) => string;

export interface PropertySetter {
  readonly definition: PlainNode;
  /** The setter's instance parameter (`self`) and the parameter the assigned value arrives in. */
  readonly self: string;
  readonly value: string;
}

export interface PropertyCheck {
  readonly field: string;
  readonly getter: PlainNode;
  readonly self: string;
  /** The attributes the getter reads of its instance (`self._name` → `_name`). */
  readonly reads: readonly string[];
  readonly setter?: PropertySetter;
  /** The getter's attributes no code but the setter writes: what the setter stored is what the getter reads. */
  readonly stored: readonly string[];
}

const getterDecorator = /^@\s*((functools\.)?cached_property|property)\s*$/;

/** A definition's named parameters, in order (`*args` and `**kwargs` are not one value each). */
export function parameterNames(definition: PlainNode, text: Text): string[] {
  const parameters = childByField(definition, 'parameters');
  return (parameters ? namedChildren(parameters) : []).flatMap((parameter) => {
    const name =
      parameter.type === 'identifier'
        ? parameter
        : namedChildren(parameter).find((child) => child.type === 'identifier');
    return name && parameter.type !== 'list_splat_pattern' && parameter.type !== 'dictionary_splat_pattern'
      ? [text(name)]
      : [];
  });
}

/** Every `<self>.<attribute>` the function reads or writes, by attribute name. */
function instanceAttributes(definition: PlainNode, self: string, text: Text): string[] {
  const found = new Set<string>();
  const stack = [definition];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'attribute') {
      const object = childByField(node, 'object');
      const attribute = childByField(node, 'attribute');
      if (object?.type === 'identifier' && text(object) === self && attribute) found.add(text(attribute));
    }
    stack.push(...node.children);
  }
  return [...found];
}

/** The attribute names a module writes (`x.a = …`, `x.a += …`, `x.a, y = …`, `setattr(x, "a", …)`), each with where. */
export function attributeWrites(root: PlainNode, text: Text): Map<string, PlainNode[]> {
  const writes = new Map<string, PlainNode[]>();
  const add = (name: string, node: PlainNode): void => {
    writes.set(name, [...(writes.get(name) ?? []), node]);
  };
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    stack.push(...node.children);
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const targets = [childByField(node, 'left')];
      while (targets.length > 0) {
        const target = targets.pop();
        if (!target) continue;
        if (target.type === 'attribute') add(text(childByField(target, 'attribute') ?? target), target);
        else if (/^(pattern_list|tuple_pattern|list_pattern|tuple|list)$/.test(target.type))
          targets.push(...namedChildren(target));
      }
    } else if (node.type === 'call' && text(childByField(node, 'function') ?? node) === 'setattr') {
      const name = namedChildren(childByField(node, 'arguments') ?? node)[1];
      // A computed attribute name could be any attribute: it counts as a write of each.
      add(name?.type === 'string' ? text(name).replace(/^[rbuf]*['"]+|['"]+$/gi, '') : '*', node);
    }
  }
  return writes;
}

function inside(node: PlainNode, container: PlainNode): boolean {
  return node.start >= container.start && node.end <= container.end;
}

/** The properties a class body declares, with what their getters read and which of those only the setter writes. */
export function classProperties(
  classNode: PlainNode,
  writes: () => ReadonlyMap<string, readonly PlainNode[]>,
  text: Text,
): PropertyCheck[] {
  const body = childByField(classNode, 'body');
  const getters = new Map<string, PlainNode>();
  const setters = new Map<string, PlainNode>();
  for (const member of body ? namedChildren(body) : []) {
    if (member.type !== 'decorated_definition') continue;
    const definition = childByField(member, 'definition');
    if (definition?.type !== 'function_definition') continue;
    const name = text(childByField(definition, 'name') ?? definition);
    for (const decorator of member.children.filter((child) => child.type === 'decorator')) {
      const written = text(decorator).trim();
      if (getterDecorator.test(written)) getters.set(name, definition);
      else if (written.replace(/\s+/g, '') === `@${name}.setter`) setters.set(name, definition);
    }
  }
  return [...getters].flatMap(([field, getter]) => {
    const self = parameterNames(getter, text)[0];
    if (self === undefined) return [];
    const reads = instanceAttributes(getter, self, text);
    const definition = setters.get(field);
    const [setterSelf, value] = definition ? parameterNames(definition, text) : [];
    const setter =
      definition && setterSelf !== undefined && value !== undefined
        ? { definition, self: setterSelf, value }
        : undefined;
    const anyWrites = setter ? (writes().get('*') ?? []) : [];
    const stored = setter
      ? reads.filter((attribute) =>
          [...(writes().get(attribute) ?? []), ...anyWrites].every((write) => inside(write, setter.definition)),
        )
      : [];
    return [{ field, getter, self, reads, ...(setter ? { setter } : {}), stored }];
  });
}
