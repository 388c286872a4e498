export { startStubServer } from './stub-server.js';
export type {
  InFlightChange,
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
export { idleSlots, inFlightProfile, timeToReach, type IdleSlots, type InFlightProfile } from './in-flight.js';
export {
  startStubServerThread,
  type StubServerThread,
  type StubServerThreadLog,
  type StubServerThreadOptions,
} from './stub-server-thread.js';
