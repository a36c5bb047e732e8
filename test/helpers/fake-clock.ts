import type { Clock } from '../../functions/shared/clock';

/** A clock that only moves when something sleeps on it: tests never wait for real time. */
export class FakeClock implements Clock {
  constructor(public current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current;
  }

  async sleep(ms: number): Promise<void> {
    this.current += Math.max(0, ms);
  }

  /** Moves time forward without anyone sleeping (work that took time). */
  advance(ms: number): void {
    this.current += ms;
  }
}
