// Which finding CWEs count for a target CWE in "target CWE" mode. Directional, by MITRE's hierarchy: a finding counts
// when its CWE is the target or a descendant of it (a more specific weakness is an instance of the target: an
// unsalted hash, CWE-759, is a weak password hash, CWE-916), never when it is only an ancestor (a salted but fast
// hash, CWE-916, is not "a hash without a salt", CWE-759; a privilege-management finding, CWE-269, is not "runs with
// unnecessary privileges", CWE-250). Besides the hierarchy, alias groups join ids that tools and benchmarks put on one
// and the same check (CodeQL tags its path-injection query 22, 23, 36, 73 and 99), in both directions.

/**
 * ChildOf edges of the research view (CWE-1000), child → parents, for the CWEs the benchmarks and rules use. Only
 * edges MITRE lists; a weakness related otherwise (CanPrecede, PeerOf) is not here.
 */
export const cweParents: Readonly<Record<number, readonly number[]>> = {
  256: [522], // plaintext storage of a password → insufficiently protected credentials
  261: [522], // weak encoding for a password
  23: [22], // relative path traversal
  36: [22], // absolute path traversal
  78: [77], // OS command injection → command injection
  88: [77], // argument injection
  95: [94], // eval injection → code injection
  96: [94], // static code injection
  759: [916], // one-way hash without a salt → password hash with insufficient computational effort
  760: [916], // one-way hash with a predictable salt
  916: [328], // → use of weak hash
  328: [326, 327], // → inadequate encryption strength, broken or risky algorithm
  1204: [330], // → use of insufficiently random values
  339: [335], // small seed space → incorrect usage of seeds in a PRNG
  335: [330],
  1333: [407], // inefficient regular expression complexity → inefficient algorithmic complexity
  407: [405], // → asymmetric resource consumption (amplification)
  405: [400], // → uncontrolled resource consumption
  209: [200], // error message containing sensitive information → exposure of sensitive information
  497: [200], // exposure of sensitive system information
  215: [200], // sensitive information in debugging code
  113: [93], // HTTP response splitting → CRLF injection
  250: [269], // execution with unnecessary privileges → improper privilege management
  271: [269], // privilege dropping / lowering errors
  273: [271], // improper check for dropped privileges
  614: [319], // sensitive cookie without Secure → cleartext transmission
  414: [667], // missing lock check → improper locking
  77: [74], // command injection → injection
  79: [74], // cross-site scripting
  91: [74], // XML injection
  643: [91], // XPath injection → XML injection
  93: [74], // CRLF injection
  94: [74], // code injection
  943: [74], // data query logic
  89: [943], // SQL injection → data query logic
  90: [943], // LDAP injection
  117: [116], // log neutralization → output encoding or escaping
};

/**
 * Ids scanners or benchmarks give the same check; each counts for the others, in both directions. Every group names
 * the check it stands for.
 */
export const cweAliases: readonly (readonly number[])[] = [
  // a secret literal in code: Bandit tags it 259, CodeQL 798, and whether it is a password or a key (321) is the
  // variable's name, not a different check
  [259, 321, 798],
  // the parser processes the document's DTD (827): external entities (611) and entity expansion (776) are the same
  // check with the same fix (defusedxml, or DTDs and entities off)
  [611, 776, 827],
  // CodeQL's py/path-injection query carries 22, 23, 36, 73 and 99; a user-named file (641) is the same check
  [22, 23, 36, 73, 99, 641],
  [79, 80], // script reaching HTML: rules tag it 79, the basic form is 80
  // an XSS finding is the missing output encoding SecurityEval's CWE-116 tasks ask for (CWE-116 CanPrecede 79)
  [79, 116],
  // a non-cryptographic PRNG for a secret: Bandit tags B311 330, CodeQL 338, SecurityEval's tasks 331
  [330, 331, 338],
  [329, 1204], // a constant IV: 329 in CBC mode, 1204 in general; the rule does not need the mode to know it is wrong
  [730, 1333], // SecurityEval's CWE-730 tasks (a category: OWASP A9 denial of service) are regular-expression DoS
  [377, 379], // SecurityEval's CWE-379 tasks are `tempfile.mktemp` races, CWE-377
  [385, 208], // SecurityEval's CWE-385 tasks (covert timing channel) are the non-constant-time compare, CWE-208
];

/**
 * Directed extras outside the hierarchy: a finding of a right-hand CWE, or of one below it, also counts for the
 * target on the left.
 */
