// Paths in a directory every local user can create files in (/tmp, /var/tmp, /dev/shm, tempfile.gettempdir()) under a
// name an attacker can guess before the program creates it: the facts TEMP-001 (CWE-377) reports on.
import { childByField, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { callArgumentNodes, type CallSite } from '../engine/call-sites.js';
import { argument, assignmentsIn, soleBinding, stringValue } from './check-helpers.js';
import { descendants } from './shared-facts.js';

const sharedDirectoryPrefix = /^[fbru]*(['"]{3}|['"])\/(tmp|var\/tmp|dev\/shm)\//i;
const sharedDirectoryLiteral = /^[bru]*(['"]{3}|['"])\/(tmp|var\/tmp|dev\/shm)\/?\1$/i;
/** Names nobody can guess before the file exists: a random or tempfile-chosen name. */
const unguessableName = /^(uuid\.uuid4|secrets\.token_\w+|os\.urandom|tempfile\.\w+)$/;

/** `/tmp`, `/var/tmp`, `/dev/shm` or `tempfile.gettempdir()`: a directory every local user can create files in. */
function sharedDirectory(node: PlainNode, analysis: ModuleAnalysis, hops: number): boolean {
  if (node.type === 'string') return sharedDirectoryLiteral.test(analysis.text(node));
  if (node.type === 'call') return analysis.qualify(childByField(node, 'function') ?? node) === 'tempfile.gettempdir';
  return resolvesTo(node, analysis, hops, sharedDirectory);
}

/**
 * A fixed (guessable) file name in a shared directory, written literally (`"/tmp/out.txt"`), joined to one
 * (`os.path.join(tempfile.gettempdir(), "report.csv")`), or held by a name assigned either, however the arguments
 * were spelled or hoisted into names first. A name the program draws at random (`uuid.uuid4().hex`) is not guessable.
 */
export function guessableSharedPath(node: PlainNode, analysis: ModuleAnalysis, hops = 0): boolean {
  if (node.type === 'string') return sharedDirectoryPrefix.test(analysis.text(node));
  // "/tmp/results_%d.txt" % os.getpid(), "/tmp/" + name: the directory is still the shared one
  if (node.type === 'binary_operator') {
    const left = childByField(node, 'left');
    return left?.type === 'string' && sharedDirectoryPrefix.test(analysis.text(left));
  }
  if (node.type === 'call' && node.children[0]?.type === 'attribute') {
    const callee = childByField(node, 'function');
    const receiver = callee ? childByField(callee, 'object') : undefined;
    if (receiver?.type === 'string' && analysis.text(childByField(callee ?? node, 'attribute') ?? node) === 'format')
      return sharedDirectoryPrefix.test(analysis.text(receiver));
  }
  if (node.type === 'call') {
    const name = analysis.qualify(childByField(node, 'function') ?? node) ?? '';
    const parts = callArgumentNodes(node);
    if (!/^(os\.path|posixpath)\.join$/.test(name) || parts.length < 2 || !parts[0]) return false;
    if (!sharedDirectory(parts[0], analysis, hops)) return false;
    return !parts.slice(1).some((part) => drawsRandomName(part, analysis, hops));
  }
  return resolvesTo(node, analysis, hops, guessableSharedPath);
}

function drawsRandomName(node: PlainNode, analysis: ModuleAnalysis, hops: number): boolean {
  if (resolvesTo(node, analysis, hops, drawsRandomName)) return true;
  return [node, ...descendants(node)].some(
    (part) =>
      part.type === 'call' && unguessableName.test(analysis.qualify(childByField(part, 'function') ?? part) ?? ''),
  );
}

/** A name any of whose assignments in the function (else the module) satisfies `test`; a few hops at most. */
function resolvesTo(
  node: PlainNode,
  analysis: ModuleAnalysis,
  hops: number,
  test: (value: PlainNode, analysis: ModuleAnalysis, hops: number) => boolean,
): boolean {
  if (node.type !== 'identifier' || hops >= 4) return false;
  const name = analysis.text(node);
  const scopes = analysis.function ? [analysis.function.node, analysis.root] : [analysis.root];
  for (const scope of scopes) {
    const values = assignmentsIn(scope, analysis).filter((assignment) => assignment.name === name);
    if (values.length > 0) return values.some((assignment) => test(assignment.value, analysis, hops + 1));
  }
  return false;
}

/**
 * pathlib's spelling of the same race: `Path("/tmp") / "out.txt"`, `Path("/tmp/out.txt")` or
 * `Path(tempfile.gettempdir(), "out.txt")`, written through write_text/write_bytes/touch or open in a writing mode,
 * directly or through a name the function binds once to that path.
 */
export function pathlibWriteToSharedName(site: CallSite, analysis: ModuleAnalysis): boolean {
  if (!site.receiver) return false;
  const writes =
    site.method === 'write_text' ||
    site.method === 'write_bytes' ||
    site.method === 'touch' ||
    (site.method === 'open' && /[wax+]/.test(stringValue(analysis, argument(site, 0, 'mode')) ?? 'r'));
  if (!writes) return false;
  let receiver = site.receiver;
  if (receiver.type === 'identifier') {
    const only = soleBinding(analysis.function?.node ?? analysis.root, analysis.text(receiver), analysis);
    if (!only) return false;
    receiver = only;
  }
  const shared = String.raw`(?:[fbr]*['"]/(?:tmp|var/tmp|dev/shm)/?['"]|(?:tempfile\.)?gettempdir\(\))`;
  const literal = String.raw`[bru]*['"][^'"{}]+['"]`;
  const path = new RegExp(
    String.raw`^(?:pathlib\.)?Path\(\s*(?:${shared}\s*\)(?:\s*/\s*${literal})+|${shared}\s*,\s*${literal}\s*\)|[fbr]*['"]/(?:tmp|var/tmp|dev/shm)/[^'"{}]+['"]\s*\))$`,
  );
  return path.test(spelledOut(receiver, analysis).replace(/\s+/g, ' '));
}

/** The node's text with each name of a module string constant (`TMP = "/tmp"`) replaced by the literal it names, so
 * `Path(TMP) / "out.txt"` reads as `Path("/tmp") / "out.txt"`: naming the literal moves the file nowhere. */
function spelledOut(node: PlainNode, analysis: ModuleAnalysis): string {
  let text = analysis.text(node);
  const names = [node, ...descendants(node)]
    .filter((part) => part.type === 'identifier')
    .sort((a, b) => b.start - a.start);
  for (const name of names) {
    const literal = analysis.literalOf(name);
    if (literal?.type !== 'string') continue;
    text = text.slice(0, name.start - node.start) + analysis.text(literal) + text.slice(name.end - node.start);
  }
  return text;
}
