// Self-debugging (FDSP baseline): the model explains the code for security debugging, then fixes it given its own
// explanation, in one conversation.
import { assistant, singleShotOutcome, user } from './single-shot.js';
import type { RepairStrategy } from './types.js';

export const selfDebugStrategy: RepairStrategy = {
  name: 'self-debug',
  summary: 'the model explains the code for security debugging, then fixes it given its explanation',
  async run(context) {
    const explainTurn = user(context.render('self-debug-explain', { code: context.code }));
    const explanation = await context.ask('explain', [explainTurn]);
    if (!explanation.ok) return { code: context.code, secure: false, error: explanation.message };
    const fixTurn = user(context.render('self-debug-fix', { code: context.code }));
    return singleShotOutcome(
      context,
      await context.propose('repair', [explainTurn, assistant(explanation.text), fixTurn]),
    );
  },
};
