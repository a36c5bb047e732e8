/**
 * The lab's steps shared by the verbs, `play` and `demo`: find a deployed stack, start its
 * traffic, run its check, tell whether its pipeline has gone quiet.
 */
import { type ScenarioId, stackName } from '../../../infra/names';
import { checks } from '../../checks/index';
import { fetchSeries } from '../../checks/metric-query';
import { runCheck } from '../../checks/run-check';
import { CheckUnavailableError, readStackOutputs } from '../../checks/stack-outputs';
import type { CheckResult } from '../../checks/verdict';
import type { InvokeOutcome, StackInfo, Target } from '../../targets/target';
import { CouldNotRunError, UsageError } from './errors';
import type { CliIo } from './io';
import { loadManifest } from './scenarios';

const MINUTE_MS = 60_000;

/** `--target aws` when the target is AWS, for next-step commands. */
export function targetFlag(target: Target): string {
  return target.kind === 'aws' ? ' --target aws' : '';
}

/** The scenario's stack, or a CouldNotRunError saying how to deploy it. */
export async function requireStack(target: Target, id: ScenarioId): Promise<StackInfo> {
  const info = await target.describe(id);
  if (!info) {
    throw new CouldNotRunError(
      `${stackName(id)} is not deployed on ${target.label}.`,
      `npx forensics deploy ${id}${targetFlag(target)}`
    );
  }
  if (!/_COMPLETE$/.test(info.status) || /^(ROLLBACK|DELETE)/.test(info.status)) {
    throw new CouldNotRunError(
      `${stackName(id)} is in state ${info.status} on ${target.label}, not ready for traffic or checks.`,
      `deploy it again: npx forensics deploy ${id}${targetFlag(target)}`
    );
  }
  return info;
}

/** The producer's event: the scenario's default, its duration set from --minutes if given. */
export function trafficEvent(
  id: ScenarioId,
  minutes?: number
): { event: Record<string, unknown>; durationMs: number } {
  const manifest = loadManifest(id);
  const event = { ...manifest.traffic.event };
  if (minutes !== undefined) {
    if (!('durationSeconds' in event)) {
      throw new UsageError(
        `--minutes does not apply to ${id}: its traffic is one batch (${JSON.stringify(event)}), sent at once.`,
        `npx forensics traffic ${id}`
      );
    }
    event.durationSeconds = Math.round(minutes * 60);
  }
  const seconds = typeof event.durationSeconds === 'number' ? event.durationSeconds : 0;
  return { event, durationMs: seconds * 1000 };
}

/** Validates --minutes of `traffic`: producers run 1 to 10 minutes. */
export function parseTrafficMinutes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const minutes = Number(value);
  if (!Number.isFinite(minutes) || minutes < 1 || minutes > 10) {
    throw new UsageError(
      `--minutes must be a number from 1 to 10 (got '${value}'): traffic always stops by itself.`,
      'for example --minutes 3'
    );
  }
  return minutes;
}

/** A traffic run that was started. */
export interface TrafficRun {
  /** Target clock. */
  startedAt: number;
  endsAt: number;
  event: Record<string, unknown>;
  functionName: string;
  /** Sync runs only: what the producer returned. */
  outcome?: InvokeOutcome;
}

/**
 * Starts a scenario's traffic: invokes the traffic function with the scenario's event (async
 * returns at once; sync waits for the producer to finish). With `notBefore` (demo), waits until
 * then on the target's clock first.
 */
export async function startTraffic(
  target: Target,
  id: ScenarioId,
  options: {
    io: CliIo;
    minutes?: number;
    mode: 'async' | 'sync';
    /** Target time before which traffic must not start (default: at once). */
    notBefore?: number;
    /** Fields that replace the scenario's default event (demo's scaled-down traffic). */
    eventOverride?: Record<string, unknown>;
  }
): Promise<TrafficRun> {
  const info = await requireStack(target, id);
  const manifest = loadManifest(id);
  const functionName = info.outputs[manifest.traffic.functionOutputKey];
  if (!functionName) {
    throw new CouldNotRunError(
      `${stackName(id)} has no output ${manifest.traffic.functionOutputKey}: it was deployed by another version of the lab.`,
      `deploy it again: npx forensics deploy ${id}${targetFlag(target)}`
    );
  }
  const defaults = trafficEvent(id, options.minutes);
  const event = { ...defaults.event, ...options.eventOverride };
  const durationMs =
    typeof event.durationSeconds === 'number' ? event.durationSeconds * 1000 : defaults.durationMs;
  const now = await target.now();
  if (options.notBefore !== undefined && now < options.notBefore) {
    await target.sleep(options.notBefore - now + 500, options.io.signal);
    if (options.io.signal.aborted)
      throw new CouldNotRunError('Interrupted: no traffic was started.');
  }
  const startedAt = await target.now();
  const outcome = await target.invoke(functionName, event, options.mode);
  if (outcome.functionError) {
    throw new CouldNotRunError(
      `The traffic function ${functionName} failed: ${outcome.functionError}: ${outcome.payload ?? ''}`,
      `read its log group; the event was ${JSON.stringify(event)}`
    );
  }
  return {
    startedAt,
    endsAt: startedAt + durationMs,
    event,
    functionName,
    outcome: options.mode === 'sync' ? outcome : undefined,
  };
}

/** Runs the scenario's check on the target's clock; CouldNotRunError when it cannot run. */
export async function runScenarioCheck(
  target: Target,
  id: ScenarioId,
  options: { minutes?: number; since?: number; now?: number } = {}
): Promise<CheckResult> {
  try {
    return await runCheck(checks[id], target.clients, {
      now: options.now ?? (await target.now()),
      minutes: options.minutes,
      since: options.since,
    });
  } catch (error) {
    if (error instanceof CheckUnavailableError) {
      throw new CouldNotRunError(
        `Could not run the ${id} check: ${error.message}.`,
        /not deployed/.test(error.message)
          ? `npx forensics deploy ${id}${targetFlag(target)}`
          : `npx forensics doctor${targetFlag(target)}`,
        { cause: error }
      );
    }
    throw error;
  }
}

/**
 * Whether the scenario's pipeline did nothing during the complete minute starting at
 * `minuteStart`: every metric its check reads is 0 or absent. After a fix, records of the
 * broken run may still be retried or drained; traffic for the fixed run waits for quiet.
 */
export async function minuteQuiet(
  target: Target,
  id: ScenarioId,
  minuteStart: number
): Promise<boolean> {
  const outputs = await readStackOutputs(target.clients.cloudformation, id);
  const specs = await checks[id].metrics(outputs, target.clients);
  const series = await fetchSeries(target.clients.cloudwatch, specs, {
    start: minuteStart,
    end: minuteStart + MINUTE_MS,
  });
  return [...series.values()].every((s) => s.values.every((v) => v === null || v === 0));
}
