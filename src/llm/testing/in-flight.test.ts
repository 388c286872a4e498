import { describe, expect, it } from 'vitest';

import { idleSlots, inFlightProfile, timeToReach } from './in-flight.js';

const changes = [
  { atMs: 10, inFlight: 1 },
  { atMs: 20, inFlight: 2 },
  { atMs: 30, inFlight: 1 },
  { atMs: 50, inFlight: 0 },
];

describe('inFlightProfile', () => {
  it('weights each level by how long it lasted', () => {
    // [0,10) 0, [10,20) 1, [20,30) 2, [30,50) 1, [50,60) 0 → (10 + 20 + 20) / 60
    expect(inFlightProfile(changes, 0, 60)).toEqual({ peak: 2, mean: 50 / 60, windowMs: 60 });
  });

  it('starts from the level already open at the window’s start', () => {
    expect(inFlightProfile(changes, 25, 35)).toEqual({ peak: 2, mean: 1.5, windowMs: 10 });
    expect(inFlightProfile(changes, 35, 45)).toEqual({ peak: 1, mean: 1, windowMs: 10 });
  });
});

describe('timeToReach', () => {
  it('says when a level was first open, or undefined', () => {
    expect(timeToReach(changes, 2, 0)).toBe(20);
    expect(timeToReach(changes, 3, 0)).toBeUndefined();
  });
});

describe('idleSlots', () => {
  it('splits the window into full-slot time and the slot time lost in the ramp, the steady part, the drain and the close', () => {
    // Two slots. Opens at 10 and 20, the first answer at 30 (the ramp ends), one more opened at 40 (the last),
    // answers at 50 and 60; the window ends at 70.
    const run = [
      { atMs: 10, inFlight: 1 },
      { atMs: 20, inFlight: 2 },
      { atMs: 30, inFlight: 1 },
      { atMs: 40, inFlight: 2 },
      { atMs: 50, inFlight: 1 },
      { atMs: 60, inFlight: 0 },
    ];
    const idle = idleSlots(run, 2, 0, 70);
    // Busy slot-ms: 10 + 20 + 10 + 20 + 10 = 70 → 35 ms of two full slots.
    expect(idle.fullMs).toBe(35);
    // Ramp [0,30): 2·30 − 30 busy = 30 idle slot-ms → 15 ms; steady [30,40): 20 − 10 → 5 ms; drain [40,60): 40 − 30
    // → 5 ms; close [60,70): 10 ms.
    expect(idle).toMatchObject({ rampMs: 30, rampLostMs: 15, steadyLostMs: 5, drainLostMs: 5, closeMs: 10 });
    expect(idle.fullMs + idle.rampLostMs + idle.steadyLostMs + idle.drainLostMs + idle.closeMs).toBe(70);
  });

  it('counts the whole window as ramp when no answer came', () => {
    const idle = idleSlots(changes.slice(0, 2), 4, 0, 60);
    expect(idle.rampMs).toBe(60);
    expect(idle.steadyLostMs + idle.drainLostMs + idle.closeMs).toBe(0);
  });
});
