export { startStubServer } from './stub-server.js';
export type {
  StubFaultRates,
  StubHandler,
  StubMessage,
  StubRequest,
  StubRoute,
  StubServer,
  StubServerOptions,
  StubStep,
  StubUsage,
} from './stub-server.js';
