// Request data a module's functions receive from their callers in the module, by function and parameter index, learnt
// in the recording rounds: a helper a handler passes `request.args["q"]` is analysed with that parameter as request
// data. `changed` names the functions that learnt something new in the current round: only they can pass it on.
import type { PlainNode } from '../../../python-syntax/index.js';
import type { Taint } from '../taint.js';
import type { CallSite } from './call-sites.js';
import type { LocalCallee } from './local-calls.js';

export class RemoteArguments {
  private readonly passed = new Map<string, Map<number, Taint>>();
  readonly changed = new Set<string>();

  of(name: string): ReadonlyMap<number, Taint> | undefined {
    return this.passed.get(name);
  }

  /** The request data `site` passes to the module function it calls (handlers aside: no module calls them). */
  record(site: CallSite, local: LocalCallee, evaluate: (node: PlainNode) => Taint | undefined): void {
    if (local.info.handler) return;
    const record = (index: number, value: PlainNode): void => {
      const taint = evaluate(value);
      if (index < 0 || taint?.origin !== 'remote') return;
      const known = this.passed.get(local.name) ?? new Map<number, Taint>();
      if (!known.has(index)) this.changed.add(local.name);
      known.set(index, taint);
      this.passed.set(local.name, known);
    };
    site.positional.forEach((value, index) => {
      record(index + local.offset, value);
    });
    for (const [key, value] of site.keywords) record(local.info.parameters.indexOf(key), value);
  }
}
