// Bandit feedback (FDSP baseline): the code, the analyzer report (rule, message, line, code) and a fix instruction.
import { formatAnalyzerReport } from './report.js';
import { singleShotOutcome, user } from './single-shot.js';
import type { RepairStrategy } from './types.js';

export const banditFeedbackStrategy: RepairStrategy = {
  name: 'bandit-feedback',
  summary: 'give the model the code and the analyzer report, and ask for a fix',
  async run(context) {
    const prompt = context.render('bandit-feedback', {
      code: context.code,
      report: formatAnalyzerReport(context.findings),
    });
    return singleShotOutcome(context, await context.propose('repair', [user(prompt)]));
  },
};
