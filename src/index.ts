// Public library API.
export type * from './analyzers/types.js';
export type * from './llm/types.js';
export { FdspError, type ErrorCode } from './errors/index.js';
