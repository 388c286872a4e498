// The analysis hooks that run the registered rules' logic.
import type { AnalysisHooks } from '../analysis.js';
import { ruleLogic } from './index.js';

let allRuleHooks: AnalysisHooks | undefined;

/** Hooks that run every rule (or only `only`, for the per-rule tests). The full set is built once and shared: the
 * hooks hold no per-file state, and rebuilding the check lists for every file showed up in cold-start profiles. */
export function createHooks(only?: ReadonlySet<string>): AnalysisHooks {
  if (!only) return (allRuleHooks ??= buildHooks(undefined));
  return buildHooks(only);
}

function buildHooks(only: ReadonlySet<string> | undefined): AnalysisHooks {
  const selected = Object.entries(ruleLogic)
    .filter(([id]) => !only || only.has(id))
    .map(([, rule]) => rule);
  const calls = selected.flatMap((rule) => (rule.call ? [rule.call] : []));
  const assigns = selected.flatMap((rule) => (rule.assign ? [rule.assign] : []));
  const returns = selected.flatMap((rule) => (rule.returned ? [rule.returned] : []));
  const nodes = selected.flatMap((rule) => (rule.node ? [rule.node] : []));
  return {
    call: (site, analysis) => {
      for (const check of calls) check(site, analysis);
    },
    assign: (target, value, analysis) => {
      for (const check of assigns) check(target, value, analysis);
    },
    returned: (value, analysis) => {
      for (const check of returns) check(value, analysis);
    },
    node: (node, analysis) => {
      for (const check of nodes) check(node, analysis);
    },
  };
}
