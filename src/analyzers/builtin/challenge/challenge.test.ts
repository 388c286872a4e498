import { describe, expect, it } from 'vitest';

import { cweMatches } from '../../evaluation/cwe-equivalence.js';
import { scanSource } from '../builtin-analyzer.js';
import { loadChallengeCorpus } from './challenge-corpus.js';

// Vulnerable snippets the analyzer is known not to reach. The test checks they are STILL missed, so an improvement
// shows up here and the entry can move back into the corpus proper.
const knownLimitations: Readonly<Record<string, string>> = {
  // CWE-400 by an unbounded request body needs app-wide configuration (MAX_CONTENT_LENGTH, a proxy limit) that a
  // single module rarely shows; flagging every body read would hit the safe variant too.
  'dos-unbounded-read': 'resource limits live outside the module',
  // Request data stored on an object in __init__ and used in another method: the analysis is not field-sensitive
  // across methods.
  // Deliberately not flagged: HMAC-MD5 has no practical forgery attack (RFC 6151), and flagging every md5 reference
  // would hit checksums too. Bandit does not flag it either.
  'hmac-md5': 'HMAC with MD5 is a policy question, not a detectable weakness',
  // MD5/SHA-1 outside password hashing is left to Bandit (B303/B324), which flags every use; the union catches it.
  'ho-weak-hash-token': 'generic weak-hash use is Bandit territory',
  // urlopen() also opens file:// URLs; a function handed its URL by the caller is left to Bandit's B310 (the union
  // catches it): flagging every urlopen of a variable would hit ordinary library code.
  'rsw-readjson-first-gen': 'a caller-chosen URL scheme in urlopen is Bandit B310 territory',
  // Exposure to an unauthorized caller (CWE-200) by an authorization check that is never made or whose result is
  // dropped: the analyzer does not know which queries need which check.
  'rsw-bank-check-ignored': 'which data needs an authorization check is application knowledge',
  'rsw-bank-no-check': 'which data needs an authorization check is application knowledge',
  // A route that should require a login but does not (the decorator exists, unapplied; a client flag decides): what
  // is confidential is application knowledge, and AUTH-001 only knows destructive actions.
  'rsw-settings-undecorated': 'which pages need a login is application knowledge',
  'rsw-settings-client-flag':
    'a client-chosen "logged in" flag is TRUST-001 (CWE-454), not a missing-authentication finding',
  // repair-shapes-crypto.txt: a certificate fingerprint taken with MD5/SHA-1 is the same generic weak-hash use.
  'cs-cert-md5': 'generic weak-hash use is Bandit territory',
  'cs-cert-sha1-new': 'generic weak-hash use is Bandit territory',
  // random.choice for a string whose only sign of being a secret is the task's wording ("unpredictable"): no
  // secret-named function or variable, so RAND-001 stays quiet; Bandit B311 flags every such call and the union
  // catches it.
  'cs-randstr-choice': 'a random string with no secret-named context is left to Bandit B311',
  'cs-randstr-choices': 'a random string with no secret-named context is left to Bandit B311',
  'cs-randstr-reseeded': 'a random string with no secret-named context is left to Bandit B311',
  // A session id hashed from the clock: the digest hides the predictable input, and hashing time.time() is common
  // for cache keys and file names.
  'cs-session-time-hash': 'a digest of the clock is not traced as a predictable secret',
  // CWE-703 (int(input()) with no handler, an assert as the type check): no builtin rule; Bandit's B101 flags the
  // assert.
  'cs-int-assert': 'unhandled conversions are ordinary code; no builtin CWE-703 rule',
  // A task function nobody in the module calls, its operation replaced by `raise NotImplementedError` or a TODO and a
  // placeholder return: the fake-fix rules judge uncalled module-level stubs quiet, as library code needs them to be.
  'rs-sql-show-fake-placeholder': 'an uncalled task function stubbed out',
  // repair-styles-injection.txt, vulnerable snippets still missed:
  'ysi-sql-fake-abstract-repo': 'an uncalled task function stubbed out',
  // repair-styles-crypto.txt (round 2, styles round 1 did not write).
  // MD5 inside a generic `_digest(value)` helper fed salt + password: the password reaches the hash through a
  // parameter with no password name; Bandit B324 flags the md5 call and the union catches it.
  'ysc-hash-md5-salted-helper': 'generic weak-hash use is Bandit territory',
  // A salt or an IV read once from the environment is a deployer's value to the analyzer; that it is one value for
  // every user or message is not visible in the module.
  'ysc-gethash-salt-env-bytes': 'an environment-read salt is treated as configuration',
  'ysc-iv-from-environment': 'an environment-read IV is treated as configuration',
  // The validation runs after the privileged mkdir: the order of a check relative to a privileged call is not a
  // fact the privilege rules have.
  'ysc-priv269-check-after-create': 'a check after the privileged operation',
  // The existence check sits in a module-local helper returning a bool (file_ok(p)); TOCTOU-001 ties only a direct
  // os.path / pathlib check to the later open.
  'ysc-toctou-helper-isfile': 'an existence check inside a helper',
  // The destination comes from the packet through a helper's tuple return, unpacked in a class method.
  'ysc-udp-dest-parsed-class': 'a destination through a helper tuple in a class method',
  // repair-styles-web.txt, vulnerable shapes still missed:
  // Bottle's `{{!name}}` turns escaping off inside the template text; template bodies are not parsed.
  'ysw-bottle-template-raw': "a Bottle template's raw-output marker is not read",
  // The insufficient endswith check lives in a pydantic field_validator: checks inside model validators are not read.
  'ysw-domain-pydantic-endswith': 'a check inside a pydantic validator is not read',
  // startswith("/tmp") without a separator on an abspath: PATH-003 sees a name check; a prefix without a trailing
  // separator is not judged an escape to a sibling directory.
  'ysw-tar-startswith-no-separator': 'a containment prefix without a trailing separator counts as a name check',
  // repair-gpt4-style.txt (round 3, GPT-4's repairs of weaker models' code):
  // sha256(b"literal") bound at import and compared with the supplied password's digest: the literal reaches only a
  // hash, and hash-of-literal is also how code pins a file's known digest.
  'g4-admin-password-sha256-literal-digest': 'a digest of a literal password computed in the code',
  // stubs-and-objects.txt
  'so-encrypt-self-call-stub':
    "a stub reached through self is read as an extension point (the stdlib's template-method hooks look the same)",
  'so-methodview-upload-stub': 'a class-based view registered with add_url_rule is not read as a request handler',
};

