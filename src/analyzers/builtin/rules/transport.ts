// Transport security (CWE-295, CWE-327, CWE-319): certificate checks, TLS versions, cleartext protocols.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { isReRaise } from '../engine/re-raise.js';
import { argument, isFalse, isTrue, matches, stringValue } from './check-helpers.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { descendants, httpClientCalls, ownAttribute } from './shared-facts.js';

/** The method `self.accept` / `cls.accept` names in the class around the reference. */
function ownMethod(reference: PlainNode, analysis: ModuleAnalysis): PlainNode | undefined {
  const own = ownAttribute(reference, analysis);
  return (own ? namedChildren(own.body) : [])
    .map((statement) => (statement.type === 'decorated_definition' ? childByField(statement, 'definition') : statement))
    .find(
      (statement) =>
        statement?.type === 'function_definition' &&
        analysis.text(childByField(statement, 'name') ?? statement) === own?.name,
    );
}

/**
 * A pyOpenSSL verify callback that accepts every certificate: its return value replaces OpenSSL's own verdict
 * (pyOpenSSL documents "return True if verification passes"), so a lambda or module function that returns True
 * whatever `preverify_ok` says turns VERIFY_PEER into no verification.
 */
function acceptsEveryCertificate(analysis: ModuleAnalysis, callback: PlainNode | undefined): boolean {
  if (!callback) return false;
  if (callback.type === 'lambda') return isTrue(analysis, childByField(callback, 'body'));
  const body =
    callback.type === 'identifier'
      ? analysis.functionNamed(analysis.text(callback))?.node
      : callback.type === 'attribute'
        ? ownMethod(callback, analysis)
        : undefined;
  const block = body ? childByField(body, 'body') : undefined;
  if (!block) return false;
  const returns = descendants(block).filter((node) => node.type === 'return_statement');
  return (
    returns.length > 0 &&
    returns.every((statement) => isTrue(analysis, namedChildren(statement)[0])) &&
    !descendants(block).some(
      (node) => node.type === 'raise_statement' && !isReRaise(node, (inner) => analysis.text(inner)),
    )
  );
}

