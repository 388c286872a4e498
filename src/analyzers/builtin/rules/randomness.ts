// Randomness (CWE-338, CWE-339): non-cryptographic generators for secrets, fixed seeds.
import { childByField, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { descendants, enclosingFunction, escapeRegExp } from './shared-facts.js';

const randomFunctions = new Set([
  'random',
  'randint',
  'choice',
  'choices',
  'randrange',
  'sample',
  'getrandbits',
  'uniform',
  'shuffle',
]);

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
      ],
      safe: [
        'import secrets\ndef new_token():\n    return secrets.token_urlsafe(32)\n',
        'import random\ndef shuffle_cards(cards):\n    random.shuffle(cards)\n',
        'import random\ndef start(store):\n    n = random.randint(1, 6)\n    store["dice_roll"] = str(n)\n',
        'import uuid\ndef new_session_id():\n    return uuid.uuid4().hex\n',
        'import uuid\ndef new_row(table):\n    row_id = uuid.uuid1()\n    table.append(row_id)\n',
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
      ],
      safe: [
        'import secrets\nkey = secrets.token_bytes(16)\n',
        'import random\ndef reseed(entropy):\n    random.seed(entropy)\n',
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

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-RAND-001': {
    call(site, analysis) {
      // uuid1 is the clock and the host's MAC address (RFC 4122 section 4.2): guessable, whatever it is stored as
      const timeBased = site.name === 'uuid.uuid1';
      const match = /^random\.(\w+)$/.exec(site.name);
      if (!timeBased && (!match?.[1] || !randomFunctions.has(match[1]))) return;
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
      if (secretContext.test(context) && match?.[1] !== 'shuffle')
        analysis.report('FDSP-PY-RAND-001', site.node, timeBased ? { detail: 'uuid1 is time- and host-based' } : {});
    },
  },
  'FDSP-PY-RAND-002': {
    call(site, analysis) {
      if (site.name !== 'random.seed') return;
      const seed = site.positional[0];
      // the seed's text, or what the name it is passed as was assigned (`now = time.time(); random.seed(now)`)
      const predictable = /time|getpid|datetime/;
      if (
        !seed ||
        analysis.isConstant(seed) ||
        predictable.test(analysis.text(seed)) ||
        (seed.type === 'identifier' && predictable.test(analysis.qualify(seed) ?? ''))
      )
        analysis.report('FDSP-PY-RAND-002', site.node);
    },
  },
};

export const randomnessRules: RuleFamily = { definitions, logic };
