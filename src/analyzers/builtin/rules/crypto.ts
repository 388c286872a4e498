// Cryptography (CWE-327, CWE-1204, CWE-326, CWE-916, CWE-759, CWE-760, CWE-347, CWE-385): weak ciphers, modes, keys, password hashing, signatures, timing.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { argument, assignmentsIn, boundValues, isFalse, lastName } from './check-helpers.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { integerText } from './integer-values.js';
import { cipherKey, ivDerivedFromKey } from './key-derived-iv.js';
import { derivedFromPassword, derivedSalt, saltOf, type SaltKind } from './password-salt.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { descendants, enclosingFunction, passwordish } from './shared-facts.js';

const weakCiphers = [
  'Crypto.Cipher.DES',
  'Crypto.Cipher.DES3',
  'Crypto.Cipher.ARC2',
  'Crypto.Cipher.ARC4',
  'Crypto.Cipher.Blowfish',
  'Crypto.Cipher.XOR',
  'Cryptodome.Cipher.DES',
  'Cryptodome.Cipher.ARC4',
  'Cryptodome.Cipher.Blowfish',
];

const weakAlgorithms = new Set(['ARC4', 'TripleDES', 'Blowfish', 'CAST5', 'IDEA', 'SEED']);

const fastHashes = new Set([
  'md5',
  'sha1',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  'sha3_256',
  'sha3_512',
  'blake2b',
  'blake2s',
  'new',
]);

/**
 * The hashed data of a fast hash over something password-like, else undefined: `hashlib.sha256(password…)`, or the
 * incremental form `h = hashlib.new("md5"); h.update(password)`.
 */
function fastPasswordHashData(site: CallSite, analysis: ModuleAnalysis): PlainNode | undefined {
  const match = /^hashlib\.(\w+)(\(\)\.update)?$/.exec(site.name);
  if (!match?.[1] || !fastHashes.has(match[1])) return undefined;
  const data = site.name === 'hashlib.new' ? site.positional[1] : site.positional[0];
  return data && (passwordish.test(analysis.text(data)) || derivedFromPassword(data, analysis)) ? data : undefined;
}

const saltRank: Record<SaltKind, number> = { none: 0, constant: 1, random: 2 };

/**
 * The salt of a hash over `data`. For `h.update(password)` every `h.update(...)` in the function feeds the same digest,
 * so a salt fed in another call (`h.update(salt)`) salts it; the strongest salt seen decides.
 */
function hashSalt(site: CallSite, data: PlainNode, analysis: ModuleAnalysis): SaltKind {
  const receiver = site.receiver;
  if (site.method !== 'update' || receiver?.type !== 'identifier') return saltOf(data, analysis);
  const name = analysis.text(receiver);
  const scope = enclosingFunction(site.node) ?? analysis.root;
  let best: SaltKind = 'none';
  for (const node of descendants(scope)) {
    if (node.type !== 'call') continue;
    const callee = childByField(node, 'function');
    if (callee?.type !== 'attribute' || analysis.text(callee) !== `${name}.update`) continue;
    const args = childByField(node, 'arguments');
    for (const fed of args ? namedChildren(args) : []) {
      const kind = saltOf(fed, analysis);
      if (saltRank[kind] > saltRank[best]) best = kind;
    }
  }
  return best;
}

/**
 * An IV of fixed bytes built at run time from constants: `b"x" * AES.block_size`, `bytes(16)`,
 * `bytearray(AES.block_size)` — the same value on every call, which the constant test does not see through the
 * imported `block_size`. A name is followed to the last value it is assigned in the function (or module).
 */
