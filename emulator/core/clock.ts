/**
 * The emulator's one clock. Everything time-based (token buckets, visibility timeouts, metric
 * timestamps, Lambda deadlines, poller schedules) reads this, never Date.now() directly, so
 * tests can drive time and the lab can run faster than real time with the same numbers.
 */
export interface EmulatorClock {
  /** Milliseconds since the epoch, in emulated time. */
  now(): number;
  /**
   * Resolves after `ms` of emulated time, or as soon as `signal` aborts (so a timer that lost
   * a race, like a Lambda deadline, does not linger).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * How another process (a Lambda execution environment) can keep the same time: the emulated
   * and real time at one instant, and the speed. Undefined for a clock that only moves when told
   * (ManualClock): processes then run in real time.
   */
  anchor?(): ClockAnchor | undefined;
}

/** One instant on both clocks, and how much faster emulated time runs. */
export interface ClockAnchor {
  emulatedMs: number;
  realMs: number;
  speed: number;
}

/**
 * Emulated time that runs `speed` times faster than real time, starting from the real time at
 * creation. Every duration the emulator enforces (visibility timeouts, Lambda deadlines, token
 * buckets, metric periods) is measured on it, so the numbers stay AWS's while a demo takes a
 * fraction of the wall time. Lambda processes follow it through the anchor.
 */
export class ScaledClock implements EmulatorClock {
  private readonly realStart = Date.now();
  private readonly emulatedStart: number;

  constructor(
    readonly speed: number,
    emulatedStart?: number
  ) {
    if (!(speed >= 1 && speed <= 100)) {
      throw new RangeError(`clock speed must be between 1 and 100 (got ${speed})`);
    }
    this.emulatedStart = emulatedStart ?? this.realStart;
  }

  now(): number {
    return this.emulatedStart + (Date.now() - this.realStart) * this.speed;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const wakeAt = this.now() + Math.max(0, ms);
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      let timer: NodeJS.Timeout;
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      // Timers may fire a little early against the wall clock: sleep again for what is left.
      const arm = () => {
        const left = wakeAt - this.now();
        if (left <= 0) return done();
        timer = setTimeout(arm, Math.max(1, left / this.speed));
      };
      signal?.addEventListener('abort', done, { once: true });
      arm();
    });
  }

  anchor(): ClockAnchor {
    const realMs = Date.now();
    return {
      emulatedMs: this.emulatedStart + (realMs - this.realStart) * this.speed,
      realMs,
      speed: this.speed,
    };
  }
}

/** Real time: a scaled clock at speed 1. */
export class SystemClock extends ScaledClock {
  constructor() {
    super(1);
  }
}

/**
 * A clock that moves only when told to. `advance` wakes every sleeper whose time has come, in
 * order, so a test can play a minute of traffic in no real time.
 */
export class ManualClock implements EmulatorClock {
  private sleepers: { at: number; wake: () => void }[] = [];

  constructor(private current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        resolve();
      };
      const sleeper = {
        at: this.current + Math.max(0, ms),
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      this.sleepers.sort((a, b) => a.at - b.at);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** How many sleepers are waiting (tests use it to know a timer is armed). */
  get pendingSleepers(): number {
    return this.sleepers.length;
  }

  /** Moves time forward by `ms`, waking sleepers in time order and letting each one run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const next = this.sleepers[0];
      if (!next || next.at > target) break;
      this.sleepers.shift();
      this.current = Math.max(this.current, next.at);
      next.wake();
      // Let the woken task run until it awaits again.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.current = target;
  }
}