export const cweExtraRelations: Readonly<Record<number, readonly number[]>> = {
  // missing output encoding (116) is what lets text change the command sent to another component: MITRE lists it as
  // CanPrecede injection (74), so an injection finding is the missing encoding (SecurityEval's CWE-116 task is user
  // text unescaped in a shell command). A path-traversal finding is not: CWE-22 is no injection in MITRE's views.
  116: [74],
  // SecurityEval's CWE-425 task (direct request) is a file the request names: a request value that steers the path
  // out of the user's own files is the forced browsing
  425: [22],
  // a lock that is not held across the critical section (improper locking, 667) is what SecurityEval's CWE-414 tasks
  // (missing lock check) ask about
  414: [667],
  // credentials stored as a fast or unsalted hash are retrievable by offline cracking: CWE-522's "insecure method
  // susceptible to retrieval"
  522: [916, 759, 760, 328],
};

/** Whether `found` is `target` or lies below it (iterative: the table is data and may one day hold a cycle). */
function isDescendant(target: number, found: number): boolean {
  const seen = new Set<number>();
  const pending = [found];
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === undefined || seen.has(current)) continue;
    seen.add(current);
    if (current === target) return true;
    pending.push(...(cweParents[current] ?? []));
  }
  return false;
}

function aliasesOf(cwe: number): readonly number[] {
  return [cwe, ...cweAliases.filter((group) => group.includes(cwe)).flat()];
}

/**
 * Checks that their tool tags with a generic CWE although the check's documented subject is a specific weakness: the
 * finding also counts for the specific ids. Keyed by analyzer and rule, so only that check is refined, never every
 * finding that happens to carry the generic id.
 */
export const checkCwes: readonly {
  readonly analyzer: string;
  readonly rules: readonly string[];
  readonly cwes: readonly number[];
  /** The tool's tag names a different weakness than the check's subject: count only `cwes`, not the tag. */
  readonly replacesTag?: true;
  readonly reason: string;
}[] = [
  {
    analyzer: 'bandit',
    // the XML blacklist's parse calls: xml.etree, expat, sax, minidom, pulldom and lxml. Its import warnings
    // (B405–B411) stay CWE-20 only: an import parses nothing, and a module imported to build XML is no XML attack.
    rules: ['B313', 'B314', 'B315', 'B316', 'B317', 'B318', 'B319', 'B320'],
    cwes: [611, 776, 827],
    reason:
      'Bandit documents these tests as "vulnerable to XML attacks" and names defusedxml as the fix; the attacks it ' +
      'links to are external entities (611), entity expansion (776) and DTD retrieval (827). Bandit 1.7.x tags them ' +
      'CWE-20 (input validation), which no XML task targets.',
  },
  {
    analyzer: 'bandit',
    rules: ['B413'],
    cwes: [477, 1104],
    replacesTag: true,
    reason:
      'B413 fires on any `Crypto` import because the PyCrypto package is unmaintained (an obsolete component with a ' +
      'known CVE: 477, 1104); it names no algorithm or mode, so it says nothing about broken cryptography (327), ' +
      'which Bandit tags it with. The cipher and mode in use are judged by the checks that read them.',
  },
  {
    analyzer: 'bandit',
    rules: ['B607'],
    cwes: [426, 427],
    replacesTag: true,
    reason:
      'B607 flags a process started by a partial executable path ("ls" instead of "/bin/ls"): Bandit documents the ' +
      'risk as a hijacked PATH finding another program, an untrusted search path (426, 427). No command text reaches ' +
      'a shell or an argument list, so it is no OS command injection (78), which Bandit tags it with.',
  },
];

/**
 * The rule id the evaluation gives code an analyzer could not parse. The oracle rejects such code (the repair loop
 * treats a syntax error as a failed round, never as a fix), so for the detector it counts as flagged for any target.
 */
export const unparseableRuleId = 'EVAL-UNPARSEABLE';

export interface MatchableFinding {
  readonly cwe: number | null;
  readonly analyzer?: string;
  readonly ruleId?: string;
}

/** Whether one finding counts for the target CWE: by its CWE, or by the check it comes from. */
export function findingMatches(target: number, finding: MatchableFinding): boolean {
  if (finding.ruleId === unparseableRuleId) return true;
  const check = checkCwes.find(
    (entry) =>
      entry.analyzer === finding.analyzer && finding.ruleId !== undefined && entry.rules.includes(finding.ruleId),
  );
  if (check?.replacesTag !== true && cweMatches(target, finding.cwe)) return true;
  return check !== undefined && check.cwes.some((cwe) => cweMatches(target, cwe));
}

export function cweMatches(target: number, found: number | null): boolean {
  if (found === null) return false;
  if (found === target) return true;
  const extras = cweExtraRelations[target] ?? [];
  if (extras.some((extra) => aliasesOf(found).some((alias) => isDescendant(extra, alias)))) return true;
  return aliasesOf(found).some((alias) => aliasesOf(target).some((wanted) => isDescendant(wanted, alias)));
}
