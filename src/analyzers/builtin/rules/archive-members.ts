// Tar slip (CWE-22): whether the members an extraction writes had their names checked first. Two shapes count:
//  - the member is extracted where a path check on its name held on every path: a loop that skips (`continue`) or
//    rejects the member unless the check passes, or an `if` that extracts only when it does — the engine's
//    validated-on-every-path fact on `member.name`, so the guard semantics are the engine's, not a second copy;
//  - "validate every member, then extract": an earlier loop over the same archive leaves the function (return, raise)
//    when any member's name fails a path check, so reaching the extraction means every member passed. A loop that
//    only skips bad members (`continue`, `break`) proves nothing about the extraction after it.
import { childByField, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { argument } from './check-helpers.js';

/** Calls and literals that make a condition a check on a path: absolute, climbing out, normalized containment, links. */
const pathCheck =
  /(^|[^\w])(isabs|realpath|abspath|normpath|commonpath|commonprefix|is_relative_to|relative_to|startswith|issym|islnk|resolve)\s*\(|['"]\.\.[/\\]?['"]/;

function scopeOf(node: PlainNode): PlainNode | undefined {
  let current = node.parent;
  while (current && current.type !== 'function_definition' && current.type !== 'module') current = current.parent;
  return current;
}

/** Nodes under `root`, not entering nested functions or classes (their code runs elsewhere). */
function descendants(root: PlainNode): PlainNode[] {
  const found: PlainNode[] = [];
  const pending = [...root.children];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    found.push(current);
    if (current.type !== 'function_definition' && current.type !== 'class_definition')
      pending.push(...current.children);
  }
  return found;
}

function readsAny(node: PlainNode, names: ReadonlySet<string>, analysis: ModuleAnalysis): boolean {
  return [node, ...descendants(node)].some((part) => part.type === 'identifier' && names.has(analysis.text(part)));
}

/** A block that leaves the function: its code returns, raises or exits the process. */
function leavesFunction(block: PlainNode, analysis: ModuleAnalysis): boolean {
  return descendants(block).some(
    (node) =>
      node.type === 'return_statement' ||
      node.type === 'raise_statement' ||
      (node.type === 'call' &&
        /^(sys\.exit|exit|os\._exit|flask\.abort|abort)$/.test(
          analysis.qualify(childByField(node, 'function') ?? node) ?? '',
        )),
  );
}

/** Whether a condition checks a path: a path call or a `..` literal, or a module-local helper (a validator). */
function checksPath(condition: PlainNode, analysis: ModuleAnalysis): boolean {
  if (pathCheck.test(analysis.text(condition))) return true;
  return [condition, ...descendants(condition)].some((node) => {
    if (node.type !== 'call') return false;
    const callee = childByField(node, 'function');
    return callee?.type === 'identifier' && analysis.functionNamed(analysis.text(callee)) !== undefined;
  });
}

/** `for m in <archive>` / `<archive>.getmembers()` / `.getnames()`: the loop walks every member of the archive. */
function walksArchive(loop: PlainNode, archive: string, analysis: ModuleAnalysis): boolean {
  const iterable = childByField(loop, 'right');
  if (!iterable) return false;
  const text = analysis.text(iterable).replace(/\s+/g, '');
  return text === archive || text === `${archive}.getmembers()` || text === `${archive}.getnames()`;
}

/** The earlier loop's body rejects a member whose name (or a value derived from it) fails a path check. */
function rejectsBadMembers(loop: PlainNode, analysis: ModuleAnalysis): boolean {
  const target = childByField(loop, 'left');
  const body = childByField(loop, 'body');
  if (target?.type !== 'identifier' || !body || unjoinedContainment(body, analysis.text(target), analysis))
    return false;
  const derived = new Set([analysis.text(target)]);
  const nodes = descendants(body).sort((a, b) => a.start - b.start);
  for (const node of nodes) {
    if (node.type === 'assignment') {
      const left = childByField(node, 'left');
      const right = childByField(node, 'right');
      if (left?.type === 'identifier' && right && readsAny(right, derived, analysis)) derived.add(analysis.text(left));
    }
    if (node.type !== 'if_statement') continue;
    const condition = childByField(node, 'condition');
    const consequence = childByField(node, 'consequence');
    if (!condition || !consequence) continue;
    if (
      readsAny(condition, derived, analysis) &&
      checksPath(condition, analysis) &&
      leavesFunction(consequence, analysis)
    )
      return true;
  }
  return false;
}

/** A containment test on the bare member name (`realpath(m.name)`) resolves it against the working directory, not
 * the destination the member is written to: it checks a different path than the one extracted. */
function unjoinedContainment(scope: PlainNode, member: string, analysis: ModuleAnalysis): boolean {
  // `member` is a Python identifier: no character of it is special in a pattern.
  const name = member;
  const bare = new RegExp(
    `(abspath|realpath|normpath)\\(\\s*${name}\\.name\\s*\\)|Path\\(\\s*${name}\\.name\\s*\\)\\.resolve`,
  );
  return bare.test(analysis.text(scope));
}

/** `if realpath(join(dest, m.name)).startswith(dest): tar.extract(m, dest)`: the check inline, the extraction inside. */
function extractedInsideCheck(site: CallSite, member: string, analysis: ModuleAnalysis): boolean {
  const joined = new RegExp(`(join\\(|/)[^)]*\\b${member}\\.name\\b`);
  for (let current = site.node.parent; current && current.type !== 'function_definition'; current = current.parent) {
    if (current.type !== 'if_statement') continue;
    const condition = childByField(current, 'condition');
    const consequence = childByField(current, 'consequence');
    if (!condition || !consequence || site.node.start < consequence.start || site.node.end > consequence.end) continue;
    const text = analysis.text(condition);
    if (condition.type !== 'not_operator' && checksPath(condition, analysis) && joined.test(text)) return true;
  }
  return false;
}

/** Whether the extraction at `site` writes only members whose names were checked (see the file comment). */
export function membersChecked(site: CallSite, analysis: ModuleAnalysis): boolean {
  const member = argument(site, 0, 'member');
  const scope = scopeOf(site.node);
  if (site.method === 'extract' && member?.type === 'identifier' && scope) {
    const name = analysis.text(member);
    if (unjoinedContainment(scope, name, analysis)) return false;
    if (analysis.validatedNameFor(`${name}.name`, 'path') || analysis.validatedFor(member, 'path')) return true;
    if (extractedInsideCheck(site, name, analysis)) return true;
  }
  const receiver = site.receiver;
  if (receiver?.type !== 'identifier' || !scope) return false;
  const archive = analysis.text(receiver);
  return descendants(scope).some(
    (node) =>
      node.type === 'for_statement' &&
      node.end <= site.node.start &&
      walksArchive(node, archive, analysis) &&
      rejectsBadMembers(node, analysis),
  );
}
