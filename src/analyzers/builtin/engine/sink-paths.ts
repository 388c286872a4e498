// Which sinks each parameter of a module's functions reaches, learnt in one probing pass: the engine analyses each
// function once more with its parameters as request data under names this recorder knows, and every flow finding the
// rules would make there is recorded against the parameter it came from instead of reported. Calls that pass a
// parameter on to another local function are edges, closed afterwards (callee order does not matter), so a wrapper
// exports its helper's sinks. A parameter is identified by its taint's `from` text, which the probe makes unique; a
// value mixing two parameters keeps the first one's (mergeTaint keeps one origin), so the second is not recorded.
import { sinkBit, type SinkKind, type Taint } from '../taint.js';
import type { FunctionInfo } from './functions.js';
import type { SinkPath } from './project-exports.js';

interface Edge {
  readonly from: string;
  readonly fromIndex: number;
  readonly to: string;
  readonly toIndex: number;
  /** Sink kinds the value was already safe for at the call. */
  readonly safe: number;
}

/** Enough for any message; bounds the closure. */
const maximumPaths = 8;

/** Helpers a sink path may pass through (k-limiting): each hop through whole-object taint (`msg.filename` tainted
 * because `msg` is) loses precision, and the flows worth reporting in an application are a few calls deep. */
export const maximumDepth = 4;

export class SinkPathRecorder {
  private readonly paths = new Map<string, SinkPath[][]>();
  private readonly edges: Edge[] = [];
  private parameters = new Map<string, number>();

  constructor(private readonly sinkKind: (ruleId: string) => SinkKind | undefined) {}

  /** The request-data taint the probe gives parameter `index` of `info`. */
  probeTaint(info: FunctionInfo, index: number): Taint {
    return {
      origin: 'remote',
      safe: 0,
      from: `request data in parameter "${info.parameters[index] ?? '?'}" of ${info.name}()`,
    };
  }

  begin(info: FunctionInfo): void {
    this.parameters = new Map(info.parameters.map((_, index) => [this.probeTaint(info, index).from, index]));
  }

  /** The parameter of the probed function a value comes from. */
  parameterOf(taint: Taint | undefined): number | undefined {
    return taint === undefined ? undefined : this.parameters.get(taint.from);
  }

  add(name: string, index: number, path: SinkPath): boolean {
    if (path.through.length > maximumDepth) return false;
    const perFunction = this.paths.get(name) ?? [];
    const list = perFunction[index] ?? [];
    const known = list.some(
      (other) => other.ruleId === path.ruleId && other.path === path.path && other.line === path.line,
    );
    if (known || list.length >= maximumPaths) return false;
    list.push(path);
    perFunction[index] = list;
    this.paths.set(name, perFunction);
    return true;
  }

  edge(edge: Edge): void {
    this.edges.push(edge);
  }

  /** Whether a value safe for `safe` still reaches the path's sink. */
  reaches(path: SinkPath, safe: number): boolean {
    const kind = this.sinkKind(path.ruleId);
    return kind !== undefined && (safe & sinkBit(kind)) === 0;
  }

  /** Propagate along the edges until nothing changes; each round adds a path or stops, and paths are bounded. */
  close(): void {
    let changed = true;
    for (let round = 0; changed && round < maximumPaths + 1; round++) {
      changed = false;
      for (const edge of this.edges) {
        for (const path of this.paths.get(edge.to)?.[edge.toIndex] ?? []) {
          if (!this.reaches(path, edge.safe)) continue;
          if (this.add(edge.from, edge.fromIndex, { ...path, through: [edge.from, ...path.through] })) changed = true;
        }
      }
    }
  }

  sinksOf(info: FunctionInfo): SinkPath[][] {
    const perFunction = this.paths.get(info.name) ?? [];
    return info.parameters.map((_, index) => perFunction[index] ?? []);
  }
}

/** The call-site message of a request value passed into a helper that reaches a sink in another module. */
export function sinkPathDetail(taint: Taint, path: SinkPath): string {
  return `from ${taint.from}, passed to ${path.through.map((name) => `${name}()`).join(' → ')} which reaches the sink at ${path.path}:${String(path.line)}`;
}
