export { parsePython, type SyntaxNode, type SyntaxTree } from './parser.js';
export { statementAtLine, statementHeaderText, enclosingScope, enclosingFunction } from './statements.js';
