// Request data an instance keeps: `Fetcher(request.args["url"])` runs the class's `__init__` with that argument, which
// stores it on `self` (`self.base = base`); the class's other methods then read `self.base` as that request data. Only
// request data is carried: a parameter's value stored on `self` is the caller's business, as a parameter is, and the
// operator's own input (`FTP(sys.argv[1])` in a command-line tool) chooses nothing for an attacker. A constructor's arguments are keyed by `Class.__init__`, so two classes' initializers stay apart.
import { childByField, type PlainNode } from '../../../python-syntax/index.js';
import { mergeTaint, type Taint } from '../taint.js';
import type { FlowState } from './flow-state.js';
import type { FunctionInfo } from './functions.js';
import type { LocalCallee } from './local-calls.js';
import { isOperatorInput } from './sources.js';

function ownerClass(fn: PlainNode): PlainNode | undefined {
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const block = holder.parent;
  return block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : undefined;
}

export class SelfAttributes {
  /** Per class, the request data its `__init__` leaves on `self` (`self.base` → taint). */
  private readonly stored = new Map<PlainNode, Map<string, Taint>>();
  /** Class name → its own `__init__`, for classes the module defines once. */
  private readonly initializers = new Map<string, FunctionInfo>();

  constructor(
    functions: readonly FunctionInfo[],
    private readonly text: (node: PlainNode) => string,
  ) {
    const seen = new Set<string>();
    for (const info of functions) {
      const owner = info.name === '__init__' ? ownerClass(info.node) : undefined;
      const name = owner ? childByField(owner, 'name') : undefined;
      if (!name) continue;
      const className = text(name);
      if (seen.has(className)) this.initializers.delete(className);
      else this.initializers.set(className, info);
      seen.add(className);
    }
  }

  /** The key request data passed to `info` is recorded under: `Class.__init__` for an initializer, else its name. */
  key(info: FunctionInfo): string {
    const owner = info.name === '__init__' ? ownerClass(info.node) : undefined;
    const name = owner ? childByField(owner, 'name') : undefined;
    return name ? `${this.text(name)}.__init__` : info.name;
  }

  /** `Fetcher(x)`: the class's `__init__` with `self` bound, for recording the request data it receives. */
  constructorCallee(call: PlainNode): LocalCallee | undefined {
    const callee = childByField(call, 'function');
    const info = callee?.type === 'identifier' ? this.initializers.get(this.text(callee)) : undefined;
    return info ? { name: this.key(info), info, offset: 1 } : undefined;
  }

  /** A method of a class whose `__init__` stored request data on `self` starts with those attributes tainted. */
  seed(info: FunctionInfo, state: FlowState): FlowState {
    const owner = info.name === '__init__' || info.parameters[0] !== 'self' ? undefined : ownerClass(info.node);
    for (const [name, taint] of (owner ? this.stored.get(owner) : undefined) ?? [])
      if (!state.taints.has(name)) state.taints.set(name, taint);
    return state;
  }

  /** What an analysed `__init__` left on `self` at its exit. */
  record(info: FunctionInfo, exit: FlowState): void {
    const owner = info.name === '__init__' && info.parameters[0] === 'self' ? ownerClass(info.node) : undefined;
    if (!owner) return;
    const attributes = this.stored.get(owner) ?? new Map<string, Taint>();
    for (const [name, taint] of exit.taints) {
      if (!/^self\.\w+$/.test(name) || taint?.origin !== 'remote' || isOperatorInput(taint)) continue;
      const merged = mergeTaint(attributes.get(name), taint);
      if (merged) attributes.set(name, merged);
    }
    this.stored.set(owner, attributes);
  }
}