/** `context.set_verify(SSL.VERIFY_NONE, …)`, or VERIFY_PEER with a callback that accepts everything. */
function disablesPeerVerification(site: CallSite, analysis: ModuleAnalysis): boolean {
  if (site.method !== 'set_verify' || !/\bOpenSSL\b/.test(analysis.moduleText())) return false;
  const mode = argument(site, 0, 'mode');
  if (mode && /(^|\.)VERIFY_NONE$/.test(analysis.text(mode))) return true;
  return acceptsEveryCertificate(analysis, argument(site, 1, 'callback'));
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-TLS-001',
    name: 'certificate-validation-disabled',
    cwe: 295,
    severity: 'high',
    confidence: 'high',
    message: 'TLS certificate or host-name verification is disabled',
    fixHint:
      'Keep verification on: drop verify=False, use ssl.create_default_context() without changing check_hostname/verify_mode, and for SSH load known host keys instead of AutoAddPolicy.',
    examples: {
      vulnerable: [
        'import requests\ndef download(url):\n    session = requests.Session()\n    session.verify = False\n    return session.get(url).content\n',
        'import requests\nr = requests.get(url, verify=False)\n',
        'import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n',
        'import ssl\nctx = ssl._create_unverified_context()\n',
        'import ssl, urllib3\npool = urllib3.HTTPSConnectionPool("api.example.com", cert_reqs=ssl.CERT_NONE)\n',
        'import urllib3\ndef client():\n    return urllib3.ProxyManager("http://proxy:3128", cert_reqs="NONE")\n',
      ],
      safe: [
        'import requests\nr = requests.get(url, timeout=5)\n',
        'import ssl\nctx = ssl.create_default_context()\n',
        'import certifi, urllib3\npool = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=certifi.where())\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-TLS-002',
    name: 'openssl-context-without-verify',
    cwe: 295,
    severity: 'medium',
    confidence: 'medium',
    message:
      'A pyOpenSSL context does not verify its peer: no set_verify (the default is VERIFY_NONE), VERIFY_NONE, or a callback that accepts every certificate',
    fixHint:
      'Call context.set_verify(SSL.VERIFY_PEER, callback) and load trusted CAs (context.set_default_verify_paths()) before using the context.',
    examples: {
      vulnerable: [
        'from OpenSSL import SSL\ndef ctx():\n    return SSL.Context(SSL.TLS_METHOD)\n',
        'from OpenSSL import SSL\ndef ctx():\n    c = SSL.Context(SSL.TLS_METHOD)\n    c.set_verify(SSL.VERIFY_NONE)\n    return c\n',
        // the callback's True overrides a failed chain check
        'from OpenSSL import SSL\ndef ctx():\n    c = SSL.Context(SSL.TLS_METHOD)\n    c.set_verify(SSL.VERIFY_PEER, lambda *a: True)\n    return c\n',
        'from OpenSSL import SSL\ndef trust(conn, cert, err, depth, ok):\n    return True\ndef ctx():\n    c = SSL.Context(SSL.TLS_METHOD)\n    c.set_verify(mode=SSL.VERIFY_PEER, callback=trust)\n    return c\n',
        'from OpenSSL import SSL\nclass Client:\n    @staticmethod\n    def trust(*args):\n        return 1\n    def context(self):\n        c = SSL.Context(SSL.TLS_METHOD)\n        c.set_verify(SSL.VERIFY_PEER, self.trust)\n        return c\n',
      ],
      safe: [
        'from OpenSSL import SSL\ndef ctx():\n    c = SSL.Context(SSL.TLS_METHOD)\n    c.set_verify(SSL.VERIFY_PEER, lambda conn, cert, err, depth, ok: ok)\n    return c\n',
        'from OpenSSL import SSL\ndef ctx():\n    c = SSL.Context(SSL.TLS_METHOD)\n    c.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT)\n    c.set_default_verify_paths()\n    return c\n',
        // a callback that looks at the chain's verdict, returning True only on its own condition
        'from OpenSSL import SSL\ndef check(conn, cert, err, depth, ok):\n    if not ok:\n        return False\n    return True\ndef ctx():\n    c = SSL.Context(SSL.TLS_METHOD)\n    c.set_verify(SSL.VERIFY_PEER, check)\n    return c\n',
        'from OpenSSL import SSL\nclass Client:\n    def check(self, conn, cert, err, depth, ok):\n        return ok\n    def context(self):\n        c = SSL.Context(SSL.TLS_METHOD)\n        c.set_verify(SSL.VERIFY_PEER, self.check)\n        return c\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-TLS-003',
    name: 'insecure-tls-protocol',
    cwe: 327,
    severity: 'high',
    confidence: 'high',
    message: 'An insecure SSL/TLS protocol version or the deprecated ssl.wrap_socket() is used',
    fixHint:
      'Create the socket with ssl.create_default_context().wrap_socket(sock, server_hostname=host); it negotiates TLS 1.2+ and verifies the certificate and host name. Set context.minimum_version = ssl.TLSVersion.TLSv1_2 if needed.',
    examples: {
      vulnerable: ['import ssl\ns = ssl.wrap_socket(sock)\n', 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n'],
      safe: ['import ssl\ns = ssl.create_default_context().wrap_socket(sock, server_hostname=h)\n'],
    },
  },
  {
    id: 'FDSP-PY-CLEAR-001',
    name: 'cleartext-protocol',
    cwe: 319,
    severity: 'medium',
    confidence: 'medium',
    message: 'Data (often credentials) is sent over a cleartext protocol (FTP, Telnet, SMTP without TLS, http://)',
    fixHint:
      'Use the TLS variant: ftplib.FTP_TLS (with prot_p()), SSH instead of Telnet, smtplib.SMTP_SSL or starttls(), and https:// URLs.',
    examples: {
      vulnerable: [
        'import ftplib\nftp = ftplib.FTP(host)\n',
        'import requests\nr = requests.post("http://api.example.com/login", data=d)\n',
        'import smtplib\ns = smtplib.SMTP("mail.example.com")\ns.login(u, p)\n',
        'import ftplib\ndef get(host, user, pw, name, out):\n    ftp = ftplib.FTP_TLS(host)\n    ftp.login(user, pw)\n    ftp.retrbinary("RETR " + name, out.write)\n',
      ],
      safe: [
        'import ftplib\ndef get(host, user, pw, name, out):\n    ftp = ftplib.FTP_TLS(host)\n    ftp.login(user, pw)\n    ftp.prot_p()\n    ftp.retrbinary("RETR " + name, out.write)\n',
        'import requests\nr = requests.get("http://localhost:8000/health")\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-TLS-001': {
    call(site, analysis) {
      if (
        site.name === 'ssl._create_unverified_context' ||
        (/set_missing_host_key_policy$/.test(site.name) &&
          site.positional[0] &&
          /AutoAddPolicy|WarningPolicy/.test(analysis.text(site.positional[0])))
      ) {
        analysis.report('FDSP-PY-TLS-001', site.node);
        return;
      }
      if (isFalse(analysis, site.keywords.get('verify')) && !/jwt/.test(site.name))
        analysis.report('FDSP-PY-TLS-001', site.node);
      // urllib3's pools and ssl.wrap_socket take the verification mode as cert_reqs: "CERT_NONE" or ssl.CERT_NONE
      const certificates = site.keywords.get('cert_reqs');
      if (
        certificates &&
        (/(^|\.)CERT_NONE$/.test(analysis.text(certificates)) ||
          /^(CERT_)?NONE$/.test(stringValue(analysis, certificates) ?? ''))
      )
        analysis.report('FDSP-PY-TLS-001', site.node);
      if (/aiohttp/.test(site.name) && isFalse(analysis, site.keywords.get('ssl')))
        analysis.report('FDSP-PY-TLS-001', site.node);
    },
    assign(target, value, analysis) {
      const name = analysis.text(target);
      if (
        (/\.check_hostname$/.test(name) && isFalse(analysis, value)) ||
        (/\.verify_mode$/.test(name) && /CERT_NONE/.test(analysis.text(value))) ||
        // `session.verify = False` on a requests/httpx session turns verification off for every call.
        (/\.verify$/.test(name) && isFalse(analysis, value))
      )
        analysis.report('FDSP-PY-TLS-001', target);
    },
  },
  'FDSP-PY-TLS-002': {
    call(site, analysis) {
      if (
        (site.name === 'OpenSSL.SSL.Context' && !/\.set_verify\(/.test(analysis.moduleText())) ||
        disablesPeerVerification(site, analysis)
      )
        analysis.report('FDSP-PY-TLS-002', site.node);
    },
  },
  'FDSP-PY-TLS-003': {
    call(site, analysis) {
      if (site.name === 'ssl.wrap_socket') analysis.report('FDSP-PY-TLS-003', site.node);
    },
    node(node, analysis) {
      if (
        node.type === 'attribute' &&
        /\.(PROTOCOL_(SSLv2|SSLv3|SSLv23|TLSv1|TLSv1_1)|(SSLv2|SSLv3|SSLv23|TLSv1|TLSv1_1)_METHOD)$/.test(
          analysis.text(node),
        )
      )
        analysis.report('FDSP-PY-TLS-003', node);
    },
  },
  'FDSP-PY-CLEAR-001': {
    call(site, analysis) {
      if (['ftplib.FTP', 'telnetlib.Telnet'].includes(site.name)) {
        analysis.report('FDSP-PY-CLEAR-001', site.node);
        return;
      }
      // FTP_TLS encrypts the control channel (login); files travel in cleartext until prot_p() (Python docs).
      if (site.name === 'ftplib.FTP_TLS' && !/\.prot_p\(/.test(analysis.moduleText())) {
        analysis.report('FDSP-PY-CLEAR-001', site.node, {
          detail: 'FTP_TLS without prot_p(): the data channel is cleartext',
        });
        return;
      }
      if (site.name === 'smtplib.SMTP' && !/\.starttls\(/.test(analysis.moduleText())) {
        analysis.report('FDSP-PY-CLEAR-001', site.node);
        return;
      }
      if (matches(site.name, httpClientCalls)) {
        const url = stringValue(analysis, site.positional[0]) ?? '';
        if (/^http:\/\/(?!localhost|127\.|0\.0\.0\.0|\[::1\])/.test(url))
          analysis.report('FDSP-PY-CLEAR-001', site.node);
      }
    },
  },
};

export const transportRules: RuleFamily = { definitions, logic };
