// Credential literals: a string that can be a secret (not empty, not a template placeholder), and a membership test
// of the supplied password in a collection of them.
import { namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { soleBinding, stringValue } from './check-helpers.js';
import { passwordish } from './shared-facts.js';

export function isCredentialLiteral(analysis: ModuleAnalysis, node: PlainNode): boolean {
  const value = stringValue(analysis, node);
  return value !== undefined && value.length > 0 && !/^\s*$/.test(value) && !/^(\$\{.*\}|%\(.*\)s|\{.*\})$/.test(value);
}

/**
 * `password in {"admin", "root123"}` (or a name bound once to such a collection): the accepted passwords are in the
 * code, like `password == "admin"`. A list of common or breached passwords the check rejects is a strength check.
 */
export function acceptsLiteralPasswords(node: PlainNode, analysis: ModuleAnalysis): boolean {
  const [supplied, collection] = namedChildren(node);
  if (!supplied || !collection || !node.children.some((child) => child.type === 'in')) return false;
  if (node.children.some((child) => child.type === 'not in') || !passwordish.test(analysis.text(supplied)))
    return false;
  let members = collection;
  if (collection.type === 'identifier') {
    const name = analysis.text(collection);
    if (/common|weak|banned|black|deny|forbid|breach|leak|popular|bad|top|dictionary|reject/i.test(name)) return false;
    const only = soleBinding(analysis.root, name, analysis);
    if (!only) return false;
    members = only;
  }
  if (!['set', 'list', 'tuple'].includes(members.type)) return false;
  const literals = namedChildren(members);
  return literals.length > 0 && literals.every((literal) => isCredentialLiteral(analysis, literal));
}
