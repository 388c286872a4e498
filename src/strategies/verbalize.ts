// Verbalization (FDSP baseline): the model turns the analyzer report into a detailed natural-language explanation;
// that explanation and the code go back in a fresh prompt for the fix.
import { formatAnalyzerReport } from './report.js';
import { singleShotOutcome, user } from './single-shot.js';
import type { RepairStrategy } from './types.js';

export const verbalizeStrategy: RepairStrategy = {
  name: 'verbalize',
  summary: 'the model explains the analyzer report in natural language; the explanation drives the fix',
  async run(context) {
    const report = formatAnalyzerReport(context.findings);
    const explanation = await context.ask('verbalize', [
      user(context.render('verbalize-explain', { code: context.code, report })),
    ]);
    if (!explanation.ok) return { code: context.code, secure: false, error: explanation.message };
    const prompt = context.render('verbalize-fix', { code: context.code, explanation: explanation.text });
    return singleShotOutcome(context, await context.propose('repair', [user(prompt)]));
  },
};
