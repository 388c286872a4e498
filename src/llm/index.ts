// The LLM layer's public API.
export type * from './types.js';
export { createLanguageModel, defaultTimeoutMs, studyDefaultParameters } from './language-model.js';
export type { LanguageModelOptions, ManagedLanguageModel } from './language-model.js';
export { parseModelId, type ModelId } from './model-id.js';
export { providerNames, type ProviderName } from './providers/registry.js';
export type { CacheMode } from './cache.js';
export { cacheKey } from './cache-key.js';
export { usageByModel, usageTotals, type ModelUsage, type UsageTotals } from './accounting.js';
export { callCost, defaultPrices, loadPriceTable, priceFor, type Price, type PriceTable } from './prices.js';
export { defaultRetryPolicy, type RetryPolicy } from './retry.js';
export { AdaptiveLimiter, defaultConcurrency, type ConcurrencyConfig } from './concurrency.js';
export { redactSecrets } from './redact.js';
export { startStubServer } from './testing/index.js';
export type { StubRequest, StubServer, StubServerOptions, StubStep } from './testing/index.js';
export { chooseCode, extractPython } from './extract-python.js';
export type { CodeCandidate, ExtractionResult, ExtractionStatus, ExtractOptions } from './extract-python.js';
export { preloadHttpClient } from './http-preload.js';
