// The table behind `--policy precise`: analyzer findings that securing the code can never resolve. Each entry names
// the tests it covers, why they are advisory, and what would make them count after all (corroboration). The table is
// data; `policy.ts` applies it. Keep it small: an entry needs a CWE/API reason, not a benchmark sample.

/** Where a corroborating finding must be to keep a finding of the entry blocking. */
export type CorroborationScope = 'file' | 'statement';

export interface AdvisoryRule {
  /** Stable name of the entry (tests and docs refer to it). */
  readonly id: string;
  /** Bandit test ids (`B404`); ruff's flake8-bandit port reports the same numbers as `S404`. */
  readonly tests: readonly string[];
  readonly reason: string;
  /**
   * When set, the entry covers only findings whose source line matches (the call Bandit flags by name is the safe
   * variant); a test's other findings stay blocking.
   */
  readonly snippet?: RegExp;
  /** A blocking finding that matches this keeps the entry's finding blocking: the weakness it points at is present. */
  readonly corroboratedBy: {
    readonly scope: CorroborationScope;
    /** Call-level tests of the same module or weakness. */
    readonly tests: readonly string[];
    /** Any analyzer's finding of one of these weaknesses (e.g. the builtin analyzer's taint rules). */
    readonly cwes: readonly number[];
    /** Only another engine's finding counts (the same engine's other tests already block on their own). */
    readonly fromOtherAnalyzer: boolean;
    /** Tests whose CWE tag matches `cwes` although their subject is another weakness: they never corroborate. */
    readonly exceptTests?: readonly string[];
  };
}

const xmlParsingCalls = ['B313', 'B314', 'B315', 'B316', 'B317', 'B318', 'B319', 'B320'];

export const advisoryRules: readonly AdvisoryRule[] = [
  {
    id: 'ftp-over-tls',
    tests: ['B321'],
    snippet: /\bFTP_TLS\s*\(/,
    reason:
      'B321 flags every ftplib call by module name, FTP_TLS included: FTP over TLS is the CWE-319 fix itself. It ' +
      'still leaves the data channel in cleartext until prot_p() is called (Python docs), which the builtin ' +
      "analyzer's cleartext rule reports on the call.",
    corroboratedBy: { scope: 'statement', tests: [], cwes: [319], fromOtherAnalyzer: true },
  },
  {
    id: 'urlopen-constant-https',
    tests: ['B310'],
    snippet: /\burl(open|retrieve)\s*\(\s*[rbu]?['"]https:\/\//i,
    reason:
      'B310 audits urlopen for a user-chosen scheme (file://, custom openers); a constant https:// URL fixes the ' +
      'scheme and the host, so no securing edit applies.',
    corroboratedBy: { scope: 'statement', tests: [], cwes: [22, 918], fromOtherAnalyzer: true },
  },
  {
    id: 'import-subprocess',
    tests: ['B404'],
    reason:
      'Bandit flags every `import subprocess` ("consider possible security implications"); the module is how a ' +
      'command runs without a shell, the CWE-78 fix itself. Only an unsafe call (shell=True, os.system, a tainted ' +
      'command) is a command-injection weakness, and those are reported at the call. A partial executable path ' +
      '(B607) is another weakness, an untrusted search path, which B607 itself reports at the call.',
    corroboratedBy: {
      scope: 'file',
      tests: ['B602', 'B603', 'B604', 'B605', 'B606', 'B609'],
      cwes: [77, 78, 88],
      fromOtherAnalyzer: false,
      // Bandit tags B607 CWE-78; its subject is the search path (CWE-426).
      exceptTests: ['B607'],
    },
  },
  {
    id: 'subprocess-without-shell',
    tests: ['B603'],
    reason:
      'Bandit reports every subprocess call without a shell ("check for execution of untrusted input"): an audit ' +
      'note on the list-form call that CWE-78 recommends. No securing edit removes it; an untrusted argument is ' +
      "evidenced only by another engine's command-injection finding on the same call.",
    corroboratedBy: { scope: 'statement', tests: [], cwes: [77, 78, 88], fromOtherAnalyzer: true },
  },
  {
    id: 'import-pickle',
    tests: ['B403'],
    reason:
      'Importing pickle, cPickle, dill or shelve is not deserialization of untrusted data (CWE-502); loading is, ' +
      'and Bandit reports it at the call (B301).',
    corroboratedBy: { scope: 'file', tests: ['B301'], cwes: [502], fromOtherAnalyzer: false },
  },
  {
    id: 'import-xml',
    tests: ['B405', 'B406', 'B407', 'B408', 'B409', 'B410'],
    reason:
      'XML attacks (XXE, entity expansion: CWE-611/776) happen when untrusted XML is parsed; Bandit reports the ' +
      'parsing calls as B313-B320. The stdlib or lxml import is still needed to build and serialize XML, or for ' +
      'types, when parsing goes through defusedxml.',
    corroboratedBy: { scope: 'file', tests: xmlParsingCalls, cwes: [611, 776, 827], fromOtherAnalyzer: false },
  },
  {
    id: 'import-cleartext-protocol',
    tests: ['B401', 'B402'],
    reason:
      'Importing telnetlib or ftplib transmits nothing (CWE-319); opening a Telnet or FTP session does, and Bandit ' +
      'reports it at the call (B312, B321).',
    corroboratedBy: { scope: 'file', tests: ['B312', 'B321'], cwes: [319], fromOtherAnalyzer: false },
  },
  {
    id: 'import-crypto-package',
    tests: ['B413'],
    reason:
      'B413 warns that PyCrypto is unmaintained, by package name: PyCryptodome, the maintained drop-in, installs ' +
      'the same `Crypto` package (Bandit dropped its own PyCryptodome warning, B414, for being maintained). A weak ' +
      'algorithm, mode or key (CWE-326/327) is reported at the call.',
    corroboratedBy: {
      scope: 'file',
      tests: ['B303', 'B304', 'B305', 'B505'],
      cwes: [326, 327],
      fromOtherAnalyzer: false,
    },
  },
];
