// Python parsing with tree-sitter's maintained grammar, in process. One parser per thread is reused: creating one
// costs more than parsing a typical snippet.
import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';

export type SyntaxNode = Parser.SyntaxNode;
export type SyntaxTree = Parser.Tree;

let sharedParser: Parser | undefined;

function parser(): Parser {
  if (!sharedParser) {
    sharedParser = new Parser();
    sharedParser.setLanguage(Python);
  }
  return sharedParser;
}

export function parsePython(text: string): SyntaxTree {
  // The node binding copies input through a fixed buffer; size it to the text so long files parse in one pass.
  return parser().parse(text, undefined, { bufferSize: Math.max(1024, text.length * 2 + 16) });
}

/** Builds the shared parser now: its first use sets tree-sitter's node classes up for the grammar (tens of ms), which
 * a bench run would otherwise pay inside its first round, with every slot's answer waiting behind it. */
export function preloadPythonParser(): void {
  parser();
}
