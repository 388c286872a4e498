// Expression taint, evaluated with an explicit stack (post-order), so a 5,000-deep nested expression costs no call
// stack. Results are memoized per node for the statement being analysed; the host clears the memo between steps.
import { argumentsOf, childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { mergeTaint, sanitize, sinkMask, type Taint } from '../taint.js';
import { pinnedHostPrefix } from './sanitizers.js';
import { converted, interpolationConversion } from './format-conversions.js';
import { isEnumLookup } from './typed-values.js';
import {
  concatenationParts,
  formattedTaint,
  formatParts,
  literalTemplate,
  pinServer,
  stringParts,
  type TemplatePart,
} from './url-template.js';

export interface ExpressionHost {
  text(node: PlainNode): string;
  lookup(name: string): { found: boolean; taint: Taint | undefined };
  /** Taint of a bare identifier that no scope assigned (an imported `request`). */
  unboundName(name: string): Taint | undefined;
  /** Taint of a qualified source attribute (`sys.argv`), or undefined. */
  sourceAttribute(node: PlainNode): Taint | undefined;
  isConstant(node: PlainNode): boolean;
  isSafeRequestAttribute(name: string): boolean;
  bindName(target: PlainNode, taint: Taint | undefined): void;
  call(node: PlainNode, calleeTaint: Taint | undefined, argumentTaint: Taint | undefined): Taint | undefined;
  /** A keyed read (`data["f"]`, `request.args.get("k")`) as checks made elsewhere leave it (validation-sites.ts). */
  keyedRead?(node: PlainNode, computed: Taint | undefined): Taint | undefined;
}

// A fixed scheme and host pin where a redirect goes. For outbound requests the user part still picks the path on that
// host (CodeQL's partial SSRF; the study's reviewers count it vulnerable), so only a check on that part clears `url`.
const pinned = sinkMask(['redirect']);

/** Nodes that carry no data of their own and need no children evaluated (a lambda's body runs elsewhere). */
const cleanLeaves = new Set(['lambda', 'integer', 'float', 'true', 'false', 'none', 'comment']);

interface Frame {
  readonly node: PlainNode;
  phase: number;
}

export class ExpressionEvaluator {
  readonly memo = new Map<PlainNode, Taint | undefined>();

  constructor(private readonly host: ExpressionHost) {}

  clear(): void {
    this.memo.clear();
  }

  evaluate(root: PlainNode): Taint | undefined {
    const memo = this.memo;
    if (memo.has(root)) return memo.get(root);
    const stack: Frame[] = [{ node: root, phase: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (!frame) break;
      if (memo.has(frame.node)) {
        stack.pop();
        continue;
      }
      const pending = this.advance(frame);
      if (pending === undefined) {
        stack.pop();
        continue;
      }
      for (let index = pending.length - 1; index >= 0; index--) {
        const child = pending[index];
        if (child && !memo.has(child)) stack.push({ node: child, phase: 0 });
      }
    }
    return memo.get(root);
  }

  private value(node: PlainNode | undefined): Taint | undefined {
    return node ? this.memo.get(node) : undefined;
  }

  private union(nodes: readonly PlainNode[]): Taint | undefined {
    let taint: Taint | undefined;
    for (const node of nodes) taint = mergeTaint(taint, this.memo.get(node));
    return taint;
  }

  /** Either the children still to evaluate before `frame` can finish, or undefined once its taint is memoized. */
  private advance(frame: Frame): readonly PlainNode[] | undefined {
    const { node } = frame;
    if (
      node.type === 'list_comprehension' ||
      node.type === 'set_comprehension' ||
      node.type === 'generator_expression' ||
      node.type === 'dictionary_comprehension'
    ) {
      return this.comprehension(frame);
    }
    if (frame.phase === 0) {
      frame.phase = 1;
      const needed = this.prerequisites(node);
      if (needed.length > 0) return needed;
    }
    this.memo.set(node, this.finish(node));
    return undefined;
  }

  // The element carries the iterable's taint only through the loop variables it uses: `",".join("?" for _ in ids)`
  // is all placeholders. Clauses run in order, so a later clause sees an earlier one's variables.
  private comprehension(frame: Frame): readonly PlainNode[] | undefined {
    const clauses = namedChildren(frame.node).filter(
      (clause) => clause.type === 'for_in_clause' || clause.type === 'if_clause',
    );
    const step = frame.phase;
    const clauseIndex = Math.floor(step / 2);
    if (clauseIndex < clauses.length) {
      const clause = clauses[clauseIndex];
      frame.phase++;
      if (!clause) return [];
      if (step % 2 === 0)
        return clause.type === 'for_in_clause' ? [childByField(clause, 'right')].filter(isNode) : namedChildren(clause);
      if (clause.type === 'for_in_clause') {
        const left = childByField(clause, 'left');
        if (left) this.host.bindName(left, this.value(childByField(clause, 'right')));
      }
      return [];
    }
    const body = childByField(frame.node, 'body');
    if (step === clauses.length * 2) {
      frame.phase++;
      if (body) return [body];
    }
    this.memo.set(frame.node, this.value(body));
    return undefined;
  }

  /** An f-string's taint: each value as its conversion inserts it (`{x!r}`, `{x:d}`), with what its format spec
   * interpolates. */
  private interpolated(node: PlainNode): Taint | undefined {
    let taint: Taint | undefined;
    for (const child of node.children) {
      if (child.type !== 'interpolation') continue;
      const [expression, ...rest] = namedChildren(child);
      const conversion = interpolationConversion(child, (part) => this.host.text(part));
      taint = mergeTaint(taint, converted(this.value(expression), conversion));
      for (const other of rest) taint = mergeTaint(taint, this.value(other));
    }
    return taint;
  }

  /** The template of a URL built by `+` (at the chain's outermost operator) or `"…%s…" % args`; undefined for any
   * other operator. */
  private urlTemplate(node: PlainNode, left: PlainNode | undefined): TemplatePart[] | undefined {
    const operator = node.children.find((child) => !child.named)?.type;
    const text = (part: PlainNode): string => this.host.text(part);
    if (operator === '+') {
      if (!outermostConcatenation(node)) return undefined;
      return concatenationParts(node, text, (part) => this.host.isConstant(part));
    }
    const right = childByField(node, 'right');
    const template = operator === '%' && left?.type === 'string' ? literalTemplate(left, text) : undefined;
    if (template === undefined || !right) return undefined;
    let values = right;
    while (values.type === 'parenthesized_expression') values = namedChildren(values)[0] ?? values;
    const keyword = new Map<string, PlainNode>();
    if (values.type === 'dictionary') {
      for (const pair of namedChildren(values)) {
        const key = childByField(pair, 'key');
        const value = childByField(pair, 'value');
        const name = key?.type === 'string' ? literalTemplate(key, text) : undefined;
        if (name !== undefined && value) keyword.set(name, value);
      }
    }
    const positional = values.type === 'tuple' ? namedChildren(values) : values.type === 'dictionary' ? [] : [values];
    return formatParts(template, 'percent', positional, keyword);
  }

  private prerequisites(node: PlainNode): readonly PlainNode[] {
    if (node.type === 'identifier' || cleanLeaves.has(node.type)) return [];
    switch (node.type) {
      case 'attribute': {
        if (this.host.lookup(this.host.text(node)).found || this.host.sourceAttribute(node)) return [];
        return [childByField(node, 'object')].filter(isNode);
      }
      case 'string':
        return interpolations(node);
      case 'call': {
        const callee = childByField(node, 'function');
        return [...(callee ? [callee] : []), ...argumentsOf(node)];
      }
      case 'keyword_argument':
      case 'named_expression':
        return [childByField(node, 'value')].filter(isNode);
      default:
        return namedChildren(node);
    }
  }

  private finish(node: PlainNode): Taint | undefined {
    const host = this.host;
    if (cleanLeaves.has(node.type)) return undefined;
    switch (node.type) {
      case 'identifier': {
        const name = host.text(node);
        const { found, taint } = host.lookup(name);
        return found ? taint : host.unboundName(name);
      }
      case 'attribute': {
        const own = host.lookup(host.text(node));
        if (own.found) return own.taint;
        const source = host.sourceAttribute(node);
        if (source) return source;
        const object = childByField(node, 'object');
        const attribute = childByField(node, 'attribute');
        const taint = this.value(object);
        // `Model(field=x).field`: the field of an instance checked as it was built (or a form reading the request).
        if (object?.type === 'call' && host.keyedRead) return host.keyedRead(node, taint);
        if (!taint || !object || !attribute) return undefined;
        const name = host.text(attribute);
        if (taint.from === 'request' && object.type === 'identifier' && host.isSafeRequestAttribute(name))
          return undefined;
        return { ...taint, from: taint.from === 'request' ? `request.${name}` : taint.from };
      }
      case 'subscript': {
        const value = childByField(node, 'value');
        // An entry of a constant table (`REPORTS[name]`) is the program's value, whatever key picked it.
        if (value?.type === 'identifier' && host.isConstant(value)) return undefined;
        const read = this.value(value);
        return host.keyedRead ? host.keyedRead(node, read) : read;
      }
      case 'call': {
        const callee = childByField(node, 'function');
        const result = host.call(node, this.value(callee), this.union(argumentsOf(node)));
        // An Enum lookup returns a member or raises: the program's value, whatever text picked it (typed-values.ts).
        if (isEnumLookup(node, (part) => host.text(part))) return undefined;
        return host.keyedRead ? host.keyedRead(node, result) : result;
      }
      case 'string': {
        let taint = this.interpolated(node);
        if (taint)
          taint = pinServer(
            taint,
            stringParts(node, (part) => host.text(part)),
            (part) => this.evaluate(part),
          );
        return pinnedHostPrefix(leadingLiteral(host, node)) ? sanitize(taint, pinned) : taint;
      }
      case 'binary_operator': {
        const left = childByField(node, 'left');
        let taint = this.union(namedChildren(node));
        const template = taint ? this.urlTemplate(node, left) : undefined;
        // `"…%d…" % x`: each value as its directive inserts it.
        if (template && left?.type === 'string') taint = formattedTaint(template, (part) => this.evaluate(part));
        taint = pinServer(taint, template, (part) => this.evaluate(part));
        // "https://api.example.com/" + x and "https://api.example.com/%s" % x fix the host.
        if (left?.type === 'string' && pinnedHostPrefix(leadingLiteral(host, left))) return sanitize(taint, pinned);
        return taint;
      }
      case 'comparison_operator':
      case 'not_operator':
        return undefined;
      case 'conditional_expression': {
        const parts = namedChildren(node);
        // `a if cond else b`: the condition's taint does not flow into the value.
        return mergeTaint(this.value(parts[0]), this.value(parts[2]));
      }
      case 'named_expression': {
        const target = childByField(node, 'name');
        const taint = this.value(childByField(node, 'value'));
        if (target) host.bindName(target, taint);
        return taint;
      }
      case 'keyword_argument':
        return this.value(childByField(node, 'value'));
      default:
        return this.union(namedChildren(node));
    }
  }
}

/** The outermost `+` of a chain (the inner ones are its operands, evaluated on the way). */
function outermostConcatenation(node: PlainNode): boolean {
  const parent = node.parent;
  return !(
    parent?.type === 'binary_operator' &&
    parent.children.some((child) => child.type === '+') &&
    childByField(parent, 'left') === node
  );
}

function isNode(node: PlainNode | undefined): node is PlainNode {
  return node !== undefined;
}

function interpolations(node: PlainNode): PlainNode[] {
  return node.children.filter((child) => child.type === 'interpolation').flatMap((child) => namedChildren(child));
}

/** A string literal's text up to its first interpolation, without prefix and quotes. */
export function leadingLiteral(host: { text(node: PlainNode): string }, node: PlainNode): string {
  const text = host.text(node);
  const firstInterpolation = node.children.find((child) => child.type === 'interpolation');
  const end = firstInterpolation ? firstInterpolation.start - node.start : text.length;
  return text.slice(0, end).replace(/^[rbuRBUfF]*(['"]{3}|['"])/, '');
}
