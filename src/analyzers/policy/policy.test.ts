import { afterAll, describe, expect, it } from 'vitest';

import { createBanditEngine } from '../bandit/index.js';
import { createBuiltinAnalyzer } from '../builtin/index.js';
import type { Finding } from '../types.js';
import { AnalyzerUnion, analyzerMembers } from '../union.js';
import { advisoryRules } from './advisory-rules.js';
import { decideBlocking, isBlocking } from './policy.js';
import { policyOf, withPolicy } from './policy-analyzer.js';
import { findingOf } from './testing.js';

/** `subprocess` imported and called in list form with a full path: B404 and B603, no weakness. */
const listFormCall = 'import subprocess\n\ndef listing():\n    return subprocess.run(["/bin/ls", "-l"], check=True)';

// Every entry of the table, both ways, on real Bandit and builtin findings: `advisory` is code whose module is used
// safely (the entry's finding must not block), `blocking` is code using it unsafely (it must).
const cases: Record<string, { readonly test: string; readonly advisory: string; readonly blocking: string }> = {
  'import-subprocess': {
    test: 'B404',
    advisory: listFormCall,
    blocking: ['import subprocess', '', 'def run(command):', '    return subprocess.call(command, shell=True)'].join(
      '\n',
    ),
  },
  'subprocess-without-shell': {
    test: 'B603',
    advisory: listFormCall,
    blocking: [
      'import subprocess',
      'from flask import Flask, request',
      'app = Flask(__name__)',
      '',
      '@app.route("/run")',
      'def run():',
      '    return subprocess.check_output([request.args["program"], "--version"])',
    ].join('\n'),
  },
  'import-pickle': {
    test: 'B403',
    advisory: ['import pickle', '', 'def save(obj, stream):', '    pickle.dump(obj, stream)'].join('\n'),
    blocking: ['import pickle', '', 'def load(data):', '    return pickle.loads(data)'].join('\n'),
  },
  'import-xml': {
    test: 'B405',
    advisory: [
      'import xml.etree.ElementTree as ET',
      '',
      'def build(name):',
      '    root = ET.Element("user")',
      '    root.set("name", name)',
      '    return ET.tostring(root)',
    ].join('\n'),
    blocking: ['import xml.etree.ElementTree as ET', '', 'def parse(data):', '    return ET.fromstring(data)'].join(
      '\n',
    ),
  },
  'import-cleartext-protocol': {
    test: 'B402',
    advisory: [
      'import ftplib',
      '',
      'def is_permission_error(error):',
      '    return isinstance(error, ftplib.error_perm)',
    ].join('\n'),
    blocking: ['import ftplib', '', 'def connect(host):', '    return ftplib.FTP(host)'].join('\n'),
  },
  'import-crypto-package': {
    test: 'B413',
    advisory: [
      'from Crypto.Cipher import AES',
      '',
      'def seal(key, data):',
      '    cipher = AES.new(key, AES.MODE_GCM)',
      '    return cipher.nonce, cipher.encrypt_and_digest(data)',
    ].join('\n'),
    blocking: [
      'from Crypto.Cipher import AES',
      '',
      'def seal(key, data):',
      '    return AES.new(key, AES.MODE_ECB).encrypt(data)',
    ].join('\n'),
  },
  'ftp-over-tls': {
    test: 'B321',
    advisory: [
      'import ftplib',
      '',
      'def fetch(host, user, password, name, out):',
      '    ftp = ftplib.FTP_TLS(host)',
      '    ftp.login(user, password)',
      '    ftp.prot_p()',
      '    ftp.retrbinary("RETR " + name, out.write)',
    ].join('\n'),
    // TLS for the login only: the file still travels in cleartext (no prot_p)
    blocking: [
      'import ftplib',
      '',
      'def fetch(host, user, password, name, out):',
      '    ftp = ftplib.FTP_TLS(host)',
      '    ftp.login(user, password)',
      '    ftp.retrbinary("RETR " + name, out.write)',
    ].join('\n'),
  },
  'urlopen-constant-https': {
    test: 'B310',
    advisory: [
      'import urllib.request',
      '',
      'def status():',
      '    return urllib.request.urlopen("https://status.example.com/api").read()',
    ].join('\n'),
    blocking: ['import urllib.request', '', 'def fetch(url):', '    return urllib.request.urlopen(url).read()'].join(
      '\n',
    ),
  },
};

describe('the advisory table', () => {
  it('has a case here for every entry and every entry has a reason', () => {
    expect(Object.keys(cases).sort()).toEqual(advisoryRules.map((rule) => rule.id).sort());
    for (const rule of advisoryRules) expect(rule.reason.length).toBeGreaterThan(40);
  });
});

