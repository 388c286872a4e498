import { describe, expect, it } from 'vitest';

import { inFlightProfile, timeToReach } from './in-flight.js';

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
