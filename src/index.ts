// Public library API.
export type * from './analyzers/types.js';
export type * from './llm/types.js';
export {
  createLanguageModel,
  extractPython,
  loadPriceTable,
  startStubServer,
  usageByModel,
  usageTotals,
} from './llm/index.js';
export { openStore, defaultStorePath } from './store/index.js';
export { FdspError, type ErrorCode } from './errors/index.js';
