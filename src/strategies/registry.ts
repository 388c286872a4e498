// Strategy names → modules. `--strategy fdsp` resolves here.
import { agentStrategy } from './agent.js';
import { banditFeedbackStrategy } from './bandit-feedback.js';
import { directStrategy } from './direct.js';
import { fdspStrategy } from './fdsp.js';
import { selfDebugStrategy } from './self-debug.js';
import type { RepairStrategy, RepairStrategyName, StrategyBounds } from './types.js';
import { repairStrategyNames } from './types.js';
import { verbalizeStrategy } from './verbalize.js';

export const repairStrategies: Readonly<Record<RepairStrategyName, RepairStrategy>> = {
  direct: directStrategy,
  'self-debug': selfDebugStrategy,
  'bandit-feedback': banditFeedbackStrategy,
  verbalize: verbalizeStrategy,
  fdsp: fdspStrategy,
  agent: agentStrategy,
};

/** J = 3 solutions and K = 3 refinements (FDSP); k = 5 rounds (the agent study). */
export const defaultBounds: StrategyBounds = { solutions: 3, refinements: 3, rounds: 5 };

export function isRepairStrategyName(name: string): name is RepairStrategyName {
  return (repairStrategyNames as readonly string[]).includes(name);
}
