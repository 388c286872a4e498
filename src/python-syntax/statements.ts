// Locating "the statement on line N" and its enclosing scope: shared by fingerprints and every analyzer.
import type { SyntaxNode, SyntaxTree } from './parser.js';

const clauseTypes = new Set([
  'elif_clause',
  'else_clause',
  'except_clause',
  'except_group_clause',
  'finally_clause',
  'case_clause',
  'decorator',
]);

function isStatement(node: SyntaxNode): boolean {
  return (
    node.type.endsWith('_statement') ||
    node.type === 'function_definition' ||
    node.type === 'class_definition' ||
    clauseTypes.has(node.type)
  );
}

/** The innermost statement (or clause) covering a 1-based line, or undefined for blank/comment-only lines. */
export function statementAtLine(tree: SyntaxTree, line: number, lineText: string): SyntaxNode | undefined {
  const column = lineText.length - lineText.trimStart().length;
  let node: SyntaxNode | null = tree.rootNode.descendantForPosition({ row: line - 1, column });
  while (node && !isStatement(node)) node = node.parent;
  return node ?? undefined;
}

/** A compound statement's header only (`with open(p) as f:`), a simple statement whole. */
export function statementHeaderText(node: SyntaxNode): string {
  const body = node.namedChildren.find((child) => child.type === 'block');
  const end = body ? body.startIndex : node.endIndex;
  let text = node.text.slice(0, end - node.startIndex);
  for (const comment of node.descendantsOfType('comment')) {
    if (comment.endIndex <= end) text = text.replace(comment.text, '');
  }
  return text;
}

/** Names of enclosing functions and classes, outermost first, e.g. `Handler.get`. `<module>` at top level. */
export function enclosingScope(node: SyntaxNode | undefined): string {
  const names: string[] = [];
  for (let current = node?.parent ?? null; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'class_definition') {
      names.unshift(current.childForFieldName('name')?.text ?? '?');
    }
  }
  return names.length > 0 ? names.join('.') : '<module>';
}

export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition') return current;
  }
  return undefined;
}
