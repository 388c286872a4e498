// The two scopes a name is looked up in while one body is analysed: the facts at the current program point, then
// (inside a function) the module body's facts at its end. A function's own binding of a name, even to a clean value,
// hides the module's; the module state is read, never written, from inside a function. Pure lookups, no I/O.
import { sinkBit, type SinkKind, type Taint } from '../taint.js';
import { FlowState, type Derivation } from './flow-state.js';

export class Scopes {
  /** The facts at the program point being analysed; the solver swaps it at every step. */
  current = new FlowState();
  /** The module body's facts at its end, read by functions. */
  module = new FlowState();
  private inModule = true;

  enterModule(): void {
    this.inModule = true;
  }

  /** A function body: names it does not bind are looked up in the module's state. */
  enterFunction(): void {
    this.inModule = false;
  }

  /** The module body's solved exit state, what every function body reads. */
  leaveModule(state: FlowState): void {
    this.module = state;
    this.current = state;
  }

  private chain(): readonly FlowState[] {
    return this.inModule ? [this.current] : [this.current, this.module];
  }

  // The hottest lookup: no array per call.
  lookup(name: string): { found: boolean; taint: Taint | undefined } {
    if (this.current.taints.has(name)) return { found: true, taint: this.current.taints.get(name) };
    if (!this.inModule && this.module.taints.has(name)) return { found: true, taint: this.module.taints.get(name) };
    return { found: false, taint: undefined };
  }

  /** The module's taint of a name a function reads without binding it (used when merging at joins). */
  outerTaint(name: string): Taint | undefined {
    return this.inModule ? undefined : this.module.taints.get(name);
  }

  /** A name only ever assigned literals, in the nearest scope that binds it. */
  isConstantName(name: string): boolean {
    for (const state of this.chain()) {
      if (state.taints.has(name) || state.bindings.has(name)) return state.constants.has(name);
      if (state.constants.has(name)) return true;
    }
    return false;
  }

  /** What a local name was bound to (`run = subprocess.run`), unless a nearer scope rebinds it. */
  binding(name: string): string | undefined {
    for (const state of this.chain()) {
      const value = state.bindings.get(name);
      if (value !== undefined) return value;
      if (state.taints.has(name)) return undefined;
    }
    return undefined;
  }

  /** A check made `name`'s value safe for `sink`. An attribute of a local name is local, though no assignment bound
   * the attribute itself. */
  validatedFor(name: string, sink: SinkKind): boolean {
    const base = name.split('.')[0] ?? name;
    const local = this.inModule || this.current.taints.has(name) || this.current.taints.has(base);
    const mask = local ? this.current.validated.get(name) : this.module.validated.get(name);
    return mask !== undefined && (mask & sinkBit(sink)) !== 0;
  }

  isException(name: string): boolean {
    return this.current.exceptions.has(name) || this.module.exceptions.has(name);
  }

  derivation(name: string): Derivation | undefined {
    return this.current.derived.get(name) ?? (this.inModule ? undefined : this.module.derived.get(name));
  }
}
