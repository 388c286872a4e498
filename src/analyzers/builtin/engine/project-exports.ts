// What one module of a scan offers the modules importing it: each top-level function's summary (validator verdicts,
// sanitizing transform, raising checker, always-raises, own source taint) and the sinks each parameter reaches inside
// it (directly or through further helpers), and how an importer's dotted name finds one — through the importer's
// bindings, submodules, `__init__` re-exports (`from .db import run_query`) and `*` imports, with a bounded chain.
import type { SinkKind } from '../taint.js';
import type { FunctionInfo } from './functions.js';
import type { ProjectLayout } from './project-modules.js';
import type { SinkPathRecorder } from './sink-paths.js';
import type { FunctionSummary } from './summaries.js';

/** A sink a parameter reaches: the rule that fires there, where it is, and the helpers the value passes through. */
export interface SinkPath {
  readonly ruleId: string;
  readonly path: string;
  readonly line: number;
  /** Function names from the exported function down to the one holding the sink. */
  readonly through: readonly string[];
}

export interface ExportedFunction {
  readonly name: string;
  readonly path: string;
  readonly parameters: readonly string[];
  readonly summary: FunctionSummary;
  /** Per parameter index. */
  readonly sinks: readonly (readonly SinkPath[])[];
}

export interface ModuleExports {
  readonly functions: ReadonlyMap<string, ExportedFunction>;
}

/** A module's exports from its analysis: the top-level functions with a summary, and their probed sinks. */
export function collectExports(
  functions: readonly FunctionInfo[],
  summaries: ReadonlyMap<string, FunctionSummary>,
  path: string,
  sinkPaths: SinkPathRecorder | undefined,
): ModuleExports {
  const exported = new Map<string, ExportedFunction>();
  for (const info of functions) {
    const summary = summaries.get(info.name);
    if (!summary) continue;
    exported.set(info.name, {
      name: info.name,
      path,
      parameters: info.parameters,
      summary,
      sinks: sinkPaths?.sinksOf(info) ?? [],
    });
  }
  return { functions: exported };
}

/** What the engine asks about names a module imports from the other modules of its scan. */
export interface ModuleLinks {
  /** The module's own file, named in the sink paths it exports. */
  readonly path: string;
  /** Some other module of the scan imports this one: only then is it worth probing its functions for sinks. */
  readonly exported: boolean;
  /** The function a callee's dotted text (`check`, `utils.check`, `pkg.db.run_query`) names, if the scan holds it. */
  resolve(dotted: string): ExportedFunction | undefined;
  /** The sink kind a flow rule guards. */
  sinkKind(ruleId: string): SinkKind | undefined;
}

/** Re-export chains longer than this are treated as unknown: it bounds the walk, real chains are short. */
const maximumHops = 8;

export function createModuleLinks(
  layout: ProjectLayout,
  exports: readonly (ModuleExports | undefined)[],
  index: number,
  sinkKind: (ruleId: string) => SinkKind | undefined,
): ModuleLinks {
  const importer = layout.modules[index];
  const memo = new Map<string, ExportedFunction | undefined>();

  const inModule = (module: number, rest: readonly string[], hops: number): ExportedFunction | undefined => {
    const entry = layout.modules[module];
    const [first, ...more] = rest;
    if (!entry || first === undefined || hops > maximumHops) return undefined;
    if (more.length === 0) {
      const own = exports[module]?.functions.get(first);
      if (own) return own;
    }
    const bound = entry.bindings.names.get(first);
    if (bound !== undefined) return absolute([bound, ...more].join('.'), entry.root, hops + 1);
    for (const star of entry.bindings.star) {
      const found = absolute([star, ...rest].join('.'), entry.root, hops + 1);
      if (found) return found;
    }
    return undefined;
  };

  // The longest prefix that is a module of the scan holds the rest.
  const absolute = (name: string, root: string, hops: number): ExportedFunction | undefined => {
    const parts = name.split('.');
    for (let length = parts.length - 1; length >= 1; length--) {
      const module = layout.find(parts.slice(0, length).join('.'), root);
      if (module !== undefined) return inModule(module, parts.slice(length), hops);
    }
    return undefined;
  };

  const resolve = (dotted: string): ExportedFunction | undefined => {
    if (!importer) return undefined;
    const [head, ...rest] = dotted.split('.');
    if (head === undefined) return undefined;
    const bound = importer.bindings.names.get(head);
    if (bound !== undefined) return absolute([bound, ...rest].join('.'), importer.root, 0);
    for (const star of importer.bindings.star) {
      const found = absolute([star, head, ...rest].join('.'), importer.root, 0);
      if (found) return found;
    }
    return undefined;
  };

  return {
    path: importer?.path ?? '',
    exported: layout.imported[index] === true,
    resolve(dotted) {
      if (memo.has(dotted)) return memo.get(dotted);
      const found = resolve(dotted);
      memo.set(dotted, found);
      return found;
    },
    sinkKind,
  };
}
