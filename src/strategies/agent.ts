// The iterative secure-code agent: each round gives the model the latest findings as "vulnerable to CWE-89
// (<MITRE name>)" and takes its repair; re-scan; stop when clean or after k rounds. The latest usable version carries
// into the next round (a rejected candidate leaves the code as it was).
import { formatCweFindings } from './report.js';
import { user } from './single-shot.js';
import type { RepairStrategy } from './types.js';

export const agentStrategy: RepairStrategy = {
  name: 'agent',
  summary: 'scan → repair with each finding’s CWE id and name → scan again, up to k rounds',
  async run(context) {
    let code = context.code;
    let findings = context.findings;
    for (let round = 1; round <= context.bounds.rounds; round += 1) {
      const prompt = context.render('agent-repair', { code, findings: formatCweFindings(findings) });
      const result = await context.propose('repair', [user(prompt)], { round });
      if (!result.ok) return { code, secure: false, error: result.message };
      if (result.review.secure) return { code: result.review.code, secure: true };
      if (result.review.usable) {
        code = result.review.code;
        findings = result.review.findings;
      }
    }
    return { code, secure: false };
  },
};
