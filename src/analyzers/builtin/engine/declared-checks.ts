// Checks a class declares for its fields, read from the class body: pydantic models (`constr(pattern=)`,
// `Field(pattern=)`, `Annotated[str, StringConstraints(pattern=)]`, `Literal[...]`), marshmallow schemas
// (`fields.Str(validate=OneOf([...]) / Regexp(...))`), WTForms forms (`validators=[AnyOf, Regexp]`, a SelectField's
// choices), Django forms (`RegexField`, `ChoiceField`, `RegexValidator`), and dataclasses; plus the methods that check
// a field in code (`@field_validator`, `@validator`, `@validates`, `validate_<field>`, `clean_<field>`,
// `__post_init__`, `@model_validator(mode="after")`), which validation-sites.ts summarizes. A declared pattern counts
// exactly as the same pattern applied inline would (guards.ts `patternCheckMask`), by the library's own matching:
// pydantic 2's `pattern` and Django's RegexValidator search, pydantic 1's `regex`, marshmallow's and WTForms' Regexp
// match from the start. Pure: syntax in, facts out.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { allSinks } from '../taint.js';
import { mask } from './guard-subjects.js';
import { patternCheckMask } from './guards.js';
import { pythonStringValue } from './line-break-removal.js';
import { attributeWrites, classProperties, parameterNames, type PropertyCheck } from './property-checks.js';
import { fixesValue, localEnums } from './typed-values.js';

type Text = (node: PlainNode) => string;

/** How instances are checked and how a field's value is read back. */
export type CheckedKind = 'model' | 'dataclass' | 'schema' | 'wtform' | 'django-form' | 'object';

/** A method that checks fields in code: it returns the field's new value, or raises on a bad one. */
export interface MethodCheck {
  readonly definition: PlainNode;
  /** `returns`: the field becomes what it returns (field_validator, clean_<field>); `raises`: it only checks. */
  readonly style: 'returns' | 'raises';
  /** The name the checked value is read under inside the method (`value`, `field.data`, `self.label`,
   * `self.cleaned_data["name"]`), per field. */
  readonly subjects: ReadonlyMap<string, string>;
}

export interface CheckedClass {
  readonly name: string;
  readonly kind: CheckedKind;
  readonly fields: readonly string[];
  /** Sink kinds a field's declaration proves it safe for (0: no constraint). */
  readonly declared: ReadonlyMap<string, number>;
  readonly methods: readonly MethodCheck[];
  /** Its properties (property-checks.ts): a read of `obj.<field>` is what the getter returns. */
  readonly properties: readonly PropertyCheck[];
  /** A Flask-WTF form: built without data, it reads the request's form itself. */
  readonly readsRequest: boolean;
}

const modelBases = /^(pydantic\.)?BaseModel$/;
const schemaBases = /^(marshmallow\.|ma\.)?Schema$/;
const wtformBases = /^(wtforms\.|flask_wtf\.)?(Form|FlaskForm|BaseForm)$/;
const djangoBases = /^(django\.)?forms\.(Form|ModelForm)$/;
/** Field types that convert to a number, a date or a UUID: no text survives. */
const convertingFields =
  /(^|\.)(Int|Integer|Float|Decimal|Bool|Boolean|UUID|Date|DateTime|Time|IntegerField|FloatField|DecimalField|BooleanField|UUIDField|DateField|DateTimeField|TimeField)$/;

function statementsOf(classNode: PlainNode): PlainNode[] {
  const body = childByField(classNode, 'body');
  return body ? namedChildren(body) : [];
}

function definitionOf(statement: PlainNode): PlainNode | undefined {
  return statement.type === 'decorated_definition' ? childByField(statement, 'definition') : statement;
}

function decoratorsOf(statement: PlainNode): PlainNode[] {
  return statement.type === 'decorated_definition'
    ? statement.children.filter((child) => child.type === 'decorator')
    : [];
}

function stringValue(node: PlainNode | undefined, text: Text): string | undefined {
  return node?.type === 'string' ? pythonStringValue(text(node)) : undefined;
}

function argumentList(call: PlainNode): PlainNode[] {
  const list = childByField(call, 'arguments');
  return list ? namedChildren(list) : [];
}

