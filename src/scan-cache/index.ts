export { createStoreScanCache } from './bandit-store.js';
export { persistResults, type CachedAnalyzer, type ResultCacheStats } from './result-cache.js';
export { createCachedAnalyzers, openProjectAnalyzers, type ProjectAnalyzerOptions } from './project-analyzer.js';
