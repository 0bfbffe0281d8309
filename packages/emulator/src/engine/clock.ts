import type { Clock } from './types.js';

/** Wall-clock time plus an offset, so POST /_emulator/clock can move a running emulator forward. */
export class SystemClock implements Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    assertAdvance(ms);
    this.offsetMs += ms;
  }
}

/** Time that moves only when told to: task life cycles and expiries become exact in tests. */
export class ManualClock implements Clock {
  private current: number;

  constructor(startMs: number = Date.now()) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    assertAdvance(ms);
    this.current += ms;
  }

  set(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError('clock time must be a finite number of milliseconds');
    this.current = ms;
  }
}

function assertAdvance(ms: number): void {
  // Going backwards would let finished tasks "un-finish" and break expiry logic in providers.
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError('advance takes a finite, non-negative number of ms');
}
