// A work item's traces, held until the item ends and then written inside its commit transaction. The store sink
// writes each step in its own transaction; a run writes thousands of steps, and one commit per item instead of one
// per step was the largest cost of an identical re-run (profiled: SQLite statement runs ~35% of its CPU). Nothing
// is lost that a crash would have kept: traces of uncommitted items are deleted as orphans on resume anyway.
import type { SessionHeader, SessionSummary, TraceSink, TraceStep } from '../pipeline/index.js';

type Event =
  | { readonly kind: 'start'; readonly header: SessionHeader }
  | { readonly kind: 'step'; readonly sessionId: string; readonly step: TraceStep }
  | { readonly kind: 'finish'; readonly sessionId: string; readonly summary: SessionSummary };

export class TraceBuffer implements TraceSink {
  private events: Event[] = [];

  constructor(private readonly target: TraceSink) {}

  start(header: SessionHeader): void {
    this.events.push({ kind: 'start', header });
  }

  step(sessionId: string, step: TraceStep): void {
    this.events.push({ kind: 'step', sessionId, step });
  }

  finish(sessionId: string, summary: SessionSummary): void {
    this.events.push({ kind: 'finish', sessionId, summary });
  }

  /** Replays everything held, in order, to the target; call inside the item's commit transaction. */
  flush(): void {
    const events = this.events;
    this.events = [];
    for (const event of events) {
      if (event.kind === 'start') this.target.start(event.header);
      else if (event.kind === 'step') this.target.step(event.sessionId, event.step);
      else this.target.finish(event.sessionId, event.summary);
    }
  }
}
