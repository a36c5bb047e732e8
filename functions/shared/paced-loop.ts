import type { Context } from 'aws-lambda';
import type { Clock } from './clock';
import type { ProducerPlan } from './producer-event';

/**
 * Stop starting new seconds when less than this much time is left before the Lambda timeout:
 * room for the last second's calls and the metric flush.
 */
export const DEADLINE_MARGIN_MS = 15_000;

/** What one tick of a paced loop is asked to send. */
export interface Tick {
  /** 0-based second since the loop started. */
  index: number;
  /** How many items to send in this second. */
  count: number;
}

/**
 * Runs `send` once per second for the plan's duration, asking for `ratePerSecond` items each
 * second (a fractional rate is carried over, so 0.5/s sends one item every other second). A
 * tick that overruns its second is not made up: the loop never bursts to catch up. Stops
 * early when `shouldStop` says so (for example, the Lambda deadline is near).
 */
export async function runPacedLoop(
  plan: ProducerPlan,
  clock: Clock,
  send: (tick: Tick) => Promise<void>,
  shouldStop: () => boolean = () => false
): Promise<{ ticks: number }> {
  const start = clock.now();
  let owed = 0;
  let ticks = 0;
  for (let index = 0; index < plan.durationSeconds; index++) {
    if (shouldStop()) break;
    owed += plan.ratePerSecond;
    const count = Math.floor(owed);
    owed -= count;
    if (count > 0) await send({ index, count });
    ticks++;
    const nextTickAt = start + (index + 1) * 1000;
    const wait = nextTickAt - clock.now();
    if (wait > 0 && index + 1 < plan.durationSeconds) await clock.sleep(wait);
  }
  return { ticks };
}

/** A `shouldStop` for runPacedLoop: true once the invocation is near its timeout. */
export function nearDeadline(context: Pick<Context, 'getRemainingTimeInMillis'>): () => boolean {
  return () => context.getRemainingTimeInMillis() < DEADLINE_MARGIN_MS;
}
