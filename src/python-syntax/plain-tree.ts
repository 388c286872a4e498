// A plain JavaScript copy of a tree-sitter tree. Reading node properties through the native binding costs a call
// each; analyzers that visit every node several times copy the tree once with a cursor and then walk plain objects.
import type { SyntaxTree } from './parser.js';

export interface PlainNode {
  readonly type: string;
  readonly named: boolean;
  /** The field name this node fills in its parent (`function`, `arguments`, `left`, …), if any. */
  readonly field: string | undefined;
  /** UTF-16 offsets into the source text. */
  readonly start: number;
  readonly end: number;
  /** 0-based rows. */
  readonly startRow: number;
  readonly endRow: number;
  readonly children: PlainNode[];
  readonly parent: PlainNode | undefined;
}

interface MutableNode {
  type: string;
  named: boolean;
  field: string | undefined;
  start: number;
  end: number;
  startRow: number;
  endRow: number;
  children: MutableNode[];
  parent: MutableNode | undefined;
}

/** Copies the tree; `nodes` lists every node in document (pre-)order, so one loop over it visits the whole file. */
export function toPlainTree(tree: SyntaxTree): { root: PlainNode; nodes: PlainNode[] } {
  const cursor = tree.walk();
  const nodes: MutableNode[] = [];
  const make = (parent: MutableNode | undefined): MutableNode => {
    // The binding types this as string; at run time it is undefined for nodes that fill no field.
    const field = cursor.currentFieldName as string | undefined;
    const node: MutableNode = {
      type: cursor.nodeType,
      named: cursor.nodeIsNamed,
      field,
      start: cursor.startIndex,
      end: cursor.endIndex,
      startRow: cursor.startPosition.row,
      endRow: cursor.endPosition.row,
      children: [],
      parent,
    };
    nodes.push(node);
    return node;
  };
  const root = make(undefined);
  let current = root;
  // Iterative pre-order walk: deep expressions must not overflow the stack.
  if (cursor.gotoFirstChild()) {
    for (;;) {
      const node = make(current);
      current.children.push(node);
      if (cursor.gotoFirstChild()) {
        current = node;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || !current.parent) return { root, nodes };
        current = current.parent;
      }
    }
  }
  return { root, nodes };
}

export function childByField(node: PlainNode, field: string): PlainNode | undefined {
  return node.children.find((child) => child.field === field);
}

export function namedChildren(node: PlainNode): PlainNode[] {
  return node.children.filter((child) => child.named && child.type !== 'comment');
}

/**
 * A call's arguments as nodes. `f(x for x in xs)` has no argument list: tree-sitter gives the generator expression
 * itself as `arguments`, and it is the one argument (its parts are not arguments).
 */
export function argumentsOf(call: PlainNode): PlainNode[] {
  const args = childByField(call, 'arguments');
  if (!args) return [];
  return args.type === 'generator_expression' ? [args] : namedChildren(args);
}
