// An IV computed from the cipher's key alone (CWE-329 / CWE-1204): `key[:16]`, `sha256(key).digest()[:16]`. It is
// a function of the key, so every message under that key gets the same IV — as fixed as a literal, which CBC's
// security proof (and NIST SP 800-38A, appendix C) rules out. An IV that also mixes in a counter, a nonce or random
// bytes depends on more than the key and is not this weakness.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { assignmentsIn } from './check-helpers.js';
import { descendants, enclosingFunction } from './shared-facts.js';

/** The key the cipher is built with: `AES.new(key, …)`, or `Cipher(algorithms.AES(key), modes.CBC(iv))`. */
export function cipherKey(site: CallSite, analysis: ModuleAnalysis): PlainNode | undefined {
  if (/(Crypto|Cryptodome)\.Cipher\.\w+\.new$/.test(site.name)) return site.keywords.get('key') ?? site.positional[0];
  const cipher = site.node.parent?.type === 'argument_list' ? site.node.parent.parent : undefined;
  if (cipher?.type !== 'call') return undefined;
  const algorithm = namedChildren(childByField(cipher, 'arguments') ?? cipher)[0];
  if (algorithm?.type !== 'call' || !/algorithms\.\w+$/.test(analysis.callAt(algorithm).name)) return undefined;
  return namedChildren(childByField(algorithm, 'arguments') ?? algorithm)[0];
}

/** The value a name was assigned in its function (or the module); the node itself otherwise. */
function assignedValue(node: PlainNode, analysis: ModuleAnalysis): PlainNode | undefined {
  if (node.type !== 'identifier') return node;
  const name = analysis.text(node);
  const scopes = [enclosingFunction(node), analysis.root].filter((scope) => scope !== undefined);
  const found = scopes.flatMap((scope) => assignmentsIn(scope, analysis).filter((entry) => entry.name === name));
  return found.length === 1 ? found[0]?.value : undefined;
}

/** The variables an expression reads: not attribute or callee names, not imported modules. */
function readNames(value: PlainNode, analysis: ModuleAnalysis): string[] {
  const imported = (name: string): boolean =>
    new RegExp(`^\\s*(import\\s+[\\w., ]*\\b${name}\\b|from\\s+\\S+\\s+import\\s+.*\\b${name}\\b)`, 'm').test(
      analysis.moduleText(),
    );
  return [value, ...descendants(value)]
    .filter((node) => node.type === 'identifier')
    .filter((node) => {
      const parent = node.parent;
      if (parent?.type === 'attribute' && childByField(parent, 'attribute') === node) return false;
      if (parent?.type === 'call' && childByField(parent, 'function') === node) return false;
      if (parent?.type === 'keyword_argument' && childByField(parent, 'name') === node) return false;
      return !imported(analysis.text(node));
    })
    .map((node) => analysis.text(node));
}

/** Whether the IV is computed from the cipher's key and nothing else that varies. */
export function ivDerivedFromKey(iv: PlainNode, key: PlainNode | undefined, analysis: ModuleAnalysis): boolean {
  if (key?.type !== 'identifier') return false;
  const value = assignedValue(iv, analysis);
  if (!value) return false;
  const names = readNames(value, analysis);
  return names.length > 0 && names.every((name) => name === analysis.text(key));
}
