// A traversal denylist that an absolute name walks around (CWE-36, issue 10 insufficient fixes): the repair rejects
// ".." in the requested name and then joins it under a base directory with os.path.join or pathlib's "/". Both discard
// the base when the next part is absolute — os.path.join("/srv/files", "/etc/passwd") is "/etc/passwd" — so the check
// holds and the file call still reads anywhere. The engine accepts the ".." check as a guard for path sinks on purpose
// (climbing out needs ".."), leaving the absolute-name case to this rule. Safe twins: the name is also checked for being
// absolute, reduced to its basename, or the joined path is resolved and contained.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { stringValue } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { descendants, enclosingFunction } from './shared-facts.js';

// Anything in the function that handles an absolute name or contains the joined result.
const handlesAbsolute =
  /isabs|realpath|abspath|normpath|commonpath|commonprefix|basename|secure_filename|is_relative_to|relative_to|\.resolve\(|lstrip\(|splitdrive|startswith\(\s*\(?\s*(['"][/\\]|os\.sep)|\[0\]\s*(==|!=|in|not in)\s*['"([]/;

const joinCalls = /^(os\.path\.join|posixpath\.join|ntpath\.join)$/;

/** The name tested by `".." in name` (or `"../" in name`), when the comparison is that membership test. */
function dotDotSubject(node: PlainNode, analysis: ModuleAnalysis): PlainNode | undefined {
  // either polarity: `if ".." in name: reject` and `if ".." not in name: use` are the same check
  if (
    node.type !== 'comparison_operator' ||
    !node.children.some((child) => child.type === 'in' || child.type === 'not in')
  )
    return undefined;
  const [needle, subject] = namedChildren(node);
  const text = needle ? stringValue(analysis, needle) : undefined;
  if (!text || !/^\.\.[/\\]?$/.test(text) || subject?.type !== 'identifier') return undefined;
  return subject;
}

/** Joins in `fn` after `after` that put `name` after the first part: os.path.join(base, …, name) or base / name. */
function joinsAfter(fn: PlainNode, after: number, name: string, analysis: ModuleAnalysis): PlainNode[] {
  const isName = (part: PlainNode | undefined): boolean => part?.type === 'identifier' && analysis.text(part) === name;
  return descendants(fn).filter((node) => {
    if (node.start < after) return false;
    if (node.type === 'call') {
      const callee = childByField(node, 'function');
      if (!callee || !joinCalls.test(analysis.qualify(callee) ?? '')) return false;
      return namedChildren(childByField(node, 'arguments') ?? node)
        .slice(1)
        .some(isName);
    }
    // A string that was tested for ".." can only be divided by a path: `base / name` is pathlib's join.
    if (node.type === 'binary_operator' && childByField(node, 'operator')?.type === '/')
      return isName(childByField(node, 'right'));
    return false;
  });
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-CHECK-008',
    name: 'dot-dot-check-before-absolute-join',
    cwe: 36,
    severity: 'high',
    confidence: 'medium',
    message:
      'The name is checked only for "..", then joined under a base directory; an absolute name ("/etc/passwd") passes the check and os.path.join (or Path /) discards the base',
    fixHint:
      'Reject absolute names too, or better, contain the result: full = os.path.realpath(os.path.join(BASE, name)); require os.path.commonpath([BASE, full]) == BASE before opening it (or take os.path.basename(name) when only a file name is expected).',
    examples: {
      vulnerable: [
        `${flaskPrelude}import os\n@app.route("/doc")\ndef doc():\n    name = request.args.get("name", "")\n    if ".." in name:\n        return "bad name", 400\n    with open(os.path.join("/srv/docs", name)) as fh:\n        return fh.read()\n`,
        `${flaskPrelude}from pathlib import Path\nSTORE = Path("/var/store")\n@app.route("/blob", methods=["DELETE"])\ndef blob():\n    key = request.form["key"]\n    if "../" in key:\n        return "no", 400\n    (STORE / key).unlink()\n    return "ok"\n`,
        `${flaskPrelude}import os\n@app.route("/doc")\ndef doc():\n    name = request.args.get("name", "")\n    if ".." not in name:\n        return open(os.path.join("/srv/docs", name)).read()\n    return "bad name", 400\n`,
      ],
      safe: [
        `${flaskPrelude}import os\n@app.route("/doc")\ndef doc():\n    name = request.args.get("name", "")\n    if ".." in name or os.path.isabs(name):\n        return "bad name", 400\n    with open(os.path.join("/srv/docs", name)) as fh:\n        return fh.read()\n`,
        `${flaskPrelude}import os\n@app.route("/doc")\ndef doc():\n    name = request.args.get("name", "")\n    if ".." in name:\n        return "bad name", 400\n    with open("/srv/docs/" + name) as fh:\n        return fh.read()\n`,
        'import os\ndef cache_path(key):\n    if ".." in key:\n        raise ValueError(key)\n    return os.path.join("/tmp/cache", key)\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-CHECK-008': {
    node(node, analysis) {
      const subject = dotDotSubject(node, analysis);
      // Only request data: a function's own parameter may come from a caller that already vetted it.
      if (!subject || analysis.taint(subject)?.origin !== 'remote') return;
      const fn = enclosingFunction(node);
      if (!fn || handlesAbsolute.test(analysis.text(fn))) return;
      const name = analysis.text(subject);
      for (const join of joinsAfter(fn, node.end, name, analysis))
        analysis.report('FDSP-PY-CHECK-008', join, { detail: `${name} may be absolute` });
    },
  },
};

export const absolutePathJoinRules: RuleFamily = { definitions, logic };
