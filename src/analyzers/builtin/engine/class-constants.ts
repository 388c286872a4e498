// Class-level constants read through the instance: `self.ALLOWED` in a method of a class whose body says
// `ALLOWED = ("ls", "date")`. Python looks the attribute up on the instance first, then on the class, so the read is
// the class's literal unless the class ever assigns or mutates that attribute (`self.ALLOWED = …`,
// `self.ALLOWED.add(…)`), in which case it is not treated as constant. The same holds outside the class for a name
// bound once to an instance (`config = CryptoConfig()`; `config.IV`), unless the module assigns `config.IV`; for a
// dataclass or NamedTuple the class body's `iv: bytes = b"…"` is a field's default, constant only when the
// constructor call does not pass that field (by position in field order, or by keyword).
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { constantExpression, type ConstantContext } from './constants.js';
import type { FunctionInfo } from './functions.js';
import type { BoundInstance, InstanceBindings } from './instance-bindings.js';

const mutators = new Set(['add', 'append', 'extend', 'update', 'insert', 'setdefault', '__setitem__']);

/** The class a function is a method of: its definition sits directly in the class body. */
function enclosingClass(method: PlainNode): PlainNode | undefined {
  const holder = method.parent?.type === 'decorated_definition' ? method.parent : method;
  const block = holder.parent;
  return block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : undefined;
}

/** Names the class body binds to constant expressions and nothing in the class rebinds or mutates. */
function constantClassAttributes(classNode: PlainNode, context: ConstantContext): Set<string> {
  const body = childByField(classNode, 'body');
  const constants = new Set<string>();
  for (const statement of body ? namedChildren(body) : []) {
    const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = childByField(assignment, 'left');
    const right = childByField(assignment, 'right');
    if (left?.type === 'identifier' && right && constantExpression(right, context)) constants.add(context.text(left));
  }
  if (constants.size === 0) return constants;
  const stack = body ? [...namedChildren(body)] : [];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    stack.push(...namedChildren(node));
    let touched: PlainNode | undefined;
    if (node.type === 'assignment' || node.type === 'augmented_assignment') touched = childByField(node, 'left');
    else if (node.type === 'call') {
      const callee = childByField(node, 'function');
      const method = callee?.type === 'attribute' ? childByField(callee, 'attribute') : undefined;
      if (method && mutators.has(context.text(method))) touched = childByField(callee ?? node, 'object');
    }
    const attribute = touched?.type === 'attribute' ? childByField(touched, 'attribute') : undefined;
    if (attribute) constants.delete(context.text(attribute));
  }
  return constants;
}

const cache = new WeakMap<PlainNode, Set<string>>();

function constantsOf(classNode: PlainNode, context: ConstantContext): Set<string> {
  let constants = cache.get(classNode);
  if (!constants) {
    constants = constantClassAttributes(classNode, context);
    cache.set(classNode, constants);
  }
  return constants;
}

/** A dataclass (`@dataclass`, `@dataclasses.dataclass(...)`) or a NamedTuple: annotated class-body names are fields
 * the constructor takes, in order. */
function fieldsOf(classNode: PlainNode, context: ConstantContext): string[] | undefined {
  const decorated = classNode.parent?.type === 'decorated_definition' ? classNode.parent : undefined;
  const decorators = decorated ? context.text(decorated).slice(0, classNode.start - decorated.start) : '';
  const bases = childByField(classNode, 'superclasses');
  if (!/@(dataclasses\.)?dataclass\b/.test(decorators) && !/\bNamedTuple\b/.test(bases ? context.text(bases) : ''))
    return undefined;
  const body = childByField(classNode, 'body');
  return (body ? namedChildren(body) : []).flatMap((statement) => {
    const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    const left =
      assignment?.type === 'assignment' && childByField(assignment, 'type')
        ? childByField(assignment, 'left')
        : undefined;
    return left?.type === 'identifier' ? [context.text(left)] : [];
  });
}

/** Whether the constructor call passes the field (positionally, by its place among the fields, or by keyword). */
function passesField(call: PlainNode, fields: readonly string[], field: string, context: ConstantContext): boolean {
  const args = childByField(call, 'arguments');
  const values = args ? namedChildren(args) : [];
  if (values.some((value) => value.type === 'list_splat' || value.type === 'dictionary_splat')) return true;
  const positional = values.filter((value) => value.type !== 'keyword_argument').length;
  if (fields.indexOf(field) < positional) return true;
  return values.some((value) => {
    const key = value.type === 'keyword_argument' ? childByField(value, 'name') : undefined;
    return key !== undefined && context.text(key) === field;
  });
}

/**
 * `self.NAME` / `cls.NAME` (the method's first parameter), `obj.NAME` on a name bound once to an instance of the
 * module's class, or `Cls().NAME`, naming a constant class attribute the instance does not override.
 */
export function isClassConstant(
  method: FunctionInfo | undefined,
  node: PlainNode,
  context: ConstantContext,
  instances: InstanceBindings,
): boolean {
  const object = childByField(node, 'object');
  const attribute = childByField(node, 'attribute');
  if (!object || !attribute) return false;
  const name = context.text(attribute);
  const fresh = object.type === 'call' ? instances.constructed(object) : undefined;
  if (fresh) return instanceConstant(fresh, name, context);
  if (object.type !== 'identifier') return false;
  if (method && context.text(object) === method.parameters[0]) {
    const classNode = enclosingClass(method.node);
    return classNode !== undefined && constantsOf(classNode, context).has(name);
  }
  const instance = instances.instanceAt(context.text(object), node);
  if (!instance || instances.assignsAttribute(context.text(node))) return false;
  return instanceConstant(instance, name, context);
}

/** The class's literal for `name`, unless the constructor call passes that dataclass/NamedTuple field. */
function instanceConstant(instance: BoundInstance, name: string, context: ConstantContext): boolean {
  if (!constantsOf(instance.owner, context).has(name)) return false;
  const fields = fieldsOf(instance.owner, context);
  return !(fields?.includes(name) && passesField(instance.call, fields, name, context));
}
