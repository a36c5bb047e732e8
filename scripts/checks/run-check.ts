import type { CheckClients, ScenarioCheck } from './check';
import { fetchSeries, type Window, windowEndingAt } from './metric-query';
import { readStackOutputs } from './stack-outputs';
import { type CheckResult, decide, Verdict } from './verdict';

/** How a check run is set up. */
export interface RunOptions {
  /** Milliseconds since the epoch: the emulator's clock offline, the wall clock on AWS. */
  now: number;
  /** How many complete minutes to judge. @default 15 */
  minutes?: number;
  /**
   * Judge only minutes from this time on (ms since the epoch), e.g. when a fix was applied
   * with the AWS CLI. The stack's own last deployment always bounds the window the same way.
   */
  since?: number;
}

const MINUTE_MS = 60_000;

/**
 * Starts the window at the minute in which the latest of `changes` inside it happened: minutes
 * before a redeploy (the broken variant's) or a CLI fix say nothing about the system as it is
 * now. The minute of the change itself is kept, so traffic started right after a deploy counts
 * in full (a few seconds of the old system may share that minute).
 */
export function trimmedWindow(window: Window, changes: (number | undefined)[]): Window {
  const latest = Math.max(...changes.filter((t): t is number => t !== undefined), window.start);
  const start = Math.min(window.end, Math.floor(latest / MINUTE_MS) * MINUTE_MS);
  return { start: Math.max(window.start, start), end: window.end };
}

/** The default window: long enough for a bounded traffic run and its drain. */
export const DEFAULT_WINDOW_MINUTES = 15;

/**
 * Runs one check: finds the stack's resources from its outputs, reads the datapoints of the
 * window from CloudWatch, judges them and collects advice. Throws CheckUnavailableError when
 * the check cannot run at all (stack not deployed, no credentials).
 */
export async function runCheck(
  check: ScenarioCheck,
  clients: CheckClients,
  options: RunOptions
): Promise<CheckResult> {
  const minutes = options.minutes ?? DEFAULT_WINDOW_MINUTES;
  if (!Number.isInteger(minutes) || minutes < 3 || minutes > 1440) {
    throw new RangeError(`minutes must be a whole number from 3 to 1440 (got ${minutes})`);
  }
  const outputs = await readStackOutputs(clients.cloudformation, check.id);
  const specs = await check.metrics(outputs, clients);
  const whole = windowEndingAt(options.now, minutes);
  const window = trimmedWindow(whole, [outputs.changedAt, options.since]);
  const series = await fetchSeries(clients.cloudwatch, specs, window);
  const judgement = check.judge(series, outputs, {
    ...window,
    bounded: window.start > whole.start,
  });
  const { verdict, summary } = decide(judgement.liveness, judgement.health);
  const advice = [...(judgement.advice ?? []), ...((await check.advise?.(outputs, clients)) ?? [])];
  return {
    scenarioId: check.id,
    verdict,
    summary,
    conditions: [judgement.liveness, ...judgement.health],
    series: [...series.values()],
    advice,
    window,
    nextStep: verdict === Verdict.NotProven ? `${check.trafficHint}, then check again` : undefined,
  };
}