function keyword(call: PlainNode, name: string, text: Text): PlainNode | undefined {
  for (const argument of argumentList(call)) {
    if (argument.type !== 'keyword_argument') continue;
    const key = childByField(argument, 'name');
    if (key && text(key) === name) return childByField(argument, 'value');
  }
  return undefined;
}

function positional(call: PlainNode, index: number): PlainNode | undefined {
  return argumentList(call).filter((argument) => argument.type !== 'keyword_argument')[index];
}

function calleeText(call: PlainNode, text: Text): string {
  const callee = childByField(call, 'function');
  return callee ? text(callee) : '';
}

/** The last dotted part of a callee: `validate.OneOf` → `OneOf`. */
function calleeTail(call: PlainNode, text: Text): string {
  const name = calleeText(call, text);
  return name.slice(name.lastIndexOf('.') + 1);
}

/** `["a", "b"]`, `("a", "b")`, `{"a"}`, or choices `[("a", "A"), ...]`: every value a literal. */
function literalChoices(node: PlainNode | undefined, text: Text, pairs: boolean): boolean {
  if (!node || !['list', 'tuple', 'set'].includes(node.type)) return false;
  const items = namedChildren(node);
  return (
    items.length > 0 &&
    items.every((item) => {
      const value = pairs && item.type === 'tuple' ? namedChildren(item)[0] : item;
      return value !== undefined && (stringValue(value, text) !== undefined || value.type === 'integer');
    })
  );
}

function patternMask(node: PlainNode | undefined, method: 'match' | 'search', text: Text): number {
  const pattern = stringValue(node, text);
  return pattern === undefined ? 0 : patternCheckMask(pattern, method);
}

/** A pydantic constraint call: `constr(pattern=)` / `constr(regex=)`, `Field(pattern=)`, `StringConstraints(...)`. */
function pydanticConstraint(call: PlainNode, text: Text): number {
  if (!/^(constr|Field|StringConstraints)$/.test(calleeTail(call, text))) return 0;
  return (
    patternMask(keyword(call, 'pattern', text), 'search', text) |
    patternMask(keyword(call, 'regex', text), 'match', text)
  );
}

/** A pydantic annotation: Literal / local Enum / number, `constr(...)`, `Annotated[T, constraint, ...]`, or a module
 * alias of one (`Slug = Annotated[str, StringConstraints(pattern=...)]`). */
function annotationMask(
  annotation: PlainNode | undefined,
  aliases: ReadonlyMap<string, PlainNode>,
  enums: ReadonlySet<string>,
  text: Text,
): number {
  let node = annotation;
  if (node?.type === 'type') node = namedChildren(node)[0] ?? node;
  for (let hops = 0; node?.type === 'identifier' && hops < 3; hops++) node = aliases.get(text(node)) ?? undefined;
  if (!node) return 0;
  if (fixesValue(node, enums, text)) return allSinks;
  if (node.type === 'call') return pydanticConstraint(node, text);
  if (
    node.type === 'subscript' &&
    /^(typing\.|typing_extensions\.)?Annotated$/.test(text(childByField(node, 'value') ?? node))
  ) {
    const [first, ...metadata] = namedChildren(node).slice(1);
    let found = first ? annotationMask(first, aliases, enums, text) : 0;
    for (const item of metadata) if (item.type === 'call') found |= pydanticConstraint(item, text);
    return found;
  }
  return 0;
}

/** marshmallow `validate=` / WTForms and Django `validators=`: one validator or a list; every one must pass. */
function validatorMask(node: PlainNode | undefined, text: Text, regexMethod: 'match' | 'search'): number {
  if (!node) return 0;
  const calls = node.type === 'list' || node.type === 'tuple' ? namedChildren(node) : [node];
  let found = 0;
  for (const call of calls) {
    if (call.type !== 'call') continue;
    const tail = calleeTail(call, text);
    if (tail === 'OneOf' || tail === 'AnyOf') {
      if (
        literalChoices(
          positional(call, 0) ?? keyword(call, 'choices', text) ?? keyword(call, 'values', text),
          text,
          false,
        )
      )
        found |= mask('allow-list');
    } else if (tail === 'Regexp' || tail === 'RegexValidator') {
      found |= patternMask(
        positional(call, 0) ?? keyword(call, 'regex', text),
        tail === 'RegexValidator' ? 'search' : regexMethod,
        text,
      );
    }
  }
  return found;
}