describe('oracle policy on real Bandit and builtin findings', () => {
  const engines = new AnalyzerUnion([createBanditEngine({ concurrency: 1 }), createBuiltinAnalyzer()]);
  const precise = withPolicy(engines, 'precise');
  const study = withPolicy(engines, 'study');
  afterAll(() => engines.close());

  const findingsOf = async (analyzer: typeof precise, code: string, test: string): Promise<Finding[]> => {
    const [result] = await analyzer.scan([{ path: 'case.py', text: `${code}\n` }]);
    expect(result?.status).toBe('ok');
    return (result?.findings ?? []).filter((finding) => finding.analyzer === 'bandit' && finding.ruleId === test);
  };

  for (const [id, example] of Object.entries(cases)) {
    it(`${id}: ${example.test} is advisory when the module is used safely`, async () => {
      const found = await findingsOf(precise, example.advisory, example.test);
      expect(found.length).toBeGreaterThan(0);
      expect(found.map((finding) => finding.blocking)).toEqual(found.map(() => false));
      // Bandit stays Bandit: the verdict is added, nothing else about the finding changes.
      const [bare] = await engines.scan([{ path: 'case.py', text: `${example.advisory}\n` }]);
      const original = bare?.findings.find((finding) => finding.ruleId === example.test);
      expect({ ...found[0], blocking: undefined }).toEqual({ ...original, blocking: undefined });
    });

    it(`${id}: ${example.test} blocks when the module is used unsafely, and always under study`, async () => {
      const found = await findingsOf(precise, example.blocking, example.test);
      expect(found.length).toBeGreaterThan(0);
      expect(found.every(isBlocking)).toBe(true);
      const underStudy = await findingsOf(study, example.advisory, example.test);
      expect(underStudy.map((finding) => finding.blocking)).toEqual(underStudy.map(() => true));
    });
  }

  it('never makes a finding outside the table advisory', async () => {
    const [result] = await precise.scan([{ path: 'x.py', text: cases['import-pickle']?.blocking ?? '' }]);
    const others = (result?.findings ?? []).filter((finding) => finding.ruleId !== 'B403');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((finding) => finding.blocking === true)).toBe(true);
  });

  it('keeps the members and the policy visible through the wrapper', () => {
    expect(analyzerMembers(precise).map((member) => member.name)).toEqual(['bandit', 'builtin']);
    expect(policyOf(precise)).toBe('precise');
    expect(policyOf(engines)).toBeUndefined();
    expect(policyOf(withPolicy(precise, 'study'))).toBe('study');
    expect(withPolicy(precise, 'study').inner).toBe(engines);
  });
});

describe('decideBlocking', () => {
  const finding = findingOf;

  it('reaches a fixed point through entries that corroborate each other (B603 on a tainted call keeps B404)', () => {
    const imports = finding('bandit', 'B404', 78, 1);
    const call = finding('bandit', 'B603', 78, 5);
    const taint = finding('builtin', 'FDSP-PY-CMDI-001', 78, 5);
    expect(decideBlocking('precise', [imports, call, taint])).toEqual([true, true, true]);
    expect(decideBlocking('precise', [imports, call])).toEqual([false, false]);
  });

  it("judges B603 by another engine's finding on the same statement only", () => {
    const call = finding('bandit', 'B603', 78, 5);
    expect(decideBlocking('precise', [call, finding('builtin', 'FDSP-PY-CMDI-001', 78, 9)])).toEqual([false, true]);
    expect(decideBlocking('precise', [call, finding('bandit', 'B607', 78, 5)])).toEqual([false, true]);
  });

  it('does not let a partial executable path (B607, tagged CWE-78) keep `import subprocess` blocking', () => {
    const imports = finding('bandit', 'B404', 78, 1);
    const partialPath = finding('bandit', 'B607', 78, 5);
    expect(decideBlocking('precise', [imports, partialPath])).toEqual([false, true]);
    expect(decideBlocking('precise', [imports, partialPath, finding('bandit', 'B602', 78, 7)])).toEqual([
      true,
      true,
      true,
    ]);
  });

  it("reads ruff's flake8-bandit codes as Bandit tests, and no other engine's ids", () => {
    expect(decideBlocking('precise', [finding('ruff', 'S403', 502, 1)])).toEqual([false]);
    expect(decideBlocking('precise', [finding('ruff', 'S403', 502, 1), finding('ruff', 'S301', 502, 4)])).toEqual([
      true,
      true,
    ]);
    expect(decideBlocking('precise', [finding('semgrep', 'B403', 502, 1)])).toEqual([true]);
    expect(decideBlocking('precise', [finding('ruff', 'B403', 502, 1)])).toEqual([true]);
  });

  it('applies a snippet-bound entry only to the findings whose line matches', () => {
    const plain = { ...finding('bandit', 'B321', 319, 4), snippet: '    ftp = ftplib.FTP(host)' };
    const tls = { ...finding('bandit', 'B321', 319, 4), snippet: '    ftp = ftplib.FTP_TLS(host)' };
    expect(decideBlocking('precise', [plain])).toEqual([true]);
    expect(decideBlocking('precise', [tls])).toEqual([false]);
    expect(decideBlocking('precise', [tls, finding('builtin', 'FDSP-PY-CLEAR-001', 319, 4)])).toEqual([true, true]);
  });

  it('blocks everything under study', () => {
    expect(decideBlocking('study', [finding('bandit', 'B404', 78, 1), finding('bandit', 'B603', 78, 2)])).toEqual([
      true,
      true,
    ]);
  });
});
