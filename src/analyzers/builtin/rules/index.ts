// The builtin rule registry, assembled from one file per CWE family. A new rule goes into its family's file (data,
// examples and logic together); a new family gets its own file and one line in the list below.
import { sqlInjectionRules } from './injection-sql.js';
import { commandInjectionRules } from './injection-command.js';
import { codeInjectionRules } from './code-injection.js';
import { queryInjectionRules } from './injection-query.js';
import { pathTraversalRules } from './path-traversal.js';
import { fakeFixRules } from './fake-fix.js';
import { insufficientCheckRules } from './insufficient-check.js';
import { handRolledSecretRules } from './hand-rolled-secrets.js';
import { lxmlHardeningRules } from './lxml-hardening.js';
import { absolutePathJoinRules } from './absolute-path-join.js';
import { requestChosenHostRules } from './request-chosen-host.js';
import { weakParameterRules } from './weak-parameters.js';
import { filesystemRules } from './filesystem.js';
import { outputEncodingRules } from './xss-and-output.js';
import { redirectAndSsrfRules } from './redirect-and-ssrf.js';
import { loggingAndHeaderRules } from './logging-and-headers.js';
import { deserializationRules } from './deserialization.js';
import { pickleGadgetRules } from './pickle-gadget.js';
import { xmlRules } from './xml.js';
import { cryptoRules } from './crypto.js';
import { timingComparisonRules } from './timing-comparison.js';
import { transportRules } from './transport.js';
import { credentialRules } from './credentials.js';
import { randomnessRules } from './randomness.js';
import { webConfigRules } from './web-config.js';
import { accessControlRules } from './access-control.js';
import { trustAndWorkflowRules } from './trust-and-workflow.js';
import { resourceRules } from './resource-and-dos.js';
import { concurrencyRules } from './concurrency.js';
import { codeQualityRules } from './code-quality.js';
import { loopBoundRules } from './loop-bounds.js';
import { objectIdentityRules } from './object-identity.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';

const families: readonly RuleFamily[] = [
  sqlInjectionRules,
  commandInjectionRules,
  codeInjectionRules,
  queryInjectionRules,
  pathTraversalRules,
  filesystemRules,
  outputEncodingRules,
  redirectAndSsrfRules,
  loggingAndHeaderRules,
  deserializationRules,
  pickleGadgetRules,
  xmlRules,
  cryptoRules,
  timingComparisonRules,
  transportRules,
  credentialRules,
  randomnessRules,
  webConfigRules,
  accessControlRules,
  trustAndWorkflowRules,
  resourceRules,
  concurrencyRules,
  codeQualityRules,
  loopBoundRules,
  objectIdentityRules,
  fakeFixRules,
  insufficientCheckRules,
  handRolledSecretRules,
  lxmlHardeningRules,
  absolutePathJoinRules,
  requestChosenHostRules,
  weakParameterRules,
];

export const ruleDefinitions: readonly RuleDefinition[] = families.flatMap((family) => family.definitions);

export const ruleById: ReadonlyMap<string, RuleDefinition> = new Map(ruleDefinitions.map((rule) => [rule.id, rule]));

export const ruleLogic: Readonly<Record<string, RuleLogic>> = Object.assign(
  {},
  ...families.map((family) => family.logic),
) as Readonly<Record<string, RuleLogic>>;

export { createHooks } from './hooks.js';
export type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
