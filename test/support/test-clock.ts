import type { Clock } from '../../src/common/clock';

/**
 * The system clock, moved: time still runs, from a later (or earlier) point. `TEST_CLOCK_START` (an ISO instant)
 * starts the whole run's clock there, e.g. `2026-11-30T23:30:00Z` (the last day of a month, after midnight in
 * Oslo but not in UTC), and `reset()` goes back to that start, so a run proves the tests hold at any hour.
 */
export class TestClock implements Clock {
  private readonly startOffsetMs: number;
  private offsetMs: number;

  constructor(start: string | undefined = process.env.TEST_CLOCK_START) {
    const at = start ? new Date(start) : undefined;
    if (at && Number.isNaN(at.getTime())) throw new Error(`TEST_CLOCK_START must be an ISO instant, got "${start}"`);
    this.startOffsetMs = at ? at.getTime() - Date.now() : 0;
    this.offsetMs = this.startOffsetMs;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Stands the clock at this instant (still running from there). */
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }

  /** Back to the run's start: the real time, or TEST_CLOCK_START's. */
  reset(): void {
    this.offsetMs = this.startOffsetMs;
  }
}
