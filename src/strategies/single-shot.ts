// The four baselines end the same way: one candidate, kept when usable, otherwise the original code stands.
import type { RepairContext, StrategyOutcome } from './types.js';

export function singleShotOutcome(
  context: RepairContext,
  result: Awaited<ReturnType<RepairContext['propose']>>,
): StrategyOutcome {
  if (!result.ok) return { code: context.code, secure: false, error: result.message };
  return result.review.usable
    ? { code: result.review.code, secure: result.review.secure }
    : { code: context.code, secure: false };
}

export function user(content: string): { readonly role: 'user'; readonly content: string } {
  return { role: 'user', content };
}

export function assistant(content: string): { readonly role: 'assistant'; readonly content: string } {
  return { role: 'assistant', content };
}
