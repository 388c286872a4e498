// Direct prompting (FDSP baseline): the code and the question "does it have a security issue? if yes, fix it".
import { singleShotOutcome, user } from './single-shot.js';
import type { RepairStrategy } from './types.js';

export const directStrategy: RepairStrategy = {
  name: 'direct',
  summary: 'ask the model whether the code has a security issue and to fix it (no analyzer feedback)',
  async run(context) {
    const prompt = context.render('direct', { code: context.code });
    return singleShotOutcome(context, await context.propose('repair', [user(prompt)]));
  },
};