// Safe snippets the analyzer is known to flag: validation it does not follow. The test checks they are STILL flagged,
// so a fix shows up here and the entry can go.
const knownFalseAlarms: Readonly<Record<string, string>> = {
  // repair-styles-injection.txt
  'ysi-sql-table-from-config-constant':
    'the environment is a SQL injection source (operator input), even for a table name the deployer sets',
  // repair-styles-web.txt
  // validation that lives outside the view: a validating decorator, a before_request hook, a model or form library
  'ysw-regex-config-hosts-escaped': 'a pattern built at run time (re.escape of configured hosts) is not judged',
  // transforms the sanitizer table does not know
  'ysw-download-normpath-rooted': 'normpath("/" + path) cannot climb above "/"; the rooted form is not recognized',
  'ysw-content-type-translate': 'str.translate with a table deleting CR/LF is not recognized',
  'ysw-log-first-line': 'the first element of splitlines() holds no line break; not recognized',
  'ysw-upload-magic-uuid-name':
    'a program-chosen file name (uuid + fixed extension) after a magic-byte check is not recognized',
  // repair-gpt4-style.txt (round 3)
  // saxutils.escape() turns every "<" and "&" of the document into text, so no DTD or entity can be declared; the XML
  // parser rules have no escape entry in their sanitizer table (a parse of escaped text is rare and useless).
  'g4-xml-string-escape-before-parse': 'an XML parse of escaped text, which cannot declare entities',
  // stubs-and-objects.txt
  'so-self-attr-cmd-constant':
    'an attribute every constructor call sets from a literal is not read as constant in the shell command',
};

const corpus = loadChallengeCorpus();

describe('builtin challenge corpus', () => {
  it('has a realistic mix of vulnerable, safe and neutral snippets with unique ids', () => {
    expect(new Set(corpus.map((snippet) => snippet.id)).size).toBe(corpus.length);
    expect(corpus.filter((snippet) => snippet.label === 'vuln').length).toBeGreaterThan(80);
    expect(corpus.filter((snippet) => snippet.label === 'safe').length).toBeGreaterThan(60);
    expect(corpus.filter((snippet) => snippet.label === 'neutral').length).toBeGreaterThan(20);
    for (const id of Object.keys(knownLimitations)) expect(corpus.map((snippet) => snippet.id)).toContain(id);
    const safeIds = corpus.filter((snippet) => snippet.label !== 'vuln').map((snippet) => snippet.id);
    for (const id of Object.keys(knownFalseAlarms)) expect(safeIds).toContain(id);
  });

  for (const snippet of corpus) {
    const findings = (): { ruleId: string; cwe: number | null }[] =>
      scanSource(`${snippet.id}.py`, snippet.code).map((finding) => ({ ruleId: finding.ruleId, cwe: finding.cwe }));
    if (snippet.label === 'vuln') {
      const limitation = knownLimitations[snippet.id];
      it(`${snippet.id}: ${limitation ? `still missed (${limitation})` : `flags CWE-${String(snippet.cwe)}`}`, () => {
        const hit = findings().some((finding) => snippet.cwe !== null && cweMatches(snippet.cwe, finding.cwe));
        expect(hit, JSON.stringify(findings())).toBe(!limitation);
      });
    } else if (knownFalseAlarms[snippet.id]) {
      it(`${snippet.id}: still flagged (${knownFalseAlarms[snippet.id] ?? ''})`, () => {
        expect(findings().filter((finding) => !snippet.allowed.includes(finding.ruleId))).not.toEqual([]);
      });
    } else {
      it(`${snippet.id}: raises nothing${snippet.allowed.length > 0 ? ` but ${snippet.allowed.join(', ')}` : ''}`, () => {
        expect(findings().filter((finding) => !snippet.allowed.includes(finding.ruleId))).toEqual([]);
      });
    }
  }
});
