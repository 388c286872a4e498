// Locking (CWE-667, CWE-414): locks acquired without release and shared state used without its lock.
import { childByField, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { enclosingFunction, escapeRegExp, statementOf } from './shared-facts.js';

function isLock(site: CallSite, analysis: ModuleAnalysis): boolean {
  return (
    /threading\.(Lock|RLock|Semaphore|BoundedSemaphore|Condition)\(\)|multiprocessing\.(Lock|RLock)\(\)|asyncio\.Lock\(\)/.test(
      site.name,
    ) || /lock|mutex|sem(aphore)?$|cond/i.test(analysis.text(site.receiver ?? site.node))
  );
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-LOCK-001',
    name: 'lock-not-released-on-error',
    cwe: 667,
    severity: 'medium',
    confidence: 'medium',
    message:
      'A lock is acquired without `with` or try/finally, so an exception between acquire() and release() leaves it held',
    fixHint: 'Use `with lock:` (or acquire() followed by try: ... finally: lock.release()).',
    examples: {
      vulnerable: [
        'import threading\nmutex = threading.RLock()\ndef bump(counter):\n    mutex.acquire()\n    counter.value += 1\n    mutex.release()\n',
        'def drain(queue, queue_lock):\n    for item in queue:\n        queue_lock.acquire()\n        item.process()\n        queue_lock.release()\n',
      ],
      safe: [
        'import threading\nmutex = threading.Lock()\ndef bump(counter):\n    with mutex:\n        counter.value += 1\n',
        'def drain(queue, queue_lock):\n    queue_lock.acquire()\n    try:\n        queue.clear()\n    finally:\n        queue_lock.release()\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-LOCK-002',
    name: 'unchecked-lock-acquire',
    cwe: 414,
    severity: 'medium',
    confidence: 'high',
    message:
      'A non-blocking or timed acquire() is called and its result ignored, so the code goes on whether or not it holds the lock',
    fixHint:
      'Check the result: `if not lock.acquire(timeout=5): raise TimeoutError(...)` and release only what was acquired; or use `with lock:`.',
    examples: {
      vulnerable: [
        'import threading\nlock = threading.Lock()\ndef write(shared):\n    lock.acquire(blocking=False)\n    shared.append(1)\n    lock.release()\n',
        'def update(db_lock, rows):\n    db_lock.acquire(timeout=2)\n    rows.clear()\n',
      ],
      safe: [
        'import threading\nlock = threading.Lock()\ndef write(shared):\n    if not lock.acquire(timeout=2):\n        raise TimeoutError("busy")\n    try:\n        shared.append(1)\n    finally:\n        lock.release()\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-LOCK-001': {
    call(site, analysis) {
      if (site.method !== 'acquire' || !site.receiver || !isLock(site, analysis)) return;
      if (site.keywords.has('blocking') || site.keywords.has('timeout') || site.positional.length > 0) return;
      const statement = statementOf(site.node);
      if (statement.type !== 'expression_statement') return;
      // Lock wrappers (acquire(), __enter__, lock()) acquire on behalf of their caller, who releases.
      const fn = enclosingFunction(site.node);
      if (fn && /acquire|lock|enter/i.test(analysis.text(childByField(fn, 'name') ?? fn))) return;
      const receiver = escapeRegExp(analysis.text(site.receiver));
      const releasedInFinally = (tryNode: PlainNode | undefined): boolean =>
        tryNode?.type === 'try_statement' &&
        tryNode.children.some(
          (child) =>
            child.type === 'finally_clause' && new RegExp(`${receiver}\\.release\\(`).test(analysis.text(child)),
        );
      // `lock.acquire()` then `try: ... finally: lock.release()`, or the acquire inside that try.
      const siblings = statement.parent?.children.filter((child) => child.named && child.type !== 'comment') ?? [];
      const next = siblings[siblings.indexOf(statement) + 1];
      if (releasedInFinally(next)) return;
      for (let current = statement.parent; current; current = current.parent) {
        if (releasedInFinally(current)) return;
        if (current.type === 'function_definition') break;
      }
      analysis.report('FDSP-PY-LOCK-001', site.node);
    },
  },
  'FDSP-PY-LOCK-002': {
    call(site, analysis) {
      if (site.method !== 'acquire' || !site.receiver || !isLock(site, analysis)) return;
      const blocking = site.keywords.get('blocking') ?? site.positional[0];
      const nonBlocking =
        (blocking && ['False', '0'].includes(analysis.text(blocking))) ||
        site.keywords.has('timeout') ||
        site.positional.length > 1;
      // The result says whether the lock is held; discarding it means going on without the lock.
      if (
        nonBlocking &&
        statementOf(site.node).type === 'expression_statement' &&
        site.node.parent?.type === 'expression_statement'
      )
        analysis.report('FDSP-PY-LOCK-002', site.node);
    },
  },
};

export const concurrencyRules: RuleFamily = { definitions, logic };
