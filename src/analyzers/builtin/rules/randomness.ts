// Randomness (CWE-338, CWE-339): non-cryptographic generators for secrets, fixed seeds.
import { childByField, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { soleBinding } from './check-helpers.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { descendants, enclosingFunction, escapeRegExp, ownAttribute } from './shared-facts.js';

const randomFunctions = new Set([
  'random',
  'randint',
  'choice',
  'choices',
  'randrange',
  'sample',
  'getrandbits',
  'randbytes',
  'uniform',
  'shuffle',
]);

/**
 * numpy's generators (the legacy module functions, `default_rng()`'s PCG64, `RandomState`'s Mersenne Twister) are
 * statistical generators like `random`: numpy documents them as not for cryptographic use.
 */
const numpyFunctions = new Set([
  'randint',
  'integers',
  'rand',
  'random',
  'random_sample',
  'choice',
  'bytes',
  'permutation',
]);

/** Constructors of non-cryptographic generator instances; SystemRandom (os.urandom underneath) is not one. */
const generatorConstructors = /^(random\.Random|numpy\.random\.(default_rng|RandomState|Generator))$/;

const secretContext = /token|passw|pwd|secret|key|salt|nonce|otp|session|csrf|auth|nonce|pin|iv$/i;

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-RAND-001',
    name: 'insecure-random-secret',
    cwe: 338,
    severity: 'medium',
    confidence: 'medium',
    message: 'The random module (not cryptographically secure) or a time-based uuid1 generates a secret value',
    fixHint:
      'Use the secrets module for tokens, passwords, keys and salts: secrets.token_urlsafe(32), secrets.token_bytes(16), secrets.choice(alphabet).',
    examples: {
      vulnerable: [
        'import random\ndef new_token():\n    return "".join(random.choice("abc") for _ in range(16))\n',
        'import random\nsession_id = random.getrandbits(64)\n',
        // through a plain name into the secret's place
        'import random\ndef start(store):\n    n = random.randint(100000, 999999)\n    store["reset_token"] = str(n)\n',
        'import uuid\ndef new_session_id():\n    return uuid.uuid1().hex\n',
        'from uuid import uuid1\ndef issue(user):\n    user.api_token = str(uuid1())\n',
        // a generator instance of the same Mersenne Twister, local, module-level or on self
        'import random\n_gen = random.Random()\ndef make_api_key():\n    return "%x" % _gen.getrandbits(96)\n',
        'import random\nclass Codes:\n    def __init__(self):\n        self.gen = random.Random(7)\n    def reset_token(self):\n        return self.gen.randbytes(8).hex()\n',
        'import numpy\ndef otp_code():\n    return "".join(map(str, numpy.random.randint(0, 10, 6)))\n',
        'import numpy as np\ndef new_nonce():\n    return np.random.default_rng().bytes(12)\n',
      ],
      safe: [
        'import secrets\ndef new_token():\n    return secrets.token_urlsafe(32)\n',
        'import random\ndef shuffle_cards(cards):\n    random.shuffle(cards)\n',
        'import random\ndef start(store):\n    n = random.randint(1, 6)\n    store["dice_roll"] = str(n)\n',
        'import uuid\ndef new_session_id():\n    return uuid.uuid4().hex\n',
        'import uuid\ndef new_row(table):\n    row_id = uuid.uuid1()\n    table.append(row_id)\n',
        'import random\nclass Codes:\n    def __init__(self):\n        self.gen = random.SystemRandom()\n    def reset_token(self):\n        return "%x" % self.gen.getrandbits(64)\n',
        'import numpy as np\ndef sample_weights(n):\n    return np.random.default_rng(0).random(n)\n',
        'import random\n_gen = random.Random(1)\ndef jitter():\n    return _gen.uniform(0.0, 0.5)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-RAND-002',
    name: 'predictable-seed',
    cwe: 339,
    severity: 'medium',
    confidence: 'medium',
    message: 'The random generator is seeded with a constant or predictable value',
    fixHint: 'Do not seed random for security purposes; use secrets or os.urandom, which need no seed.',
    examples: {
      vulnerable: [
        'import random, time\nrandom.seed(time.time())\n',
        'import random\nrandom.seed(42)\n',
        'import random, time\ndef reseed():\n    now = time.time()\n    random.seed(now)\n',
        // OS entropy, but too little of it: 2**32 seeds are searched in minutes
        'import os, random\ndef make_key():\n    random.seed(int.from_bytes(os.urandom(4), "big"))\n    return random.getrandbits(128)\n',
        'import random, secrets\ndef make_key():\n    s = secrets.randbits(16)\n    random.seed(a=s)\n    return random.getrandbits(128)\n',
        'import os, random\nclass Keys:\n    def __init__(self):\n        self.gen = random.Random(os.urandom(6))\n',
      ],
      safe: [
        'import secrets\nkey = secrets.token_bytes(16)\n',
        'import random\ndef reseed(entropy):\n    random.seed(entropy)\n',
        'import os, random\ndef shuffle_deck(deck):\n    random.seed(os.urandom(32))\n    random.shuffle(deck)\n',
        'import random\nclass Deck:\n    def __init__(self):\n        self.gen = random.Random()\n',
      ],
    },
  },
];

/** What the assignments after `assignment` in its function store a value read from `name` into. */
function laterTargets(name: string, assignment: PlainNode, analysis: ModuleAnalysis): string {
  const scope = enclosingFunction(assignment);
  if (!scope) return '';
  const reads = new RegExp(`(^|[^\\w.])${escapeRegExp(name)}\\b`);
  return descendants(scope)
    .filter((node) => node.type === 'assignment' && node.start > assignment.end)
    .filter((node) => reads.test(analysis.text(childByField(node, 'right') ?? node)))
    .map((node) => analysis.text(childByField(node, 'left') ?? node))
    .join(' ');
}

/**
 * The drawing method when the call draws from a statistical generator: `random.choice`, a `random.Random()` instance
 * (local or module-level: `random.Random().choice`), one kept on `self` by the class, or numpy's generators.
 */
function statisticalDraw(site: CallSite, analysis: ModuleAnalysis): string | undefined {
  const direct = /^random\.(?:Random\(\)\.)?(\w+)$/.exec(site.name)?.[1];
  if (direct && randomFunctions.has(direct)) return direct;
  const numpy = /^numpy\.random\.(?:(?:default_rng|RandomState|Generator)\(\)\.)?(\w+)$/.exec(site.name)?.[1];
  if (numpy && numpyFunctions.has(numpy)) return numpy;
  if (site.receiver?.type !== 'attribute' || !randomFunctions.has(site.method)) return undefined;
  return selfGenerator(site.receiver, analysis) ? site.method : undefined;
}

/** Whether the class around `receiver` (`self.rng`) binds that attribute to a statistical generator instance. */
function selfGenerator(receiver: PlainNode, analysis: ModuleAnalysis): boolean {
  const own = ownAttribute(receiver, analysis);
  const text = analysis.text(receiver);
  return (own ? descendants(own.owner) : []).some((assignment) => {
    if (assignment.type !== 'assignment') return false;
    const left = childByField(assignment, 'left');
    const right = childByField(assignment, 'right');
    if (!left || right?.type !== 'call' || analysis.text(left) !== text) return false;
    return generatorConstructors.test(analysis.callAt(right).name);
  });
}

/**
 * How many bits of OS entropy a seed holds when it is drawn with a size (`os.urandom(2)`, `secrets.token_bytes(4)`,
 * `secrets.randbits(32)`), directly, through `int.from_bytes(…)`, or through a name assigned that once in the
 * function. A seed space below 128 bits can be searched: the generator's whole output follows from the seed.
 */
function seedBits(seed: PlainNode, analysis: ModuleAnalysis): number | undefined {
  let value: PlainNode | undefined = seed;
  if (seed.type === 'identifier') {
    value = soleBinding(enclosingFunction(seed) ?? seed, analysis.text(seed), analysis);
  }
  for (const node of value ? [value, ...descendants(value)] : []) {
    if (node.type !== 'call') continue;
    const call = analysis.callAt(node);
    const size = call.positional[0];
    if (size?.type !== 'integer') continue;
    const count = Number(analysis.text(size).replace(/_/g, ''));
    if (/^(os\.urandom|secrets\.token_bytes)$/.test(call.name)) return count * 8;
    if (/^(secrets\.randbits|random\.SystemRandom\(\)\.getrandbits)$/.test(call.name)) return count;
  }
  return undefined;
}

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-RAND-001': {
    call(site, analysis) {
      // uuid1 is the clock and the host's MAC address (RFC 4122 section 4.2): guessable, whatever it is stored as
      const timeBased = site.name === 'uuid.uuid1';
      const method = statisticalDraw(site, analysis);
      if (!timeBased && !method) return;
      let context = analysis.function?.name ?? '';
      for (let node = site.node.parent; node; node = node.parent) {
        if (node.type === 'assignment') {
          const left = childByField(node, 'left') ?? node;
          context += ` ${analysis.text(left)}`;
          // one hop through a plain name: `n = random.randint(...); session["sid"] = str(n)`
          if (left.type === 'identifier') context += ` ${laterTargets(analysis.text(left), node, analysis)}`;
          break;
        }
        if (node.type.endsWith('statement')) break;
      }
      if (secretContext.test(context) && method !== 'shuffle')
        analysis.report('FDSP-PY-RAND-001', site.node, timeBased ? { detail: 'uuid1 is time- and host-based' } : {});
    },
  },
  'FDSP-PY-RAND-002': {
    call(site, analysis) {
      // `random.Random(seed)` seeds its own instance the same way; without an argument it draws from os.urandom
      if (site.name === 'random.Random' && site.positional.length === 0 && !site.keywords.has('x')) return;
      if (site.name !== 'random.seed' && site.name !== 'random.Random') return;
      const seed = site.positional[0] ?? site.keywords.get('a') ?? site.keywords.get('x');
      // the seed's text, or what the name it is passed as was assigned (`now = time.time(); random.seed(now)`)
      const predictable = /time|getpid|datetime/;
      if (
        !seed ||
        analysis.isConstant(seed) ||
        predictable.test(analysis.text(seed)) ||
        (seed.type === 'identifier' && predictable.test(analysis.qualify(seed) ?? ''))
      )
        analysis.report('FDSP-PY-RAND-002', site.node);
      else {
        const bits = seedBits(seed, analysis);
        if (bits !== undefined && bits < 128)
          analysis.report('FDSP-PY-RAND-002', site.node, { detail: `a ${String(bits)}-bit seed` });
      }
    },
  },
};

export const randomnessRules: RuleFamily = { definitions, logic };
