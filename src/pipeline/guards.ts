// Candidate guards: reject repairs that quiet the analyzers without fixing anything. Pure functions over two code
// versions (parsed with tree-sitter, which tolerates errors, so a guard never throws on bad code).
import { parsePython, type SyntaxNode } from '../python-syntax/index.js';

export const guardViolationKinds = [
  'suppression-added',
  'function-removed',
  'body-stubbed',
  'statements-lost',
] as const;
export type GuardViolationKind = (typeof guardViolationKinds)[number];

export interface GuardViolation {
  readonly kind: GuardViolationKind;
  readonly detail: string;
}

export interface GuardVerdict {
  readonly passed: boolean;
  readonly violations: readonly GuardViolation[];
}

// Comments that silence an analyzer rather than fix the code.
const suppressionPattern =
  /#\s*(?:nosec|noqa|nosemgrep|lgtm|codeql\[|pylint:\s*disable|type:\s*ignore|fdsp:\s*ignore)/i;

interface FunctionShape {
  readonly name: string;
  readonly stub: boolean;
}

interface CodeShape {
  readonly suppressions: number;
  readonly statements: number;
  readonly functions: ReadonlyMap<string, FunctionShape>;
}

function isStatementNode(node: SyntaxNode): boolean {
  return node.type.endsWith('_statement') || node.type === 'function_definition' || node.type === 'class_definition';
}

function isDocstring(node: SyntaxNode): boolean {
  return node.type === 'expression_statement' && node.namedChildCount === 1 && node.namedChild(0)?.type === 'string';
}

/** A body that does nothing: only a docstring plus `pass`, `...` or `raise NotImplementedError`. */
function isStubBody(block: SyntaxNode | null): boolean {
  if (!block) return true;
  const statements = block.namedChildren.filter((child) => child.type !== 'comment' && !isDocstring(child));
  if (statements.length === 0) return true;
  return statements.every((statement) => {
    if (statement.type === 'pass_statement') return true;
    if (statement.type === 'expression_statement') return statement.text.trim() === '...';
    if (statement.type === 'raise_statement') return /^raise\s+NotImplementedError\b/.test(statement.text.trim());
    return false;
  });
}

function qualifiedName(node: SyntaxNode): string {
  const names: string[] = [];
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'class_definition') {
      names.unshift(current.childForFieldName('name')?.text ?? '?');
    }
  }
  return names.join('.');
}

export function codeShape(code: string): CodeShape {
  const tree = parsePython(code);
  let statements = 0;
  let suppressions = 0;
  const functions = new Map<string, FunctionShape>();
  const visit = (node: SyntaxNode): void => {
    if (node.type === 'comment' && suppressionPattern.test(node.text)) suppressions += 1;
    if (isStatementNode(node)) statements += 1;
    if (node.type === 'function_definition') {
      const name = qualifiedName(node);
      functions.set(name, { name, stub: isStubBody(node.childForFieldName('body')) });
    }
    for (const child of node.children) visit(child);
  };
  visit(tree.rootNode);
  return { suppressions, statements, functions };
}

/** Judge `candidate` as a repair of `original`. */
export function checkGuards(original: string, candidate: string): GuardVerdict {
  const before = codeShape(original);
  const after = codeShape(candidate);
  const violations: GuardViolation[] = [];
  if (after.suppressions > before.suppressions) {
    violations.push({
      kind: 'suppression-added',
      detail: `adds ${String(after.suppressions - before.suppressions)} analyzer suppression comment(s)`,
    });
  }
  for (const [name, shape] of before.functions) {
    const replaced = after.functions.get(name);
    if (!replaced) {
      violations.push({ kind: 'function-removed', detail: `function ${name} was deleted or renamed` });
    } else if (!shape.stub && replaced.stub) {
      violations.push({
        kind: 'body-stubbed',
        detail: `function ${name} now does nothing (pass, ... or NotImplementedError)`,
      });
    }
  }
  if (after.statements * 2 < before.statements) {
    violations.push({
      kind: 'statements-lost',
      detail: `keeps ${String(after.statements)} of ${String(before.statements)} statements (less than half)`,
    });
  }
  return { passed: violations.length === 0, violations };
}
