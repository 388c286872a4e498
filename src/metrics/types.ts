// The metric inputs and tables. Plain rows in, typed tables out: the store adapter builds the rows, reports render the
// tables. This file imports nothing.

/** How one code version fared under one evaluation. `missing`: there was no code (generation produced none). */
export type CodeScanStatus = 'ok' | 'syntax-error' | 'error' | 'missing';

/** The unit-test sandbox's outcomes (see src/sandbox). */
export type TestOutcome = 'pass' | 'fail' | 'error' | 'timeout' | 'killed';

export interface CodeScore {
  readonly scanStatus: CodeScanStatus;
  readonly findingCount: number;
  /** Null when the task has no unit test (or tests were switched off). */
  readonly unitTest: TestOutcome | null;
  /** Tasks with marked security tests (CWEval): what they said of this code; absent or null otherwise. */
  readonly securityTests?: SecurityTestScore | null;
}

/** Functional: every functionality test passed; secure: every security test passed. Null: the file has none. */
export interface SecurityTestScore {
  readonly functional: boolean | null;
  readonly secure: boolean | null;
}

/** What the functional gate did in one work item: candidates it ran on, those that passed, outcomes by name. */
export interface GateCounts {
  readonly checked: number;
  readonly passed: number;
  /** The sandbox's outcome per checked candidate (pass, fail, error, timeout, killed), counted. */
  readonly outcomes: Readonly<Record<string, number>>;
}

/** One committed repair work item: a task's generated code, repaired by one strategy, in one repeated run. */
export interface RepairRow {
  readonly dataset: string;
  readonly model: string;
  readonly repairModel: string;
  readonly strategy: string;
  readonly taskId: string;
  readonly runIndex: number;
  readonly generated: CodeScore;
  readonly final: CodeScore;
  /** The pipeline's status: secure, still-vulnerable, rejected, error, or unparsable (generation never parsed). */
  readonly status: string;
  /** 1-based repair attempt (candidate) at which the code first came out clean; null if it never did. */
  readonly fixedAtAttempt: number | null;
  readonly attempts: number;
  readonly rejectedCandidates: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  /** Absent or null when the gate never ran on the item (gate off, no unit test, or no candidate reached it). */
  readonly gate?: GateCounts | null;
}

/** One detection work item: the model's verdict on labelled code. */
export interface DetectRow {
  readonly dataset: string;
  readonly model: string;
  readonly taskId: string;
  readonly runIndex: number;
  /** Null when the reply said neither True nor False. */
  readonly verdict: boolean | null;
  readonly label: boolean;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

export interface Interval {
  readonly mean: number;
  /** 95% Student-t interval over runs; null with a single run. */
  readonly low: number | null;
  readonly high: number | null;
  readonly runs: number;
}

export interface RepairMetrics {
  readonly dataset: string;
  readonly model: string;
  readonly repairModel: string;
  readonly strategy: string;
  /** Work items (tasks × runs). */
  readonly items: number;
  readonly runs: number;
  /** Shares in [0, 1]. Insecure = at least one finding, or code that does not parse or could not be scanned. */
  readonly insecureBefore: number;
  readonly insecureAfter: number;
  /** insecureBefore − insecureAfter. */
  readonly drop: number;
  /** Items with a unit test; the pass rates below are over these (null when there are none). */
  readonly withUnitTests: number;
  readonly passBefore: number | null;
  readonly passAfter: number | null;
  readonly secureAndPassingBefore: number | null;
  readonly secureAndPassingAfter: number | null;
  /** Items whose generated code was vulnerable (parsed, ≥1 finding): the R_fix denominator. */
  readonly initiallyVulnerable: number;
  /** rFix[i-1] = R_fix^i: share of initially-vulnerable items clean after ≤ i attempts, mean over runs with a CI. */
  readonly rFix: readonly Interval[];
  readonly rejectedCandidates: number;
  readonly rejectedItems: number;
  readonly fixedFindings: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly tokensPerItem: number;
  readonly costPerItem: number;
  /** Null when nothing was fixed. */
  readonly tokensPerFixedFinding: number | null;
  readonly costPerFixedFinding: number | null;
}

export interface DetectMetrics {
  readonly dataset: string;
  readonly model: string;
  readonly items: number;
  /** Items whose reply gave no verdict: left out of accuracy and FPR. */
  readonly unanswered: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
  readonly accuracy: number | null;
  readonly falsePositiveRate: number | null;
  readonly truePositiveRate: number | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

/** The functional gate per dataset × model × repair model × strategy, over the items it ran on. */
export interface GateMetrics {
  readonly dataset: string;
  readonly model: string;
  readonly repairModel: string;
  readonly strategy: string;
  /** Items on which the gate ran at least once. */
  readonly gatedItems: number;
  /** Candidates the gate ran on, those that passed, and the rest (checked − passed). */
  readonly checked: number;
  readonly passed: number;
  readonly rejected: number;
  /** Rejected candidates by the sandbox's outcome (fail, error, timeout, killed, …): every outcome but pass. */
  readonly rejectedByOutcome: Readonly<Record<string, number>>;
}

/** Shares of items, in [0, 1]. */
export interface FunctionalSecureShares {
  readonly functional: number;
  readonly secure: number;
  readonly functionalAndSecure: number;
}

/** The security tests per dataset × strategy (one run has one model pair): before (generated) and after (final). */
export interface SecurityTestMetrics {
  readonly dataset: string;
  readonly strategy: string;
  /** Items whose task has security tests. */
  readonly items: number;
  readonly before: FunctionalSecureShares;
  readonly after: FunctionalSecureShares;
}

/** CWEval's unbiased pass@k (Chen et al.) over tasks with n repeated runs each, for k = 1 and k = n. */
export interface SecurityTestPassAtK {
  readonly dataset: string;
  readonly strategy: string;
  readonly tasks: number;
  /** Runs per task (the smallest n over the tasks; k ≤ n). */
  readonly n: number;
  readonly k: number;
  readonly before: FunctionalSecureShares;
  readonly after: FunctionalSecureShares;
}

/** The static oracle against the security tests on the same code: counts of items. */
export interface OracleAgreement {
  readonly dataset: string;
  /** `generated` rows are per dataset (the generated code is shared by every strategy); strategy is then ''. */
  readonly strategy: string;
  readonly phase: 'generated' | 'final';
  readonly items: number;
  /** Both say vulnerable. */
  readonly both: number;
  readonly analyzersOnly: number;
  readonly testsOnly: number;
  readonly neither: number;
}

export interface RunMetrics {
  readonly repair: readonly RepairMetrics[];
  readonly detect: readonly DetectMetrics[];
  /** Empty when no item of the run was gated. */
  readonly gate: readonly GateMetrics[];
  /** Empty (or absent) when no task had security tests. */
  readonly securityTests?: readonly SecurityTestMetrics[];
  readonly securityTestsPassAtK?: readonly SecurityTestPassAtK[];
  readonly oracleAgreement?: readonly OracleAgreement[];
}
