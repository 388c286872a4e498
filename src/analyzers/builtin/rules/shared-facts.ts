// Facts and API lists more than one rule family uses: sink call names, secret-name patterns, code-text helpers.
import { childByField, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';

export const passwordish = /pass(word|wd|phrase)?|pwd|(^|[^a-z])pw([^a-z]|$)/i;

export const responseCalls = [
  'flask.make_response',
  'make_response',
  'flask.Response',
  'werkzeug.wrappers.Response',
  'Response',
  'django.http.HttpResponse',
  'HttpResponse',
  'HTMLResponse',
  'starlette.responses.HTMLResponse',
  'fastapi.responses.HTMLResponse',
  'markupsafe.Markup',
  'flask.Markup',
  'Markup',
  'django.utils.safestring.mark_safe',
  'mark_safe',
];

export const httpClientCalls = [
  'requests.get',
  'requests.post',
  'requests.put',
  'requests.delete',
  'requests.head',
  'requests.patch',
  'requests.request',
  'httpx.get',
  'httpx.post',
  'httpx.request',
  'urllib.request.urlopen',
  'urllib.request.Request',
  'urllib.urlopen',
  'urllib2.urlopen',
  'urllib3.PoolManager().request',
  'aiohttp.ClientSession().get',
];

export function enclosingFunction(node: PlainNode): PlainNode | undefined {
  for (let current = node.parent; current; current = current.parent)
    if (current.type === 'function_definition') return current;
  return undefined;
}

/**
 * `self.name` / `cls.name` read inside a class: the class, its body and the attribute's name, so a rule can look the
 * attribute up where Python does (the instance, then the class body).
 */
export function ownAttribute(
  reference: PlainNode,
  analysis: ModuleAnalysis,
): { owner: PlainNode; body: PlainNode; name: string } | undefined {
  if (reference.type !== 'attribute') return undefined;
  const object = childByField(reference, 'object');
  const attribute = childByField(reference, 'attribute');
  if (object?.type !== 'identifier' || !attribute || !/^(self|cls)$/.test(analysis.text(object))) return undefined;
  let owner = reference.parent;
  while (owner && owner.type !== 'class_definition') owner = owner.parent;
  const body = owner ? childByField(owner, 'body') : undefined;
  return owner && body ? { owner, body, name: analysis.text(attribute) } : undefined;
}

const codeTextCache = new WeakMap<PlainNode, string>();

/** The node's source with string literals and comments blanked, so docstrings ("does authentication") never count as
 * code. Offsets are kept, so positions still line up. */
export function codeText(node: PlainNode, analysis: ModuleAnalysis): string {
  const cached = codeTextCache.get(node);
  if (cached !== undefined) return cached;
  const text = analysis.text(node);
  const chars = text.split('');
  const stack = [...node.children];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current) break;
    if (current.type === 'string' || current.type === 'comment') {
      // Keep the interpolated expressions of f-strings: they are code.
      const keep = current.children.filter((child) => child.type === 'interpolation');
      for (let index = current.start; index < current.end; index++) {
        if (keep.some((part) => index >= part.start && index < part.end)) continue;
        const offset = index - node.start;
        if (chars[offset] !== '\n') chars[offset] = ' ';
      }
      continue;
    }
    stack.push(...current.children);
  }
  const result = chars.join('');
  codeTextCache.set(node, result);
  return result;
}

export function descendants(node: PlainNode): PlainNode[] {
  const found: PlainNode[] = [];
  const stack = [...node.children];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current) break;
    found.push(current);
    stack.push(...current.children);
  }
  return found;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function lastIdentifier(text: string): string {
  const parts = text.split(/[^\w]+/).filter(Boolean);
  return parts[parts.length - 1] ?? text;
}

export function statementOf(node: PlainNode): PlainNode {
  let current = node;
  while (
    current.parent &&
    !current.type.endsWith('statement') &&
    current.parent.type !== 'block' &&
    current.parent.type !== 'module'
  )
    current = current.parent;
  return current;
}

export const shellCalls = [
  'os.system',
  'os.popen',
  'os.popen2',
  'os.popen3',
  'commands.getoutput',
  'commands.getstatusoutput',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'pty.spawn',
];

export const processCalls = [
  'subprocess.run',
  'subprocess.call',
  'subprocess.Popen',
  'subprocess.check_output',
  'subprocess.check_call',
  'asyncio.create_subprocess_shell',
  'asyncio.create_subprocess_exec',
];

export const fileCalls = [
  'open',
  'io.open',
  'codecs.open',
  'os.open',
  'os.remove',
  'os.unlink',
  'os.rmdir',
  'os.removedirs',
  'os.mkdir',
  'os.makedirs',
  'os.listdir',
  'os.scandir',
  'os.chdir',
  'os.rename',
  'os.replace',
  'os.chmod',
  'os.chown',
  'os.stat',
  'shutil.rmtree',
  'shutil.copy',
  'shutil.copyfile',
  'shutil.copy2',
  'shutil.move',
  'pathlib.Path',
  'flask.send_file',
  'send_file',
  'django.http.FileResponse',
  'FileResponse',
  'starlette.responses.FileResponse',
  'fastapi.responses.FileResponse',
];
