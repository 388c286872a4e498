// What a module's names refer to: `import x as y`, `from m import f as g`, and local names bound to calls
// (`con = ldap.initialize(...)` makes `con.search_s` read as `ldap.initialize().search_s`). Rules match on these
// qualified names, so aliases and import styles need no rule of their own.
import { childByField, namedChildren, type PlainNode } from '../../python-syntax/index.js';

export class SourceText {
  constructor(readonly text: string) {}
  of(node: PlainNode): string {
    return this.text.slice(node.start, node.end);
  }
}

/**
 * What `from m import *` binds, for the modules whose names the rules read: a star import hides where `request` or
 * `system` come from, and without it `from flask import *` would leave `request.args` an unknown name. Only names the
 * module's `__all__` (or, for Flask and Bottle, its documented top-level API) exports.
 */
export const starExports: ReadonlyMap<string, readonly string[]> = new Map([
  [
    'flask',
    ['request', 'redirect', 'make_response', 'Response', 'render_template', 'render_template_string', 'send_file'],
  ],
  ['bottle', ['request', 'response', 'redirect', 'template', 'static_file', 'route']],
  ['os', ['system', 'popen', 'remove', 'unlink', 'chmod', 'listdir', 'makedirs', 'environ', 'getenv']],
  ['subprocess', ['call', 'run', 'Popen', 'check_call', 'check_output', 'getoutput', 'getstatusoutput']],
  ['pickle', ['loads', 'load', 'dumps', 'dump']],
  ['hashlib', ['md5', 'sha1', 'sha256', 'sha512', 'new', 'pbkdf2_hmac']],
]);

function atModuleLevel(definition: PlainNode): boolean {
  const parent = definition.parent?.type === 'decorated_definition' ? definition.parent.parent : definition.parent;
  return parent?.type === 'module';
}

export function importAliases(nodes: readonly PlainNode[], source: SourceText): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const node of nodes) {
    // A module-level def or class after the import rebinds the name to the program's own code.
    if ((node.type === 'function_definition' || node.type === 'class_definition') && atModuleLevel(node)) {
      const name = childByField(node, 'name');
      if (name) aliases.delete(source.of(name));
    }
    if (node.type === 'import_statement') {
      for (const child of namedChildren(node)) {
        if (child.type === 'dotted_name') {
          const name = source.of(child);
          const head = name.split('.')[0] ?? name;
          aliases.set(head, head);
        } else if (child.type === 'aliased_import') {
          const name = childByField(child, 'name');
          const alias = childByField(child, 'alias');
          if (name && alias) aliases.set(source.of(alias), source.of(name));
        }
      }
    } else if (node.type === 'import_from_statement') {
      const moduleNode = childByField(node, 'module_name');
      const moduleName = moduleNode ? source.of(moduleNode).replace(/^\.+/, '') : '';
      for (const child of node.children) {
        if (child.type === 'wildcard_import')
          for (const name of starExports.get(moduleName) ?? []) aliases.set(name, `${moduleName}.${name}`);
        if (child.field !== 'name') continue;
        if (child.type === 'dotted_name') {
          const name = source.of(child);
          aliases.set(name, moduleName ? `${moduleName}.${name}` : name);
        } else if (child.type === 'aliased_import') {
          const name = childByField(child, 'name');
          const alias = childByField(child, 'alias');
          if (name && alias)
            aliases.set(source.of(alias), moduleName ? `${moduleName}.${source.of(name)}` : source.of(name));
        }
      }
    }
  }
  return aliases;
}

/** Resolves expressions to dotted names through imports and call bindings. */
export class NameResolver {
  constructor(
    private readonly source: SourceText,
    private readonly imports: ReadonlyMap<string, string>,
  ) {}

  /** `bindings` resolves local names to the qualified call they were assigned from (`cur` → `db.cursor()`).
   * Iterative: an attribute/call chain thousands of links long must not overflow the stack. */
  qualify(node: PlainNode, bindings?: (name: string) => string | undefined): string | undefined {
    // Walk down to the chain's head, remembering the suffix each link adds, then build the name outwards.
    const suffixes: string[] = [];
    let current: PlainNode | undefined = node;
    let head: string | undefined;
    while (current) {
      if (current.type === 'identifier') {
        const name = this.source.of(current);
        head = bindings?.(name) ?? this.imports.get(name) ?? name;
        break;
      }
      if (current.type === 'attribute') {
        const object = childByField(current, 'object');
        const attribute = childByField(current, 'attribute');
        if (!object || !attribute) return suffixes.length === 0 ? undefined : this.build('?', suffixes);
        suffixes.push(`.${this.source.of(attribute)}`);
        current = object;
        continue;
      }
      if (current.type === 'call') {
        suffixes.push('()');
        current = childByField(current, 'function');
        if (!current) head = '?';
        continue;
      }
      if (current.type === 'parenthesized_expression') {
        current = namedChildren(current)[0];
        continue;
      }
      // An unknown head: `?` inside a chain, nothing for the expression itself.
      if (suffixes.length === 0) return undefined;
      head = '?';
      break;
    }
    if (head === undefined) return suffixes.length === 0 ? undefined : this.build('?', suffixes);
    return this.build(head, suffixes);
  }

  private build(head: string, suffixes: readonly string[]): string {
    let name = head;
    for (let index = suffixes.length - 1; index >= 0; index--) name += suffixes[index] ?? '';
    return name;
  }
}

/** The last segment of a dotted name, without a trailing `()`. */
export function lastSegment(name: string): string {
  const parts = name.split('.');
  return parts[parts.length - 1] ?? name;
}
