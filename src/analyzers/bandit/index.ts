export { BanditEngine, createBanditEngine, type BanditEngineOptions } from './bandit-engine.js';
export { banditRules, banditCwe, banditRuleName, type BanditRuleInfo } from './bandit-rules.js';
export { resolveBanditPython, interpreterFromShebang } from './interpreter.js';
export { PythonWorkerPool, defaultRequestTimeoutMs, type WorkerPoolOptions } from './worker-pool.js';
export {
  identityOf,
  statStamp,
  type BanditAnswerCache,
  type BanditIdentity,
  type RememberedIdentity,
} from './answer-cache.js';
export { workerAnswerSchema, type WorkerAnswer } from './worker-pool.js';
