// FDSP (Alrashedy et al.): analyzer report → the model verbalizes it → the model proposes J distinct solutions →
// for each solution in turn, up to K refinements, each given code + report + verbalization + that solution and
// re-scanned; stop at the first version the analyzers find clean; if none is, return the original code.
// A refinement builds on the solution's latest usable version and its fresh report (the verbalization is made once,
// from the original report); each solution starts again from the original code.
import { formatAnalyzerReport } from './report.js';
import { user } from './single-shot.js';
import { parseSolutions } from './solutions.js';
import type { RepairStrategy } from './types.js';

export const fdspStrategy: RepairStrategy = {
  name: 'fdsp',
  summary: 'verbalize the report, propose J solutions, refine each up to K times until the analyzers are clean',
  async run(context) {
    const { solutions: solutionCount, refinements } = context.bounds;
    const originalReport = formatAnalyzerReport(context.findings);
    const verbalization = await context.ask('verbalize', [
      user(context.render('verbalize-explain', { code: context.code, report: originalReport })),
    ]);
    if (!verbalization.ok) return { code: context.code, secure: false, error: verbalization.message };
    const proposal = await context.ask(
      'solutions',
      [
        user(
          context.render('fdsp-solutions', {
            code: context.code,
            report: originalReport,
            explanation: verbalization.text,
            count: String(solutionCount),
          }),
        ),
      ],
      { describe: (reply) => ({ solutions: parseSolutions(reply, solutionCount) }) },
    );
    if (!proposal.ok) return { code: context.code, secure: false, error: proposal.message };
    const solutions = parseSolutions(proposal.text, solutionCount);

    for (const [solutionIndex, solution] of solutions.entries()) {
      let code = context.code;
      let findings = context.findings;
      for (let round = 1; round <= refinements; round += 1) {
        const prompt = context.render('fdsp-refine', {
          code,
          report: formatAnalyzerReport(findings),
          explanation: verbalization.text,
          solution,
        });
        const result = await context.propose('refine', [user(prompt)], { solution: solutionIndex + 1, round });
        if (!result.ok) return { code: context.code, secure: false, error: result.message };
        if (result.review.secure) return { code: result.review.code, secure: true };
        if (result.review.usable) {
          code = result.review.code;
          findings = result.review.findings;
        }
      }
    }
    return { code: context.code, secure: false };
  },
};
