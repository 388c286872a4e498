export {
  collectSources,
  decodeSource,
  readAllStdin,
  defaultMaxFileBytes,
  stdinPath,
  type CollectedSource,
  type CollectOptions,
} from './collect-sources.js';
export { scanSources, filterFindings, type FindingFilter } from './scan-sources.js';
