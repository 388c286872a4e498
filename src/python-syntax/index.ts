export { parsePython, preloadPythonParser, type SyntaxNode, type SyntaxTree } from './parser.js';
export { statementAtLine, statementHeaderText, enclosingScope, enclosingFunction } from './statements.js';
export { toPlainTree, argumentsOf, childByField, namedChildren, type PlainNode } from './plain-tree.js';
