export { FdspError, errorCodes, errorMessage, type ErrorCode } from './fdsp-error.js';
