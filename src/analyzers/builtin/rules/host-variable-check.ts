// URLCHECK-001 (CWE-20) when the trusted host is a value, not a literal: `netloc.endswith(domain)` accepts
// "evil-example.com" for "example.com" (no "." boundary), and `domain in netloc` accepts "example.com.evil.net".
// The same weakness as the literal forms the rule already reads; here both sides must name hosts or URLs, so
// membership in a collection (`domain in allowed_domains`) and ordinary string suffixes stay quiet.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { lastIdentifier } from './shared-facts.js';

/** The value checked against: a host or domain held in a name (`domain`, `allowed_host`, `base.netloc`). */
const trustedHost = /^(netloc|hostname|host|domain|\w+_(domain|host|hostname|netloc))$/i;
/** The value checked: a URL or its host part (`parsed.netloc`, `target_url`, `referrer`). */
const checkedHost =
  /^(netloc|hostname|host|url|uri|href|link|referr?er|origin|location|target|\w+_(url|uri|netloc|host|hostname))$/i;

function namesHost(node: PlainNode | undefined, pattern: RegExp, analysis: ModuleAnalysis): boolean {
  if (node?.type !== 'identifier' && node?.type !== 'attribute') return false;
  return pattern.test(lastIdentifier(analysis.text(node)));
}

/** A detail for the finding when `node` checks a host against a host-valued name without a boundary. */
export function variableHostCheck(node: PlainNode, analysis: ModuleAnalysis): string | undefined {
  if (node.type === 'comparison_operator') {
    const operators = node.children.filter((child) => !child.named).map((child) => child.type);
    const [left, right] = namedChildren(node);
    if (!(operators.includes('in') || operators.includes('not in')) || operators.length !== 1) return undefined;
    if (namesHost(left, trustedHost, analysis) && namesHost(right, checkedHost, analysis))
      return `substring check of ${analysis.text(left ?? node)} in ${analysis.text(right ?? node)}`;
    return undefined;
  }
  if (node.type !== 'call') return undefined;
  const callee = childByField(node, 'function');
  if (callee?.type !== 'attribute' || analysis.text(childByField(callee, 'attribute') ?? callee) !== 'endswith')
    return undefined;
  const args = childByField(node, 'arguments');
  const suffix = args ? namedChildren(args) : [];
  // `host.endswith("." + domain)` and `host.endswith(f".{domain}")` are built values, not a bare name: the fix.
  if (suffix.length !== 1 || !namesHost(suffix[0], trustedHost, analysis)) return undefined;
  if (!namesHost(childByField(callee, 'object'), checkedHost, analysis)) return undefined;
  return `suffix ${analysis.text(suffix[0] ?? node)} without a leading "."`;
}