function fixedBytes(node: PlainNode, analysis: ModuleAnalysis): boolean {
  let value: PlainNode | undefined = node;
  if (node.type === 'identifier') {
    const name = analysis.text(node);
    const scopes = [enclosingFunction(node), analysis.root].filter((scope) => scope !== undefined);
    value = scopes
      .flatMap((scope) => assignmentsIn(scope, analysis).filter((found) => found.name === name))
      .at(0)?.value;
  }
  if (!value) return false;
  const size = (part: PlainNode | undefined): boolean =>
    part !== undefined &&
    (part.type === 'integer' || /(^|\.)block_size$/.test(analysis.text(part)) || analysis.isConstant(part));
  if (value.type === 'binary_operator' && value.children.some((child) => child.type === '*')) {
    const [left, right] = namedChildren(value);
    return (left?.type === 'string' && size(right)) || (right?.type === 'string' && size(left));
  }
  if (value.type === 'call') {
    const callee = analysis.text(childByField(value, 'function') ?? value);
    const args = childByField(value, 'arguments');
    const only = args ? namedChildren(args) : [];
    return /^(bytes|bytearray)$/.test(callee) && only.length === 1 && size(only[0]);
  }
  return false;
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-JWT-001',
    name: 'jwt-without-verification',
    cwe: 347,
    severity: 'high',
    confidence: 'high',
    message: 'A JSON Web Token is decoded without verifying its signature',
    fixHint:
      'Verify the signature: jwt.decode(token, key, algorithms=["HS256"]) with the real secret or public key and an explicit algorithm list; never pass verify=False, options={"verify_signature": False} or the "none" algorithm.',
    examples: {
      vulnerable: [
        // the options through a name or an attribute the class binds
        'import jwt\nclass Tokens:\n    def __init__(self, key):\n        self.key = key\n        self.opts = {"verify_signature": False}\n    def read(self, token):\n        return jwt.decode(token, self.key, algorithms=["HS256"], options=self.opts)\n',
        'import jwt\ndef read(t):\n    return jwt.decode(t, options={"verify_signature": False})\n',
        'import jwt\ndef read(t):\n    return jwt.decode(t, verify=False)\n',
        'import jwt\ndef read(t):\n    return jwt.decode(t)\n',
        'import jwt\ndef read(t, k):\n    return jwt.decode(t, k, algorithms=["none"])\n',
        'import jwt\ndef read(t, k):\n    return jwt.decode(t, k, algorithms=jwt.get_unverified_header(t)["alg"])\n',
        'import jwt\ndef read(t, k):\n    alg = jwt.get_unverified_header(t).get("alg")\n    return jwt.decode(t, k, algorithms=[alg])\n',
        'import python_jwt as jwt\ndef verifyJWTToken(token):\n    return jwt.process_jwt(token)\n',
        'from python_jwt import process_jwt\ndef claims(token):\n    _, body = process_jwt(token)\n    return body["sub"]\n',
      ],
      safe: [
        'import jwt\nclass Tokens:\n    def __init__(self, key):\n        self.key = key\n        self.opts = {"require": ["exp", "sub"]}\n    def read(self, token):\n        return jwt.decode(token, self.key, algorithms=["HS256"], options=self.opts)\n',
        'import jwt\ndef read(t, key):\n    return jwt.decode(t, key, algorithms=["HS256"])\n',
        // the header picks the key id, not the algorithm
        'import jwt\ndef read(t, keys):\n    kid = jwt.get_unverified_header(t)["kid"]\n    return jwt.decode(t, keys[kid], algorithms=["RS256"])\n',
        'import python_jwt as jwt\ndef read(token, public_key):\n    header, claims = jwt.verify_jwt(token, public_key, ["RS256"])\n    return claims\n',
        // the unverified header picks the key; verify_jwt then checks the signature
        'import python_jwt\ndef read(token, keys):\n    header, _ = python_jwt.process_jwt(token)\n    return python_jwt.verify_jwt(token, keys[header["kid"]], ["RS256"])[1]\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CRYPTO-001',
    name: 'ecb-mode',
    cwe: 327,
    severity: 'high',
    confidence: 'high',
    message: 'A block cipher is used in ECB mode, which leaks patterns of the plaintext',
    fixHint:
      'Use an authenticated mode such as AES-GCM (AES.new(key, AES.MODE_GCM) / cryptography AESGCM) with a fresh random nonce per message.',
    examples: {
      vulnerable: [
        'from Crypto.Cipher import AES\nc = AES.new(key, AES.MODE_ECB)\n',
        'from cryptography.hazmat.primitives.ciphers import modes\nm = modes.ECB()\n',
      ],
      safe: ['from Crypto.Cipher import AES\nc = AES.new(key, AES.MODE_GCM)\n'],
    },
  },
  {
    id: 'FDSP-PY-CRYPTO-002',
    name: 'static-iv',
    cwe: 1204,
    severity: 'high',
    confidence: 'high',
    message: 'A cipher is initialised with a constant IV or nonce',
    fixHint:
      'Generate a new random IV/nonce for every encryption (os.urandom(16) or Crypto.Random.get_random_bytes(16)) and store it alongside the ciphertext.',
    examples: {
      vulnerable: [
        "from Crypto.Cipher import AES\ndef enc(key, data):\n    iv = b'\\x00' * 16\n    return AES.new(key, AES.MODE_CBC, iv).encrypt(data)\n",
        'from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\nIV = b"0123456789abcdef"\ndef enc(key):\n    return Cipher(algorithms.AES(key), modes.CBC(IV)).encryptor()\n',
        // fixed bytes sized by the imported block size, or zero bytes
        "from Crypto.Cipher import AES\ndef enc(key, data):\n    static_vector = b'x' * AES.block_size\n    return AES.new(key, AES.MODE_CBC, static_vector).encrypt(data)\n",
        'from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\ndef enc(key):\n    return Cipher(algorithms.AES(key), modes.CBC(bytes(16))).encryptor()\n',
        // computed from the key alone: the same IV for every message under that key
        'from Crypto.Cipher import AES\ndef enc(secret, data):\n    return AES.new(secret, AES.MODE_CBC, iv=secret[-16:]).encrypt(data)\n',
        'import hashlib\nfrom cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\ndef enc(k, data):\n    vector = hashlib.md5(k).digest()\n    e = Cipher(algorithms.AES(k), modes.CFB(vector)).encryptor()\n    return e.update(data) + e.finalize()\n',
      ],
      safe: [
        'from Crypto.Cipher import AES\nfrom Crypto.Random import get_random_bytes\ndef enc(key, data):\n    iv = get_random_bytes(AES.block_size)\n    return iv + AES.new(key, AES.MODE_CBC, iv).encrypt(data)\n',
        'from Crypto.Cipher import AES\ndef enc(key, data, iv):\n    pad = b"\\x00" * AES.block_size\n    return AES.new(key, AES.MODE_CBC, iv).encrypt(data + pad)\n',
        'import os\nfrom Crypto.Cipher import AES\ndef enc(key, data):\n    iv = os.urandom(16)\n    return iv + AES.new(key, AES.MODE_CBC, iv).encrypt(data)\n',
        // the key and a per-message counter: a different IV for every message
        'import hashlib\nfrom cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\ndef enc(k, seq, data):\n    vector = hashlib.sha256(k + seq.to_bytes(8, "big")).digest()[:16]\n    e = Cipher(algorithms.AES(k), modes.CBC(vector)).encryptor()\n    return e.update(data) + e.finalize()\n',
        'from Crypto.Cipher import AES\ndef dec(key, blob):\n    return AES.new(key, AES.MODE_CBC, iv=blob[:16]).decrypt(blob[16:])\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CRYPTO-003',
    name: 'weak-key-size',
    cwe: 326,
    severity: 'high',
    confidence: 'high',
    message: 'An asymmetric key is generated with an insufficient size',
    fixHint:
      'Generate RSA, DSA and DH keys of at least 2048 bits (3072 for protection beyond 2030) and elliptic-curve keys of at least 224 bits (P-256 or Ed25519 are good defaults).',
    examples: {
      vulnerable: [
        'from Crypto.PublicKey import RSA\nk = RSA.generate(1024)\n',
        'from cryptography.hazmat.primitives.asymmetric import rsa\nk = rsa.generate_private_key(public_exponent=65537, key_size=1536)\n',
        'from Cryptodome.PublicKey import DSA\nk = DSA.generate(bits=1024)\n',
        'from Crypto.PublicKey import RSA\nKEY_SIZE = 1024\ndef make():\n    return RSA.generate(KEY_SIZE)\n',
        'from cryptography.hazmat.primitives.asymmetric import rsa\nBITS: int = 1_536\nk = rsa.generate_private_key(public_exponent=65537, key_size=BITS)\n',
        'from cryptography.hazmat.primitives.asymmetric import ec\nk = ec.generate_private_key(ec.SECP192R1())\n',
        // an insecure default: every caller that leaves the size out gets 1024 bits
        'from cryptography.hazmat.primitives.asymmetric import rsa\ndef new_key(size: int = 1024):\n    return rsa.generate_private_key(public_exponent=65537, key_size=size)\n',
      ],
      safe: [
        'from Crypto.PublicKey import RSA\nk = RSA.generate(4096)\n',
        'from Crypto.PublicKey import RSA\nk = RSA.generate(2048)\n',
        'from Crypto.PublicKey import RSA\nKEY_SIZE = 3072\ndef make():\n    return RSA.generate(KEY_SIZE)\n',
        // a name bound twice is not one known value
        'import os\nfrom Crypto.PublicKey import RSA\nKEY_SIZE = 1024\nif os.environ.get("PROD"):\n    KEY_SIZE = 4096\nk = RSA.generate(KEY_SIZE)\n',
        'from cryptography.hazmat.primitives.asymmetric import dsa\nk = dsa.generate_private_key(key_size=3072)\n',
        'from cryptography.hazmat.primitives.asymmetric import ec\nk = ec.generate_private_key(ec.SECP256R1())\n',
        'from cryptography.hazmat.primitives.asymmetric import ed25519\nk = ed25519.Ed25519PrivateKey.generate()\n',
        'from Crypto.PublicKey import DSA\ndef new_key(bits=3072):\n    return DSA.generate(bits)\n',
        'from Crypto.PublicKey import RSA\ndef new_key(bits=1024):\n    bits = max(bits, 3072)\n    return RSA.generate(bits)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CRYPTO-004',
    name: 'broken-cipher',
    cwe: 327,
    severity: 'high',
    confidence: 'high',
    message: 'A broken or weak cipher (DES, 3DES, RC4, Blowfish, ARC2, XOR) is used',
    fixHint: 'Use AES-GCM or ChaCha20-Poly1305 (cryptography.hazmat.primitives.ciphers.aead) instead.',
    examples: {
      vulnerable: [
        'from Crypto.Cipher import DES\nc = DES.new(key, DES.MODE_CBC, iv)\n',
        'from cryptography.hazmat.primitives.ciphers import algorithms\na = algorithms.ARC4(key)\n',
      ],
      safe: ['from Crypto.Cipher import AES\nc = AES.new(key, AES.MODE_GCM)\n'],
    },
  },
  {
    id: 'FDSP-PY-CRYPTO-005',
    name: 'weak-password-hash',
    cwe: 916,
    severity: 'high',
    confidence: 'medium',
    message: 'A password is hashed with a fast general-purpose hash (salted, but no key stretching)',
    fixHint:
      'Hash passwords with a slow, salted password hash: hashlib.pbkdf2_hmac("sha256", pw, os.urandom(16), 600000), hashlib.scrypt, bcrypt or argon2; store the random salt with the hash.',
    examples: {
      vulnerable: [
        // the count through a class attribute or a module constant is the same fast hash
        'import hashlib, os\nclass Hasher:\n    ROUNDS = 5_000\n    def hash(self, password):\n        salt = os.urandom(16)\n        return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, self.ROUNDS)\n',
        'import hashlib, os\nCOUNT = 2000\ndef hash_password(password):\n    salt = os.urandom(16)\n    return hashlib.pbkdf2_hmac("sha512", password.encode(), salt, iterations=COUNT)\n',
        'import hashlib, os\ndef hash_password(password):\n    salt = os.urandom(16)\n    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 1000)\n',
        'import hashlib\ndef h(pw, salt):\n    return hashlib.md5((pw + salt).encode()).hexdigest()\n',
        'import hashlib, secrets\ndef store(password):\n    salted_password = secrets.token_hex(8) + password\n    return hashlib.sha512(salted_password.encode()).hexdigest()\n',
      ],
      safe: [
        'import hashlib, os\nclass Hasher:\n    ROUNDS = 600_000\n    def hash(self, password):\n        salt = os.urandom(16)\n        return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, self.ROUNDS)\n',
        'import hashlib, os\nROUNDS = int(os.environ.get("ROUNDS", "600000"))\ndef hash_password(password):\n    salt = os.urandom(16)\n    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ROUNDS)\n',
        'import hashlib, os\ndef hash_password(password):\n    salt = os.urandom(16)\n    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)\n',
        'import hashlib, os\ndef store(password):\n    salt = os.urandom(16)\n    return salt + hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600000)\n',
        'import hashlib\ndef digest(data):\n    return hashlib.sha256(data).hexdigest()\n',
        // Unsalted: CWE-759 (FDSP-PY-CRYPTO-008), the more specific weakness, not this rule.
        'import hashlib\ndef store(user, password):\n    return hashlib.sha256(password.encode()).hexdigest()\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CRYPTO-008',
    name: 'unsalted-password-hash',
    cwe: 759,
    severity: 'high',
    confidence: 'medium',
    message: 'A password is hashed without a salt, so equal passwords share a hash and precomputed tables apply',
    fixHint:
      'Hash passwords with a slow, salted password hash: hashlib.pbkdf2_hmac("sha256", pw, os.urandom(16), 600000), hashlib.scrypt, bcrypt or argon2; store the random salt with the hash.',
    examples: {
      vulnerable: [
        // the password reaches the hash through a variable
        'import hashlib\ndef store(password):\n    encoded = password.encode("utf-8")\n    return hashlib.sha256(encoded).hexdigest()\n',
        'import hashlib\ndef store(user, password):\n    return hashlib.sha256(password.encode()).hexdigest()\n',
        'import hashlib\ndef store(password):\n    pw_bytes = password.encode("utf-8")\n    return hashlib.new("sha1", pw_bytes).hexdigest()\n',
        // the incremental form: a hasher object fed the password alone
        "import hashlib\ndef storePassword(userName, Password):\n    hasher = hashlib.new('md5')\n    hasher.update(Password)\n    return save(userName, hasher.digest())\n",
        'import hashlib\ndef store(password):\n    h = hashlib.sha256()\n    h.update(password.encode())\n    return h.hexdigest()\n',
      ],
      safe: [
        // data through a variable that no password feeds, and a name that only contains "pass"
        'import hashlib\ndef digest(path):\n    data = open(path, "rb").read()\n    return hashlib.sha256(data).hexdigest()\n',
        'import hashlib\ndef fingerprint(bypass_rule):\n    data = bypass_rule.encode()\n    return hashlib.sha256(data).hexdigest()\n',
        // a challenge joined to the password on the way (APOP's digest): not a bare password hash
        'import hashlib\ndef apop(password, challenge):\n    secret = bytes(password, "utf-8")\n    digest = challenge + secret\n    return hashlib.md5(digest).hexdigest()\n',
        'import hashlib, os\ndef store(password):\n    salt = os.urandom(16)\n    h = hashlib.sha256()\n    h.update(salt)\n    h.update(password.encode())\n    return salt + h.digest()\n',
        'import hashlib\ndef file_digest(path):\n    h = hashlib.sha256()\n    h.update(open(path, "rb").read())\n    return h.hexdigest()\n',
        'import hashlib, os\ndef store(password):\n    salt = os.urandom(16)\n    return hashlib.sha256(salt + password.encode()).hexdigest()\n',
        'import hashlib\ndef store(password, user_salt):\n    return hashlib.sha256((user_salt + password).encode()).hexdigest()\n',
        'import bcrypt\ndef store(password):\n    return bcrypt.hashpw(password.encode(), bcrypt.gensalt())\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CRYPTO-006',
    name: 'constant-salt',
    cwe: 760,
    severity: 'high',
    confidence: 'high',
    message: 'A password hash uses a constant or predictable salt',
    fixHint:
      'Generate a random salt per password with os.urandom(16) (or secrets.token_bytes(16)) and store it next to the hash.',
    examples: {
      vulnerable: [
        'import hashlib\ndef h(pw):\n    return hashlib.pbkdf2_hmac("sha256", pw, b"salt", 100000)\n',
        'import hashlib\nSALT = "s3cr3t"\ndef h(password):\n    return hashlib.sha256((password + SALT).encode()).hexdigest()\n',
        // the same constant written inline, no salt-named variable
        'import hashlib\ndef h(password):\n    return hashlib.sha256(f"{password}s3cr3t".encode()).hexdigest()\n',
        // Derived from the password itself: equal passwords get equal salts.
        'import hashlib\ndef derive(pw):\n    salt = hashlib.md5(pw).digest()\n    return hashlib.pbkdf2_hmac("sha256", pw, salt, 600000)\n',
        // Derived from who the password belongs to: predictable, and the same for that user everywhere.
        'import hashlib\ndef key_for(email, password):\n    return hashlib.scrypt(password.encode(), salt=email.lower().encode(), n=2**14, r=8, p=1)\n',
      ],
      safe: [
        'import hashlib, os\ndef h(pw):\n    salt = os.urandom(16)\n    return hashlib.pbkdf2_hmac("sha256", pw, salt, 100000)\n',
        'import hashlib\ndef h(password, salt):\n    return hashlib.sha256((password + salt).encode()).hexdigest()\n',
        'import hashlib\ndef key_for(email, password, salt):\n    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)\n',
        // The salt stored with the user's record when the hash was made.
        'import hashlib\ndef verify(user, password):\n    salt = bytes.fromhex(user["salt"])\n    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600000)\n',
        'import hashlib, os\ndef store(username, password):\n    salt = hashlib.sha256(os.urandom(60)).hexdigest().encode("ascii")\n    return salt + hashlib.pbkdf2_hmac("sha512", password.encode(), salt, 600000)\n',
      ],
    },
  },
];

/** An integer literal's text, or the literal a module constant is bound to (`KEY_BITS = 1024`); else the node's text. */
/**
 * The accepted algorithms read from the token's own unverified header: the attacker who writes the token chooses
 * the algorithm (an HS256 token verified with an RSA public key as the HMAC secret, or "none").
 */
function algorithmFromToken(analysis: ModuleAnalysis, algorithms: PlainNode | undefined): boolean {
  if (!algorithms) return false;
  return [algorithms, ...descendants(algorithms)].some((node) =>
    /get_unverified_header/.test(node.type === 'identifier' ? (analysis.qualify(node) ?? '') : analysis.text(node)),
  );
}

/**
 * The text of an argument and, when it is a name or a `self.` attribute, of what the module binds it to
 * (`self.options = {"verify_signature": False}` in `__init__`, a module-level `OPTIONS = {...}`).
 */
function boundText(node: PlainNode, analysis: ModuleAnalysis): string {
  const text = analysis.text(node);
  if (node.type !== 'identifier' && !/^self\.\w+$/.test(text)) return text;
  const bound = boundValues(analysis.root, text, analysis).map((value) => (value ? analysis.text(value) : ''));
  return [text, ...bound].join('\n');
}

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-JWT-001': {
    call(site, analysis) {
      if (/jwt\.(get_unverified_claims|get_unverified_header)$/.test(site.name) && site.name.includes('jose')) {
        analysis.report('FDSP-PY-JWT-001', site.node);
        return;
      }
      // python_jwt: process_jwt only splits and decodes the token; verify_jwt checks its signature. Reading the claims
      // with no verify_jwt anywhere in the module trusts whatever the client signed (or did not sign).
      if (site.name === 'python_jwt.process_jwt') {
        if (!/\bverify_jwt\s*\(/.test(analysis.moduleText())) analysis.report('FDSP-PY-JWT-001', site.node);
        return;
      }
      if (!/(^|\.)jwt\.decode$/.test(site.name) && site.name !== 'jwt.api_jwt.decode') return;
      const options = site.keywords.get('options');
      const verify = site.keywords.get('verify');
      const algorithms = site.keywords.get('algorithms');
      const noKey = site.positional.length < 2 && !site.keywords.has('key') && !site.hasStarArguments;
      const disabled =
        (options && /verify_signature['"]\s*:\s*False/.test(boundText(options, analysis))) || isFalse(analysis, verify);
      const none = algorithms && /['"]none['"]/i.test(analysis.text(algorithms));
      if (disabled || none || noKey || algorithmFromToken(analysis, algorithms))
        analysis.report('FDSP-PY-JWT-001', site.node);
    },
  },
  'FDSP-PY-CRYPTO-001': {
    node(node, analysis) {
      if (node.type !== 'attribute') return;
      const text = analysis.text(node);
      if (/\.MODE_ECB$/.test(text) || (/(^|\.)modes\.ECB$/.test(text) && node.parent?.type === 'call'))
        analysis.report('FDSP-PY-CRYPTO-001', node);
    },
  },
  'FDSP-PY-CRYPTO-002': {
    call(site, analysis) {
      let iv: PlainNode | undefined;
      if (/(Crypto|Cryptodome)\.Cipher\.\w+\.new$/.test(site.name)) {
        iv = site.keywords.get('iv') ?? site.keywords.get('nonce') ?? site.keywords.get('IV') ?? site.positional[2];
        const mode = site.positional[1] ?? site.keywords.get('mode');
        if (mode && /MODE_(ECB)/.test(analysis.text(mode))) return;
      } else if (/cryptography\.hazmat\.primitives\.ciphers\.modes\.(CBC|CFB|CFB8|OFB|CTR|GCM)$/.test(site.name)) {
        iv = site.positional[0] ?? site.keywords.get('initialization_vector') ?? site.keywords.get('nonce');
      } else if (/\.(AESGCM|ChaCha20Poly1305|AESCCM)\(\)\.(encrypt)$/.test(site.name)) {
        iv = site.positional[0];
      }
      if (!iv) return;
      if (analysis.isConstant(iv) || fixedBytes(iv, analysis)) analysis.report('FDSP-PY-CRYPTO-002', site.node);
      else if (ivDerivedFromKey(iv, cipherKey(site, analysis), analysis))
        analysis.report('FDSP-PY-CRYPTO-002', site.node, { detail: 'the IV is computed from the key alone' });
    },
  },
  'FDSP-PY-CRYPTO-003': {
    call(site, analysis) {
      // NIST SP 800-57 / 800-131A: RSA and finite-field (DSA/DH) keys need 2048 bits (112-bit security, acceptable
      // through 2030); elliptic curves need at least 224 bits. A larger key is a recommendation, not a weakness.
      let size: PlainNode | undefined;
      if (/(Crypto|Cryptodome)\.PublicKey\.(RSA|DSA|ElGamal)\.generate$/.test(site.name))
        size = argument(site, 0, 'bits');
      else if (/asymmetric\.(rsa|dsa)\.generate_private_key$/.test(site.name))
        size = site.keywords.get('key_size') ?? site.positional[site.name.includes('rsa') ? 1 : 0];
      else if (/asymmetric\.dh\.generate_parameters$/.test(site.name))
        size = site.keywords.get('key_size') ?? site.positional[1];
      else if (/^rsa\.newkeys$/.test(site.name)) size = site.positional[0];
      else if (/asymmetric\.ec\.(SECP192R1|SECT163K1|SECT163R2)$/.test(site.name)) {
        analysis.report('FDSP-PY-CRYPTO-003', site.node, { detail: `curve ${lastName(site.name)} is below 224 bits` });
        return;
      }
      if (!size) return;
      const bits = Number(integerText(size, analysis).replace(/_/g, ''));
      if (Number.isFinite(bits) && bits < 2048)
        analysis.report('FDSP-PY-CRYPTO-003', site.node, { detail: `${String(bits)} bits` });
    },
  },
  'FDSP-PY-CRYPTO-004': {
    call(site, analysis) {
      const algorithm = /ciphers\.algorithms\.(\w+)$/.exec(site.name)?.[1];
      if (weakCiphers.some((cipher) => site.name === `${cipher}.new`) || (algorithm && weakAlgorithms.has(algorithm)))
        analysis.report('FDSP-PY-CRYPTO-004', site.node);
    },
  },
  'FDSP-PY-CRYPTO-005': {
    call(site, analysis) {
      const data = fastPasswordHashData(site, analysis);
      if (data && hashSalt(site, data, analysis) !== 'none') analysis.report('FDSP-PY-CRYPTO-005', site.node);
    },
    node(node, analysis) {
      // A key-derivation function with too few iterations is a fast hash again (OWASP: 600,000 for PBKDF2-SHA256;
      // below 100,000 is weak by any current guidance).
      if (node.type !== 'call') return;
      const callee = analysis.text(childByField(node, 'function') ?? node);
      if (!/(^|\.)(pbkdf2_hmac|PBKDF2HMAC|PBKDF2)$/.test(callee)) return;
      const args = childByField(node, 'arguments');
      const all = args ? namedChildren(args) : [];
      const keyword = all.find(
        (arg) =>
          arg.type === 'keyword_argument' &&
          /^(iterations|count)$/.test(analysis.text(childByField(arg, 'name') ?? arg)),
      );
      const positional = all.filter((arg) => arg.type !== 'keyword_argument');
      const count = keyword ? childByField(keyword, 'value') : /pbkdf2_hmac$/.test(callee) ? positional[3] : undefined;
      if (!count) return;
      const value = Number(integerText(count, analysis).replace(/_/g, ''));
      if (Number.isFinite(value) && value < 100_000)
        analysis.report('FDSP-PY-CRYPTO-005', node, { detail: `${String(value)} iterations` });
    },
  },
  'FDSP-PY-CRYPTO-006': {
    call(site, analysis) {
      const data = fastPasswordHashData(site, analysis);
      if (data && hashSalt(site, data, analysis) === 'constant') {
        analysis.report('FDSP-PY-CRYPTO-006', site.node);
        return;
      }
      let salt: PlainNode | undefined;
      if (site.name === 'hashlib.pbkdf2_hmac') salt = site.keywords.get('salt') ?? site.positional[2];
      else if (site.name === 'hashlib.scrypt' || /PBKDF2(HMAC)?$/.test(site.name))
        salt = site.keywords.get('salt') ?? site.positional[1];
      if (!salt) return;
      const password =
        site.keywords.get('password') ??
        (site.name === 'hashlib.pbkdf2_hmac' ? site.positional[1] : site.positional[0]);
      if (analysis.isConstant(salt) || derivedSalt(salt, password, analysis))
        analysis.report('FDSP-PY-CRYPTO-006', site.node);
    },
  },
  'FDSP-PY-CRYPTO-008': {
    call(site, analysis) {
      const data = fastPasswordHashData(site, analysis);
      if (data && hashSalt(site, data, analysis) === 'none') analysis.report('FDSP-PY-CRYPTO-008', site.node);
    },
  },
};

export const cryptoRules: RuleFamily = { definitions, logic };
