// The strategies name CWEs in prompts ("vulnerable to CWE-89 (…)"); the one table lives with the analyzers.
export { cweName, describeCwe, parseCweId } from '../analyzers/cwe-names.js';
