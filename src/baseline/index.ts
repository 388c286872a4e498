export {
  createBaseline,
  readBaseline,
  writeBaseline,
  relativePosix,
  defaultBaselineName,
  baselineFileSchema,
  type Baseline,
  type BaselineEntry,
  type BaselineFile,
} from './baseline-file.js';
export { partitionByBaseline, knownFingerprints, type BaselinePartition } from './partition.js';
