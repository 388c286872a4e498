// What a validating regular expression admits, read from its literal: whether it is anchored at both ends and whether
// any stretch of it lets arbitrary text through. Pure: pattern text in, verdict out (guards.ts applies it).
import type { PlainNode } from '../../../python-syntax/index.js';
import { literalText, type GuardContext } from './guard-subjects.js';
import { pythonStringValue } from './line-break-removal.js';

/** A regex literal as Python reads it (escapes decoded unless raw): `'a\\.b'` and `r'a\.b'` are one pattern. */
export function patternLiteral(context: GuardContext, node: PlainNode | undefined): string | undefined {
  const literal = node?.type === 'identifier' ? (context.literal(node) ?? node) : node;
  return literalText(context, literal) === undefined || !literal ? undefined : pythonStringValue(context.text(literal));
}

/** `.*` / `.+` outside a character class: any text passes. Inside a class (`[a-z0-9.+-]`) "." and "+" are literal. */
export function admitsAnyText(pattern: string): boolean {
  const outsideClasses = pattern.replace(/\\.|\[(?:\\.|[^\]\\])*\]/g, (part) => (part.startsWith('\\') ? part : 'c'));
  return /(^|[^\\])\.[*+]/.test(outsideClasses);
}

/** Anchored at the start (or matched from it) and at the end, with no `.*` / `.+` between. */
export function anchoredPattern(pattern: string | undefined, startAnchored: boolean): boolean {
  if (pattern === undefined) return false;
  const starts = startAnchored || pattern.startsWith('^') || pattern.startsWith('\\A');
  const ends = /(\$|\\Z|\\z)$/.test(pattern) && !/\\\$$/.test(pattern);
  // `.*` / `.+` let any text through: no validation.
  return starts && ends && !admitsAnyText(pattern);
}

/**
 * The pattern's language can spell `../`: some character class (or `\S`, or a negated class) admits "." and the
 * pattern admits a separator ("/" or "\") somewhere. Such a full match bounds characters but not where a path goes.
 */
export function admitsTraversal(pattern: string): boolean {
  const classes = [...pattern.matchAll(/\[(\^?)((?:\\.|[^\]\\])*)\]/g)];
  const admits = (character: string): boolean =>
    /\\S/.test(pattern) ||
    classes.some(([, negated, body = '']) => (negated === '^' ? !body.includes(character) : body.includes(character)));
  const separatorOutside = /(^|[^\\[])[/]/.test(pattern.replace(/\[(?:\\.|[^\]\\])*\]/g, ''));
  return admits('.') && (separatorOutside || admits('/') || admits('\\\\'));
}
