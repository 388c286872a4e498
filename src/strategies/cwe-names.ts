// MITRE CWE names for the weaknesses in SecurityEval, LLMSecEval and Bandit's rule tags. The agent study gives the
// model "CWE-89 (<name>)", and detection prompts name the CWE they ask about, so the names are MITRE's own wording.

const cweNames: Readonly<Record<number, string>> = {
  20: 'Improper Input Validation',
  22: "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')",
  78: "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')",
  79: "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
  80: 'Improper Neutralization of Script-Related HTML Tags in a Web Page (Basic XSS)',
  88: "Improper Neutralization of Argument Delimiters in a Command ('Argument Injection')",
  89: "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
  90: "Improper Neutralization of Special Elements used in an LDAP Query ('LDAP Injection')",
  94: "Improper Control of Generation of Code ('Code Injection')",
  95: "Improper Neutralization of Directives in Dynamically Evaluated Code ('Eval Injection')",
  99: "Improper Control of Resource Identifiers ('Resource Injection')",
  113: "Improper Neutralization of CRLF Sequences in HTTP Headers ('HTTP Request/Response Splitting')",
  116: 'Improper Encoding or Escaping of Output',
  117: 'Improper Output Neutralization for Logs',
  119: 'Improper Restriction of Operations within the Bounds of a Memory Buffer',
  125: 'Out-of-bounds Read',
  155: 'Improper Neutralization of Wildcards or Matching Symbols',
  190: 'Integer Overflow or Wraparound',
  193: 'Off-by-one Error',
  200: 'Exposure of Sensitive Information to an Unauthorized Actor',
  209: 'Generation of Error Message Containing Sensitive Information',
  215: 'Insertion of Sensitive Information Into Debugging Code',
  250: 'Execution with Unnecessary Privileges',
  252: 'Unchecked Return Value',
  259: 'Use of Hard-coded Password',
  269: 'Improper Privilege Management',
  283: 'Unverified Ownership',
  284: 'Improper Access Control',
  285: 'Improper Authorization',
  295: 'Improper Certificate Validation',
  306: 'Missing Authentication for Critical Function',
  319: 'Cleartext Transmission of Sensitive Information',
  321: 'Use of Hard-coded Cryptographic Key',
  326: 'Inadequate Encryption Strength',
  327: 'Use of a Broken or Risky Cryptographic Algorithm',
  329: 'Generation of Predictable IV with CBC Mode',
  330: 'Use of Insufficiently Random Values',
  331: 'Insufficient Entropy',
  338: 'Use of Cryptographically Weak Pseudo-Random Number Generator (PRNG)',
  339: 'Small Seed Space in PRNG',
  347: 'Improper Verification of Cryptographic Signature',
  367: 'Time-of-check Time-of-use (TOCTOU) Race Condition',
  377: 'Insecure Temporary File',
  379: 'Creation of Temporary File in Directory with Incorrect Permissions',
  385: 'Covert Timing Channel',
  400: 'Uncontrolled Resource Consumption',
  406: 'Insufficient Control of Network Message Volume (Network Amplification)',
  414: 'Missing Lock Check',
  416: 'Use After Free',
  425: "Direct Request ('Forced Browsing')",
  434: 'Unrestricted Upload of File with Dangerous Type',
  454: 'External Initialization of Trusted Variables or Data Stores',
  462: 'Duplicate Key in Associative List (Alist)',
  476: 'NULL Pointer Dereference',
  477: 'Use of Obsolete Function',
  494: 'Download of Code Without Integrity Check',
  502: 'Deserialization of Untrusted Data',
  521: 'Weak Password Requirements',
  522: 'Insufficiently Protected Credentials',
  595: 'Comparison of Object References Instead of Object Contents',
  601: "URL Redirection to Untrusted Site ('Open Redirect')",
  605: 'Multiple Binds to the Same Port',
  611: 'Improper Restriction of XML External Entity Reference',
  641: 'Improper Restriction of Names for Files and Other Resources',
  643: "Improper Neutralization of Data within XPath Expressions ('XPath Injection')",
  703: 'Improper Check or Handling of Exceptional Conditions',
  730: 'OWASP Top Ten 2004 Category A9 - Denial of Service',
  732: 'Incorrect Permission Assignment for Critical Resource',
  759: 'Use of a One-Way Hash without a Salt',
  760: 'Use of a One-Way Hash with a Predictable Salt',
  776: "Improper Restriction of Recursive Entity References in DTDs ('XML Entity Expansion')",
  787: 'Out-of-bounds Write',
  798: 'Use of Hard-coded Credentials',
  827: 'Improper Control of Document Type Definition',
  835: "Loop with Unreachable Exit Condition ('Infinite Loop')",
  838: 'Inappropriate Encoding for Output Context',
  841: 'Improper Enforcement of Behavioral Workflow',
  918: 'Server-Side Request Forgery (SSRF)',
  941: 'Incorrectly Specified Destination in a Communication Channel',
  943: 'Improper Neutralization of Special Elements in Data Query Logic',
  1204: 'Generation of Weak Initialization Vector (IV)',
};

/** MITRE's name for a CWE, or undefined when the table does not hold it. */
export function cweName(cwe: number): string | undefined {
  return cweNames[cwe];
}

/** `CWE-89 (Improper Neutralization … ('SQL Injection'))`, or just `CWE-89` for an unknown id. */
export function describeCwe(cwe: number): string {
  const name = cweNames[cwe];
  return name === undefined ? `CWE-${String(cwe)}` : `CWE-${String(cwe)} (${name})`;
}

/** Parses `CWE-089`, `cwe-89`, `89`; null when the text names no CWE. */
export function parseCweId(text: string): number | null {
  const match = /^\s*(?:cwe[-_ ]?)?0*(\d{1,5})\s*$/i.exec(text);
  return match?.[1] === undefined ? null : Number(match[1]);
}
