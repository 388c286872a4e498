// Values a type fixes to the program's own choices. An Enum lookup (`Mode(text)`) returns one of the class's members
// or raises ValueError, so its result is never the caller's text. A FastAPI handler's parameter annotated
// `Literal["a", "b"]`, with an Enum of this module, or as a number is validated and converted by the framework before
// the handler runs (a 422 answer otherwise); so is a field of a pydantic model parameter annotated that way. Flask,
// Django and plain Python do not enforce annotations, so only FastAPI handlers get the parameter rule.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';

type Text = (node: PlainNode) => string;

const enumBases = /^(enum\.)?(Enum|IntEnum|StrEnum|Flag|IntFlag)$/;
const modelBases = /^(pydantic\.)?BaseModel$/;
const numericAnnotations =
  /^(int|float|bool|uuid\.UUID|UUID|Decimal|decimal\.Decimal|date|datetime|datetime\.date|datetime\.datetime)$/;

/** `Optional[X]`, `X | None` and `Annotated[X, ...]` admit what X admits (and None). */
function unwrapAnnotation(written: string): string {
  let current = written.replace(/\s+/g, ' ').trim();
  for (let changed = true; changed; ) {
    const before = current;
    current = current
      .replace(/^(typing\.)?Optional\[(.*)\]$/, '$2')
      .replace(/^(typing\.)?Annotated\[([^,[\]]+(?:\[[^\]]*\])?),.*\]$/, '$2')
      .replace(/^(.*?) ?\| ?None$/, '$1')
      .replace(/^None ?\| ?(.*)$/, '$1')
      .trim();
    changed = current !== before;
  }
  return current;
}

interface ModuleTypes {
  readonly enums: ReadonlySet<string>;
  /** Per pydantic model class of the module, the fields its annotations fix (Literal, a local Enum, a number). */
  readonly models: ReadonlyMap<string, ReadonlySet<string>>;
  readonly fastapi: boolean;
}

const cache = new WeakMap<PlainNode, ModuleTypes>();

function moduleRoot(node: PlainNode): PlainNode {
  let current = node;
  while (current.parent) current = current.parent;
  return current;
}

function topLevelClasses(root: PlainNode): PlainNode[] {
  return namedChildren(root)
    .map((statement) => (statement.type === 'decorated_definition' ? childByField(statement, 'definition') : statement))
    .filter((statement): statement is PlainNode => statement?.type === 'class_definition');
}

function baseNames(classNode: PlainNode, text: Text): string[] {
  const bases = childByField(classNode, 'superclasses');
  return bases ? namedChildren(bases).map((base) => text(base)) : [];
}

function bodyStatements(classNode: PlainNode): PlainNode[] {
  const body = childByField(classNode, 'body');
  return body ? namedChildren(body) : [];
}

/** A class body defining `_missing_` may map unknown input to anything; its lookups are not constant. */
function definesMissing(classNode: PlainNode, text: Text): boolean {
  return bodyStatements(classNode).some((statement) => {
    const definition = statement.type === 'decorated_definition' ? childByField(statement, 'definition') : statement;
    const name = definition?.type === 'function_definition' ? childByField(definition, 'name') : undefined;
    return name !== undefined && text(name) === '_missing_';
  });
}

/** `Literal["a", 1]` of literals only, a local Enum, or a numeric type. */
export function fixesValue(annotation: PlainNode | undefined, enums: ReadonlySet<string>, text: Text): boolean {
  if (!annotation) return false;
  const written = unwrapAnnotation(text(annotation));
  if (numericAnnotations.test(written) || enums.has(written)) return true;
  const literal = /^(typing\.|typing_extensions\.)?Literal\[(.*)\]$/s.exec(written);
  if (!literal) return false;
  return (literal[2] ?? '')
    .split(',')
    .map((item) => item.trim())
    .every((item) => /^(-?\d+|'[^'\\]*'|"[^"\\]*"|True|False|None)$/.test(item));
}

function moduleTypes(root: PlainNode, text: Text): ModuleTypes {
  const known = cache.get(root);
  if (known) return known;
  const classes = topLevelClasses(root);
  const enums = new Set<string>();
  const models = new Set<string>();
  // Subclasses of this module's own enums and models count too; a few passes reach any chain a module writes.
  for (let pass = 0; pass < 4; pass++)
    for (const classNode of classes) {
      const name = childByField(classNode, 'name');
      if (!name) continue;
      const bases = baseNames(classNode, text);
      if (bases.some((base) => enumBases.test(base) || enums.has(base)) && !definesMissing(classNode, text))
        enums.add(text(name));
      if (bases.some((base) => modelBases.test(base) || models.has(base))) models.add(text(name));
    }
  const fields = new Map<string, Set<string>>();
  for (const classNode of classes) {
    const name = childByField(classNode, 'name');
    if (!name || !models.has(text(name))) continue;
    const fixed = new Set<string>();
    for (const statement of bodyStatements(classNode)) {
      const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
      const left = assignment?.type === 'assignment' ? childByField(assignment, 'left') : undefined;
      if (left?.type === 'identifier' && fixesValue(childByField(assignment ?? left, 'type'), enums, text))
        fixed.add(text(left));
    }
    fields.set(text(name), fixed);
  }
  const imports = namedChildren(root).filter(
    (statement) => statement.type === 'import_statement' || statement.type === 'import_from_statement',
  );
  const fastapi = imports.some((statement) => /^(from|import)\s+fastapi\b/.test(text(statement)));
  const flask = imports.some((statement) => /^(from|import)\s+flask\b/.test(text(statement)));
  const types: ModuleTypes = { enums, models: fields, fastapi: fastapi && !flask };
  cache.set(root, types);
  return types;
}

/** The module's own Enum classes (without `_missing_`). */
export function localEnums(node: PlainNode, text: Text): ReadonlySet<string> {
  return moduleTypes(moduleRoot(node), text).enums;
}

/** A FastAPI application (and no Flask): its handlers' annotated parameters are validated by the framework. */
export function servesFastApi(node: PlainNode, text: Text): boolean {
  return moduleTypes(moduleRoot(node), text).fastapi;
}

/** `Mode(value)` for an Enum class of this module: one of its members, or ValueError. */
export function isEnumLookup(call: PlainNode, text: Text): boolean {
  const callee = childByField(call, 'function');
  return callee?.type === 'identifier' && moduleTypes(moduleRoot(call), text).enums.has(text(callee));
}

/**
 * The names a FastAPI handler starts with that hold no caller text: parameters whose annotation fixes the value, and
 * `param.field` for the fixed fields of a pydantic model parameter.
 */
export function fixedHandlerValues(definition: PlainNode, text: Text): string[] {
  const types = moduleTypes(moduleRoot(definition), text);
  if (!types.fastapi) return [];
  const parameters = childByField(definition, 'parameters');
  const fixed: string[] = [];
  for (const parameter of parameters ? namedChildren(parameters) : []) {
    if (parameter.type !== 'typed_parameter' && parameter.type !== 'typed_default_parameter') continue;
    const name =
      childByField(parameter, 'name') ?? namedChildren(parameter).find((child) => child.type === 'identifier');
    const annotation = childByField(parameter, 'type');
    if (!name || !annotation) continue;
    if (fixesValue(annotation, types.enums, text)) fixed.push(text(name));
    for (const field of types.models.get(text(annotation).trim()) ?? []) fixed.push(`${text(name)}.${field}`);
  }
  return fixed;
}
