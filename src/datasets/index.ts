export type * from './types.js';
export { datasetNames } from './types.js';
export { parseSecurityEval } from './securityeval.js';
export { parseLlmSecEval, substituteLanguage } from './llmseceval.js';
export { buildPythonSecurityEval, type PythonSecurityEvalEntry } from './pythonsecurityeval.js';
export { parseCustomDataset } from './custom.js';
export { buildCweval, insecureReference, cwevalTaskIds, cwevalDeselect, type CwevalEntry } from './cweval.js';
export { splitJsonLines, splitJsonArray, parseCsv, parseCwe, safeParseJson } from './records.js';
export {
  loadDataset,
  resolveDatasetsDirectory,
  defaultCacheDirectory,
  datasetLayout,
  isBuiltinDataset,
  type DatasetsLocation,
} from './load.js';
export { fetchDataset, upstreamFiles, defaultBaseUrl, type FetchSummary, type RemoteFile } from './fetch.js';