/** A field declared by a call: `fields.Str(validate=...)`, `StringField(validators=[...])`, `forms.RegexField(...)`. */
function fieldCallMask(kind: CheckedKind, call: PlainNode, text: Text): number {
  const tail = calleeTail(call, text);
  if (convertingFields.test(tail)) return allSinks;
  if (kind === 'schema') return validatorMask(keyword(call, 'validate', text), text, 'match');
  if (kind === 'wtform') {
    let found = validatorMask(keyword(call, 'validators', text), text, 'match');
    // SelectField / RadioField reject a value outside their choices in validate() unless told not to.
    const unchecked = text(keyword(call, 'validate_choice', text) ?? call) === 'False';
    if (
      /^(SelectField|RadioField)$/.test(tail) &&
      !unchecked &&
      literalChoices(keyword(call, 'choices', text), text, true)
    )
      found |= mask('allow-list');
    return found;
  }
  if (kind === 'django-form') {
    let found = validatorMask(keyword(call, 'validators', text), text, 'search');
    if (tail === 'RegexField')
      found |= patternMask(positional(call, 0) ?? keyword(call, 'regex', text), 'search', text);
    if (tail === 'SlugField') found |= mask('full-match');
    if (
      /^(ChoiceField|TypedChoiceField)$/.test(tail) &&
      literalChoices(keyword(call, 'choices', text) ?? positional(call, 0), text, true)
    )
      found |= mask('allow-list');
    return found;
  }
  return 0;
}

function classKind(
  statement: PlainNode,
  classNode: PlainNode,
  known: ReadonlyMap<string, CheckedKind>,
  text: Text,
): CheckedKind | undefined {
  const bases = childByField(classNode, 'superclasses');
  for (const base of bases ? namedChildren(bases) : []) {
    const written = text(base);
    const inherited = known.get(written);
    if (inherited) return inherited;
    if (modelBases.test(written)) return 'model';
    if (schemaBases.test(written)) return 'schema';
    if (djangoBases.test(written)) return 'django-form';
    if (wtformBases.test(written)) return 'wtform';
  }
  if (decoratorsOf(statement).some((decorator) => /^@\s*(dataclasses\.)?dataclass\b/.test(text(decorator))))
    return 'dataclass';
  return undefined;
}

/** The string arguments of a decorator call: `@field_validator("a", "b", mode="after")` → a, b. */
function decoratorFields(decorator: PlainNode, text: Text): string[] {
  const call = namedChildren(decorator)[0];
  if (call?.type !== 'call') return [];
  return argumentList(call).flatMap((argument) => {
    const value = stringValue(argument, text);
    return value === undefined ? [] : [value];
  });
}

