// The scripted SecurityEval model (bench/testing.ts) as a module the stub server's worker thread can load:
// bench:pipeline runs its model on another thread, as a real deployment would.
import { z } from 'zod';

import type { StubHandler } from '../../llm/testing/index.js';
import { readSecurityEval, scriptedReply } from '../testing.js';

export function createHandler(data: unknown): StubHandler {
  const tasks = readSecurityEval(z.object({ shared: z.string() }).parse(data).shared);
  return (request) => scriptedReply(request.messages.at(-1)?.content ?? '', tasks);
}
