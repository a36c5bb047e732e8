import type { ScenarioId } from '../../infra/names';

/** The three answers a check can give. */
export const Verdict = { Pass: 'PASS', Fail: 'FAIL', NotProven: 'NOT PROVEN' } as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

/** Whether one health condition held in the window. `unknown`: not enough data to say. */
export const ConditionStatus = { Held: 'held', Failed: 'failed', Unknown: 'unknown' } as const;
export type ConditionStatus = (typeof ConditionStatus)[keyof typeof ConditionStatus];

/** One condition a check judged, with the figures it judged by. */
export interface Condition {
  /** Short statement of what must be true, e.g. `no write throttling`. */
  name: string;
  status: ConditionStatus;
  /** The figures, in a sentence a learner understands. */
  detail: string;
}

/** One metric's datapoints over the window, one per minute, oldest first. */
export interface Series {
  id: string;
  label: string;
  stat: string;
  /** Minute start times, ms since the epoch. */
  timestamps: number[];
  /** `null` where CloudWatch returned no datapoint and the metric is not a count. */
  values: (number | null)[];
}

/** What a check concluded. */
export interface CheckResult {
  scenarioId: ScenarioId;
  verdict: Verdict;
  /** One sentence: why this verdict. */
  summary: string;
  /** Liveness first, then the health conditions. */
  conditions: Condition[];
  series: Series[];
  /** Best practice that is not the lesson: printed, never a failure. */
  advice: string[];
  window: { start: number; end: number };
  /** What to run next when the verdict is NOT PROVEN. */
  nextStep?: string;
}

/**
 * Turns a liveness condition and health conditions into a verdict: no liveness is NOT
 * PROVEN (a check never passes an idle pipeline), any failed condition is FAIL, any unknown
 * one is NOT PROVEN, and only all-held is PASS.
 */
export function decide(
  liveness: Condition,
  health: Condition[]
): { verdict: Verdict; summary: string } {
  if (liveness.status !== ConditionStatus.Held) {
    return { verdict: Verdict.NotProven, summary: `No traffic to judge by: ${liveness.detail}` };
  }
  const failed = health.filter((c) => c.status === ConditionStatus.Failed);
  if (failed.length > 0) {
    return { verdict: Verdict.Fail, summary: failed.map((c) => c.detail).join(' ') };
  }
  const unknown = health.filter((c) => c.status === ConditionStatus.Unknown);
  if (unknown.length > 0) {
    return {
      verdict: Verdict.NotProven,
      summary: `Not enough data yet: ${unknown.map((c) => c.detail).join(' ')}`,
    };
  }
  return { verdict: Verdict.Pass, summary: `Healthy under traffic: ${liveness.detail}` };
}