function methodCheck(
  kind: CheckedKind,
  statement: PlainNode,
  fields: readonly string[],
  text: Text,
): MethodCheck | undefined {
  const definition = definitionOf(statement);
  if (definition?.type !== 'function_definition') return undefined;
  const name = text(childByField(definition, 'name') ?? definition);
  const parameters = parameterNames(definition, text);
  const decorators = decoratorsOf(statement).map((decorator) => ({ decorator, written: text(decorator) }));
  const each = (names: readonly string[], subject: (field: string) => string): Map<string, string> =>
    new Map(names.filter((field) => fields.includes(field)).map((field) => [field, subject(field)]));
  if (kind === 'model') {
    const fieldValidator = decorators.find(({ written }) =>
      /^@\s*(pydantic\.)?(field_validator|validator)\s*\(/.test(written),
    );
    const value = parameters.find((parameter) => parameter !== 'cls' && parameter !== 'self');
    if (fieldValidator && value) {
      const named = decoratorFields(fieldValidator.decorator, text);
      return { definition, style: 'returns', subjects: each(named.includes('*') ? fields : named, () => value) };
    }
    if (
      decorators.some(({ written }) =>
        /^@\s*(pydantic\.)?model_validator\s*\(\s*mode\s*=\s*['"]after['"]/.test(written),
      )
    )
      return { definition, style: 'raises', subjects: each(fields, (field) => `${parameters[0] ?? 'self'}.${field}`) };
    return undefined;
  }
  if (kind === 'dataclass' && name === '__post_init__')
    return { definition, style: 'raises', subjects: each(fields, (field) => `${parameters[0] ?? 'self'}.${field}`) };
  if (kind === 'schema') {
    const validates = decorators.find(({ written }) => /^@\s*(marshmallow\.)?validates\s*\(/.test(written));
    const value = parameters[1];
    return validates && value
      ? { definition, style: 'raises', subjects: each(decoratorFields(validates.decorator, text), () => value) }
      : undefined;
  }
  const own = /^(validate|clean)_(\w+)$/.exec(name);
  if (kind === 'wtform' && own?.[1] === 'validate' && own[2] && parameters[1])
    return { definition, style: 'raises', subjects: each([own[2]], () => `${parameters[1] ?? 'field'}.data`) };
  if (kind === 'django-form' && own?.[1] === 'clean' && own[2])
    return {
      definition,
      style: 'returns',
      subjects: each([own[2]], (field) => `${parameters[0] ?? 'self'}.cleaned_data["${field}"]`),
    };
  return undefined;
}

/** The field a class-body statement declares: `f: T`, `f: T = default`, `f = fields.Str(...)`. */
function declaredField(
  statement: PlainNode,
  text: Text,
): { name: string; annotation?: PlainNode; value?: PlainNode } | undefined {
  const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
  if (assignment?.type !== 'assignment') return undefined;
  const left = childByField(assignment, 'left');
  if (left?.type !== 'identifier') return undefined;
  const annotation = childByField(assignment, 'type');
  const value = childByField(assignment, 'right');
  return { name: text(left), ...(annotation ? { annotation } : {}), ...(value ? { value } : {}) };
}

/** Every checked class at the module's top level, by name. */
export function checkedClasses(root: PlainNode, text: Text): Map<string, CheckedClass> {
  const aliases = new Map<string, PlainNode>();
  for (const statement of namedChildren(root)) {
    const field = declaredField(statement, text);
    if (field?.value && !field.annotation) aliases.set(field.name, field.value);
  }
  const enums = localEnums(root, text);
  const kinds = new Map<string, CheckedKind>();
  const classes = new Map<string, CheckedClass>();
  let writes: Map<string, PlainNode[]> | undefined;
  const moduleWrites = (): Map<string, PlainNode[]> => (writes ??= attributeWrites(root, text));
  for (const statement of namedChildren(root)) {
    const classNode = definitionOf(statement);
    if (classNode?.type !== 'class_definition') continue;
    const name = text(childByField(classNode, 'name') ?? classNode);
    const properties = classProperties(classNode, moduleWrites, text);
    // A plain class is checked only through its properties: their getters run at every read.
    const kind = classKind(statement, classNode, kinds, text) ?? (properties.length > 0 ? 'object' : undefined);
    if (!kind) continue;
    kinds.set(name, kind);
    const inherited = [...(childByField(classNode, 'superclasses')?.children ?? [])].flatMap(
      (base) => classes.get(text(base))?.fields ?? [],
    );
    const fields = [...inherited];
    const declared = new Map<string, number>();
    for (const base of namedChildren(childByField(classNode, 'superclasses') ?? classNode))
      for (const [field, found] of classes.get(text(base))?.declared ?? []) declared.set(field, found);
    for (const member of statementsOf(classNode)) {
      const field = declaredField(member, text);
      if (!field) continue;
      let found = 0;
      if (kind === 'model' || kind === 'dataclass') {
        if (!field.annotation) continue;
        if (kind === 'model') {
          found = annotationMask(field.annotation, aliases, enums, text);
          if (field.value?.type === 'call') found |= pydanticConstraint(field.value, text);
        }
      } else {
        if (field.value?.type !== 'call') continue;
        found = fieldCallMask(kind, field.value, text);
      }
      if (!fields.includes(field.name)) fields.push(field.name);
      declared.set(field.name, found);
    }
    for (const property of properties) if (!fields.includes(property.field)) fields.push(property.field);
    const methods = statementsOf(classNode).flatMap((member) => {
      const check = methodCheck(kind, member, fields, text);
      return check && check.subjects.size > 0 ? [check] : [];
    });
    const bases = namedChildren(childByField(classNode, 'superclasses') ?? classNode).map((base) => text(base));
    const readsRequest = bases.some(
      (base) => /^(flask_wtf\.)?FlaskForm$/.test(base) || classes.get(base)?.readsRequest,
    );
    classes.set(name, { name, kind, fields, declared, methods, properties, readsRequest });
  }
  return classes;
}
