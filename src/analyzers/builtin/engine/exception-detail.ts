// Which values carry an exception's details (CWE-209): a caught exception, anything built from one (`str(e)`,
// `f"failed: {e}"`, `e.args`), the traceback module's text and `sys.exc_info()`. The step interpreter records the
// names bound to such values, so `detail = traceback.format_exc(); return detail` is seen like the inline form.
import { childByField, type PlainNode } from '../../../python-syntax/index.js';

const tracebackCalls = /^(traceback\.format_exc|traceback\.format_exception|traceback\.format_tb|sys\.exc_info)$/;

export function carriesExceptionDetail(
  value: PlainNode,
  holdsException: (node: PlainNode) => boolean,
  qualify: (node: PlainNode) => string | undefined,
): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (holdsException(node)) return true;
    if (node.type === 'call') {
      const callee = childByField(node, 'function');
      if (callee && tracebackCalls.test(qualify(callee) ?? '')) return true;
    }
    if (node.type === 'lambda') continue;
    // `jsonify(error="internal")`: a keyword's name is no value, even when it spells the exception's name
    if (node.type === 'keyword_argument') {
      const keywordValue = childByField(node, 'value');
      if (keywordValue) stack.push(keywordValue);
      continue;
    }
    for (const child of node.children) if (child.named) stack.push(child);
  }
  return false;
}
