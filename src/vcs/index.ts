export { changedPythonFiles, type ChangedFiles } from './changed-files.js';
