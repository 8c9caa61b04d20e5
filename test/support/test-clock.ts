import type { Clock } from '../../src/common/clock';

/** The system clock, moved forward by `advance`: time still runs, from a later point. */
export class TestClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Stands the clock at this instant (still running from there). */
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
