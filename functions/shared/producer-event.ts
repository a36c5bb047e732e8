import { InvalidEventError } from './errors';

/** What a producer is asked to do: how fast and for how long. Both are optional. */
export interface ProducerEvent {
  ratePerSecond?: number;
  durationSeconds?: number;
}

/** A producer's defaults and the bounds it accepts. */
export interface ProducerLimits {
  defaultRatePerSecond: number;
  maxRatePerSecond: number;
  defaultDurationSeconds: number;
  /** Must leave room under the function timeout for the last batch and the metric flush. */
  maxDurationSeconds: number;
}

/** A validated producer plan. */
export interface ProducerPlan {
  ratePerSecond: number;
  durationSeconds: number;
}

function readNumber(event: Record<string, unknown>, key: string, fallback: number): number {
  const value = event[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidEventError(`${key} must be a number (got ${JSON.stringify(value)})`);
  }
  return value;
}

/**
 * Validates a producer event against the producer's limits. A negative or zero rate, a rate
 * above what the producer may send, or a duration outside 1..max is rejected with a message
 * that names the value and the allowed range. Producers always stop by themselves.
 */
export function parseProducerEvent(event: unknown, limits: ProducerLimits): ProducerPlan {
  if (
    event !== undefined &&
    event !== null &&
    (typeof event !== 'object' || Array.isArray(event))
  ) {
    throw new InvalidEventError(
      `the producer event must be a JSON object like {"ratePerSecond":10,"durationSeconds":60} (got ${JSON.stringify(event)})`
    );
  }
  const fields = (event ?? {}) as Record<string, unknown>;
  const ratePerSecond = readNumber(fields, 'ratePerSecond', limits.defaultRatePerSecond);
  const durationSeconds = readNumber(fields, 'durationSeconds', limits.defaultDurationSeconds);
  if (ratePerSecond <= 0 || ratePerSecond > limits.maxRatePerSecond) {
    throw new InvalidEventError(
      `ratePerSecond must be greater than 0 and at most ${limits.maxRatePerSecond} (got ${ratePerSecond})`
    );
  }
  if (durationSeconds < 1 || durationSeconds > limits.maxDurationSeconds) {
    throw new InvalidEventError(
      `durationSeconds must be between 1 and ${limits.maxDurationSeconds} (got ${durationSeconds}); run traffic again for longer`
    );
  }
  return { ratePerSecond, durationSeconds };
}
