// Weak parameters and permissive defaults (issue 10 insufficient fixes): the right API is called — so name-based
// checks are satisfied — with settings that undo its protection. Written from each API's documentation:
// - `ssl.SSLContext(PROTOCOL_TLS / PROTOCOL_TLSv1_2 / …)` starts with verify_mode=CERT_NONE and check_hostname=False
//   (only PROTOCOL_TLS_CLIENT and create_default_context() verify), so a client built on it accepts any certificate
//   (CWE-295) — the usual result of "fixing" a weak protocol by pinning TLSv1_2;
// - `minimum_version = TLSVersion.TLSv1 / TLSv1_1 / SSLv3` and `set_ciphers("ALL" / "…:@SECLEVEL=0" / NULL, RC4, DES,
//   EXPORT, MD5 suites)` re-enable broken protocol versions and ciphers (CWE-327);
// - password hashing with bcrypt below 10 rounds, scrypt with n below 2**14, Argon2 with under 7 MiB of memory
//   (OWASP password-storage minimums; the libraries' own defaults are above them) (CWE-916);
// - RSA keys with a public exponent below 65537 (e=3 enables low-exponent attacks on weak padding) (CWE-326).
import { childByField, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { argument, stringValue } from './check-helpers.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { enclosingFunction } from './shared-facts.js';

/** An integer literal, `2 ** k` or `1 << k`; undefined for anything computed at run time. */
function integerValue(node: PlainNode | undefined, analysis: ModuleAnalysis): number | undefined {
  if (!node) return undefined;
  if (node.type === 'integer') {
    const value = Number(analysis.text(node).replace(/_/g, ''));
    return Number.isFinite(value) ? value : undefined;
  }
  if (node.type === 'binary_operator') {
    const left = integerValue(childByField(node, 'left'), analysis);
    const right = integerValue(childByField(node, 'right'), analysis);
    const operator = childByField(node, 'operator')?.type;
    if (left === undefined || right === undefined || right > 64) return undefined;
    if (operator === '**') return left ** right;
    if (operator === '<<') return left * 2 ** right;
    if (operator === '*') return left * right;
  }
  return undefined;
}

const unverifiedProtocols = /(^|\.)PROTOCOL_(TLS|SSLv23|TLSv1|TLSv1_1|TLSv1_2)$/;
const verifies = /verify_mode\s*=\s*(ssl\.)?CERT_REQUIRED/;
const serverSide = /server_side\s*=\s*True|load_cert_chain|PROTOCOL_TLS_SERVER|\.listen\(|\.bind\(/;
const clientSide =
  /server_hostname|\.connect\(|create_connection|\bcontext\s*=|ssl_context\s*=|HTTPSConnection|urlopen/;

/** A client context left with SSLContext's non-verifying defaults. */
function unverifiedClientContext(site: CallSite, analysis: ModuleAnalysis): boolean {
  const protocol = argument(site, 0, 'protocol');
  if (protocol && !unverifiedProtocols.test(analysis.text(protocol))) return false;
  const scope = analysis.text(enclosingFunction(site.node) ?? analysis.root);
  return !verifies.test(scope) && !serverSide.test(scope) && clientSide.test(scope);
}

const brokenVersions = /(^|\.)TLSVersion\.(SSLv3|TLSv1|TLSv1_1)$/;
// Cipher-string tokens that enable broken suites unless negated with "!" or "-".
const brokenCipherToken =
  /^(ALL|COMPLEMENTOFALL|e?NULL|aNULL|EXPORT\w*|EXP\w*|RC4\w*|DES\w*|3DES|MD5|LOW|@SECLEVEL=0)$/i;

function weakCipherString(value: string): string | undefined {
  return value
    .split(/[:,\s]+/)
    .filter(Boolean)
    .find(
      (token) =>
        !/^[!-]/.test(token) &&
        // a suite name (`RC4-SHA`, `EDH-RSA-DES-CBC3-SHA`) or a `+` combination is broken when any component is
        token
          .replace(/^\+/, '')
          .split(/[-+]/)
          .some((component) => brokenCipherToken.test(component)),
    );
}

interface KdfLimit {
  readonly name: RegExp;
  readonly parameter: string;
  readonly position: number;
  readonly minimum: number;
}

const kdfLimits: readonly KdfLimit[] = [
  { name: /^bcrypt\.gensalt$/, parameter: 'rounds', position: 0, minimum: 10 },
  {
    name: /^(hashlib\.scrypt|Crypto\.Protocol\.KDF\.scrypt|Cryptodome\.Protocol\.KDF\.scrypt)$/,
    parameter: 'n',
    position: -1,
    minimum: 2 ** 14,
  },
  { name: /^cryptography\.hazmat\.primitives\.kdf\.scrypt\.Scrypt$/, parameter: 'n', position: 2, minimum: 2 ** 14 },
  {
    name: /^(argon2\.PasswordHasher|argon2\.low_level\.hash_secret(_raw)?)$/,
    parameter: 'memory_cost',
    position: -1,
    minimum: 7168,
  },
];

function weakKdf(site: CallSite, analysis: ModuleAnalysis): string | undefined {
  for (const limit of kdfLimits) {
    if (!limit.name.test(site.name)) continue;
    const given =
      site.keywords.get(limit.parameter) ?? (limit.position >= 0 ? site.positional[limit.position] : undefined);
    const value = integerValue(given, analysis);
    if (value !== undefined && value < limit.minimum)
      return `${limit.parameter}=${String(value)} is below ${String(limit.minimum)}`;
  }
  return undefined;
}

function weakExponent(site: CallSite, analysis: ModuleAnalysis): number | undefined {
  const given = /(^|\.)asymmetric\.rsa\.generate_private_key$/.test(site.name)
    ? (site.keywords.get('public_exponent') ?? site.positional[0])
    : /^(Crypto|Cryptodome)\.PublicKey\.RSA\.generate$/.test(site.name)
      ? (site.keywords.get('e') ?? site.positional[2])
      : undefined;
  const value = integerValue(given, analysis);
  return value !== undefined && value < 65537 ? value : undefined;
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-TLSPARAM-001',
    name: 'unverified-ssl-context',
    cwe: 295,
    severity: 'high',
    confidence: 'medium',
    message:
      'A client TLS context is built with ssl.SSLContext(<protocol>), whose defaults do not verify the certificate or the host name (verify_mode=CERT_NONE, check_hostname=False)',
    fixHint:
      'Use ssl.create_default_context() (it verifies certificates and host names and negotiates the best protocol), and set context.minimum_version = ssl.TLSVersion.TLSv1_2 if an old protocol must be excluded.',
    examples: {
      vulnerable: [
        'import socket, ssl\ndef connect(host, port):\n    context = ssl.SSLContext(ssl.PROTOCOL_TLSv1_2)\n    sock = socket.create_connection((host, port))\n    return context.wrap_socket(sock, server_hostname=host)\n',
        'import ssl, http.client\ndef client(host):\n    return http.client.HTTPSConnection(host, context=ssl.SSLContext())\n',
      ],
      safe: [
        'import socket, ssl\ndef connect(host, port):\n    context = ssl.create_default_context()\n    context.minimum_version = ssl.TLSVersion.TLSv1_2\n    return context.wrap_socket(socket.create_connection((host, port)), server_hostname=host)\n',
        'import socket, ssl\ndef connect(host, port):\n    context = ssl.SSLContext(ssl.PROTOCOL_TLSv1_2)\n    context.verify_mode = ssl.CERT_REQUIRED\n    context.check_hostname = True\n    context.load_default_certs()\n    return context.wrap_socket(socket.create_connection((host, port)), server_hostname=host)\n',
        'import ssl\ndef serve(sock):\n    context = ssl.SSLContext(ssl.PROTOCOL_TLS)\n    context.load_cert_chain("cert.pem", "key.pem")\n    return context.wrap_socket(sock, server_side=True)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-TLSPARAM-002',
    name: 'broken-tls-version-or-cipher',
    cwe: 327,
    severity: 'high',
    confidence: 'medium',
    message:
      'The TLS context re-enables a broken protocol version (SSLv3, TLS 1.0, TLS 1.1) or cipher suites (NULL, export, RC4, DES, MD5, "ALL", @SECLEVEL=0)',
    fixHint:
      "Keep create_default_context()'s cipher list and set context.minimum_version = ssl.TLSVersion.TLSv1_2; if ciphers must be named, use only AEAD suites such as 'ECDHE+AESGCM:ECDHE+CHACHA20'.",
    examples: {
      vulnerable: [
        'import ssl\ndef ctx():\n    c = ssl.create_default_context()\n    c.minimum_version = ssl.TLSVersion.TLSv1\n    return c\n',
        'import ssl\ndef ctx():\n    c = ssl.create_default_context()\n    c.set_ciphers("ALL:@SECLEVEL=0")\n    return c\n',
        // OpenSSL suite names: the broken algorithm is one dash-separated component
        'import ssl\ndef ctx():\n    c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n    c.set_ciphers("ECDHE-RSA-AES128-GCM-SHA256:EDH-RSA-DES-CBC3-SHA")\n    return c\n',
      ],
      safe: [
        'import ssl\ndef ctx():\n    c = ssl.create_default_context()\n    c.minimum_version = ssl.TLSVersion.TLSv1_2\n    c.set_ciphers("ECDHE+AESGCM:!aNULL:!eNULL:!MD5:!RC4")\n    return c\n',
        'import ssl\ndef ctx():\n    c = ssl.create_default_context()\n    c.set_ciphers("ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:-3DES")\n    return c\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-KDFPARAM-001',
    name: 'weak-password-hash-cost',
    cwe: 916,
    severity: 'medium',
    confidence: 'medium',
    message:
      'A password hash is computed with a work factor below the accepted minimum (bcrypt rounds < 10, scrypt n < 2**14, Argon2 memory_cost < 7 MiB), so guessing stays cheap',
    fixHint:
      "Use the libraries' defaults or stronger: bcrypt.gensalt() (12 rounds), hashlib.scrypt(pw, salt=salt, n=2**17, r=8, p=1, maxmem=2**28), argon2.PasswordHasher() (64 MiB, 3 passes).",
    examples: {
      vulnerable: [
        'import bcrypt\ndef store(pw):\n    return bcrypt.hashpw(pw.encode(), bcrypt.gensalt(rounds=4))\n',
        'import hashlib, os\ndef store(pw):\n    salt = os.urandom(16)\n    return salt + hashlib.scrypt(pw.encode(), salt=salt, n=1024, r=8, p=1)\n',
        'from argon2 import PasswordHasher\nHASHER = PasswordHasher(time_cost=2, memory_cost=1024)\n',
      ],
      safe: [
        'import bcrypt\ndef store(pw):\n    return bcrypt.hashpw(pw.encode(), bcrypt.gensalt(rounds=12))\n',
        'import hashlib, os\ndef store(pw):\n    salt = os.urandom(16)\n    return salt + hashlib.scrypt(pw.encode(), salt=salt, n=2**17, r=8, p=1, maxmem=2**28)\n',
        'from argon2 import PasswordHasher\nHASHER = PasswordHasher()\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-RSAPARAM-001',
    name: 'small-rsa-public-exponent',
    cwe: 326,
    severity: 'medium',
    confidence: 'medium',
    message:
      'An RSA key is generated with a public exponent below 65537; small exponents such as 3 enable low-exponent attacks whenever padding is weak or missing',
    fixHint:
      'Generate RSA keys with public_exponent=65537 and key_size of at least 3072: rsa.generate_private_key(public_exponent=65537, key_size=3072).',
    examples: {
      vulnerable: [
        'from cryptography.hazmat.primitives.asymmetric import rsa\ndef key():\n    return rsa.generate_private_key(public_exponent=3, key_size=2048)\n',
        'from Crypto.PublicKey import RSA\ndef key():\n    return RSA.generate(3072, e=3)\n',
      ],
      safe: [
        'from cryptography.hazmat.primitives.asymmetric import rsa\ndef key():\n    return rsa.generate_private_key(public_exponent=65537, key_size=3072)\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-TLSPARAM-001': {
    call(site, analysis) {
      if (site.name === 'ssl.SSLContext' && !site.hasStarArguments && unverifiedClientContext(site, analysis))
        analysis.report('FDSP-PY-TLSPARAM-001', site.node);
    },
  },
  'FDSP-PY-TLSPARAM-002': {
    assign(target, value, analysis) {
      if (target.type !== 'attribute' || !/\.minimum_version$/.test(analysis.text(target))) return;
      if (brokenVersions.test(analysis.qualify(value) ?? analysis.text(value)))
        analysis.report('FDSP-PY-TLSPARAM-002', value, { detail: `minimum ${analysis.text(value)}` });
    },
    call(site, analysis) {
      if (site.method !== 'set_ciphers') return;
      const ciphers = stringValue(analysis, site.positional[0]);
      const weak = ciphers === undefined ? undefined : weakCipherString(ciphers);
      if (weak) analysis.report('FDSP-PY-TLSPARAM-002', site.node, { detail: `cipher string enables ${weak}` });
    },
  },
  'FDSP-PY-KDFPARAM-001': {
    call(site, analysis) {
      const weakness = weakKdf(site, analysis);
      if (weakness) analysis.report('FDSP-PY-KDFPARAM-001', site.node, { detail: weakness });
    },
  },
  'FDSP-PY-RSAPARAM-001': {
    call(site, analysis) {
      const exponent = weakExponent(site, analysis);
      if (exponent !== undefined)
        analysis.report('FDSP-PY-RSAPARAM-001', site.node, { detail: `public exponent ${String(exponent)}` });
    },
  },
};

export const weakParameterRules: RuleFamily = { definitions, logic };
