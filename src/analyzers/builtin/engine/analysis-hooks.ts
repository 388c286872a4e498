// What the rules plug into the module analysis (hooks called at calls, assignments, returns and nodes) and what they
// report back. Type-only: the rules' side of the facts API.
import type { PlainNode } from '../../../python-syntax/index.js';
import type { Taint } from '../taint.js';
import type { CallSite } from './call-sites.js';
import type { ModuleAnalysis } from './module-analysis.js';

export interface ReportOptions {
  readonly taint?: Taint;
  readonly detail?: string;
}

export interface AnalysisHooks {
  call(site: CallSite, analysis: ModuleAnalysis): void;
  assign(target: PlainNode, value: PlainNode, analysis: ModuleAnalysis): void;
  returned(value: PlainNode, analysis: ModuleAnalysis): void;
  node(node: PlainNode, analysis: ModuleAnalysis): void;
}

export interface RawFinding {
  readonly ruleId: string;
  readonly node: PlainNode;
  readonly taint: Taint | undefined;
  readonly detail: string | undefined;
}
