import { SCENARIO_IDS, ScenarioId, type Variant } from '../../infra/names';
import { sparkline } from '../checks/format';
import { fmt } from '../checks/series-math';
import { type CheckResult, ConditionStatus, Verdict } from '../checks/verdict';
import { parseSpeed, startEmulatorHost } from '../targets/emulator-host';
import type { Target } from '../targets/target';
import type { Command } from './lib/command';
import { ExitCode } from './lib/errors';
import { type CliIo, clockTime, formatDuration, type Progress, progress, table } from './lib/io';
import { minuteQuiet, requireStack, runScenarioCheck, startTraffic, trafficEvent } from './lib/lab';
import { requireScenarioId } from './lib/scenarios';
import { ensureSynthesized } from './lib/synth';

const MINUTE_MS = 60_000;
/** How often the check is asked again, in emulator time (as `check --wait`). */
const POLL_MS = 20_000;
/** How long, in emulator time after traffic, a verdict may take before the demo gives up. */
const VERDICT_DEADLINE_MS = 12 * MINUTE_MS;
/** How long, in emulator time, the pipeline may take to go quiet before the fixed run. */
const QUIET_DEADLINE_MS = 10 * MINUTE_MS;

/** The demo's clock speed, unless --speed says otherwise. */
export const DEFAULT_DEMO_SPEED = 10;

/**
 * Scenarios this machine cannot carry at the demo's speed with scenario.json's traffic: a
 * slower clock, less traffic, or both. A function's real processing time is multiplied by the
 * clock speed in emulator time, so a pipeline that falls behind on a fast clock measures the
 * emulator's lag, not its own.
 */
export const DEMO_ADJUSTMENTS: Partial<
  Record<ScenarioId, { maxSpeed?: number; event?: Record<string, unknown>; why: string }>
> = {
  [ScenarioId.LatencyForensics]: {
    maxSpeed: 5,
    event: { ratePerSecond: 100 },
    why: 'one DynamoDB write per trade; at 500/s on a fast clock this 2-core machine falls behind and the iterator age would measure the emulator, while 100/s still swamps the broken table (2 writes/s)',
  },
};

/** One phase (broken or fixed) of a scenario's demo. */
export interface PhaseResult {
  variant: Variant;
  verdict: string;
  summary: string;
  /** Real ms from the phase's deploy to its verdict. */
  toVerdictMs: number;
  /** Emulator ms from the traffic start to the verdict. */
  emulatedToVerdictMs: number;
  /** Real ms of each step: deploy, waiting for a quiet minute, traffic, the check settling. */
  steps: { deployMs: number; quietMs: number; trafficMs: number; settleMs: number };
  result?: CheckResult;
}

/** One scenario's demo. */
export interface ScenarioDemo {
  id: ScenarioId;
  speed: number;
  note?: string;
  broken?: PhaseResult;
  fixed?: PhaseResult;
  /** Real ms from `fix` (the in-place update) to the fixed verdict. */
  fixToVerdictMs?: number;
  wallMs: number;
  error?: string;
  /** True when broken FAILed and fixed PASSed. */
  asExpected: boolean;
}

/** The whole demo. */
export interface DemoResult {
  scenarios: ScenarioDemo[];
  wallMs: number;
  synthMs: number;
  interrupted: boolean;
}

/** The failed conditions and the datapoints of a verdict, a line each. */
export function evidenceLines(result: CheckResult): string[] {
  const lines = result.conditions
    .filter((c) => c.status === ConditionStatus.Failed)
    .map((c) => `FAIL ${c.name}: ${c.detail}`);
  const width = Math.max(...result.series.map((s) => s.label.length), 10);
  for (const s of result.series) {
    const present = s.values.filter((v): v is number => v !== null);
    const figure =
      s.stat === 'Sum' || s.stat === 'SampleCount'
        ? `sum ${fmt(present.reduce((a, b) => a + b, 0))}`
        : `max ${fmt(present.length > 0 ? Math.max(...present) : undefined)}`;
    lines.push(`${s.label.padEnd(width)}  ${sparkline(s.values)}  ${figure}`);
  }
  return lines;
}

/**
 * After a fix: waits for the first complete minute, from the minute of the change on, in which
 * the pipeline did nothing (the broken run's retries and backlog drain first: latency-forensics
 * has thousands of records queued), and returns its start. The check then judges from there, so
 * the fixed verdict is about the fixed pipeline alone.
 */
async function quietMinuteAfterChange(
  target: Target,
  id: ScenarioId,
  changedAt: number,
  signal: AbortSignal
): Promise<{ since: number; drained: boolean }> {
  const firstEligible = Math.floor(changedAt / MINUTE_MS) * MINUTE_MS;
  const deadline = firstEligible + QUIET_DEADLINE_MS;
  for (;;) {
    const now = await target.now();
    const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
    if (minute >= firstEligible) {
      if (await minuteQuiet(target, id, minute)) return { since: minute, drained: true };
      if (now >= deadline) return { since: minute, drained: false };
    }
    // Ask again a few seconds into the next minute, once that minute's metrics are in.
    const next = Math.max(minute + 2 * MINUTE_MS, firstEligible + MINUTE_MS) + 5_000;
    await target.sleep(next - now, signal);
    if (signal.aborted) throw new Error('interrupted');
  }
}

/**
 * Asks the check every 20 s of emulator time, judging from `since`, until it settles: PASS, or
 * FAIL on the broken run, or FAIL on the fixed run once the pipeline has been quiet for a
 * minute (while records are still in flight a fixed pipeline can look unhealthy for a moment,
 * e.g. a consumer's iterator age while it catches up). Gives up after a deadline with the last
 * verdict.
 */
async function settledVerdict(
  target: Target,
  id: ScenarioId,
  variant: Variant,
  since: number,
  signal: AbortSignal,
  onPoll: (result: CheckResult) => void
): Promise<CheckResult> {
  const deadline = (await target.now()) + VERDICT_DEADLINE_MS;
  for (;;) {
    const now = await target.now();
    // A window reaching back past `since`, so the check sees it trimmed there (run-check.ts).
    const minutes = Math.max(3, Math.floor((now - since) / MINUTE_MS) + 2);
    const result = await runScenarioCheck(target, id, { now, minutes, since });
    if (result.verdict === Verdict.Pass || now >= deadline || signal.aborted) return result;
    if (result.verdict === Verdict.Fail) {
      if (variant === 'broken') return result;
      const lastMinute = Math.floor(now / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
      if (lastMinute > since && (await minuteQuiet(target, id, lastMinute))) return result;
    }
    onPoll(result);
    await target.sleep(POLL_MS, signal);
  }
}

/** Deploys one variant (in place after the first), runs traffic, and waits for the verdict. */
async function runPhase(
  target: Target,
  id: ScenarioId,
  variant: Variant,
  io: CliIo,
  step: Progress
): Promise<PhaseResult> {
  const started = Date.now();
  step.line(
    `${id}: ${variant === 'broken' ? 'deploy broken' : 'fix: update the stack to fixed in place'}`
  );
  await target.deploy(id, variant);
  const info = await requireStack(target, id);
  const deployed = Date.now();
  // A fresh stack on a fresh emulator has nothing before it: traffic starts at once and the
  // check judges from the minute of the deploy (as run-check.ts trims it). After a fix, the
  // broken run drains first.
  let since = Math.floor(info.changedAt / MINUTE_MS) * MINUTE_MS;
  if (variant === 'fixed') {
    step.line(
      `${id}: deployed fixed (${formatDuration(Date.now() - started)}); waiting for the broken run to drain (a quiet minute)`
    );
    const quiet = await quietMinuteAfterChange(target, id, info.changedAt, io.signal);
    since = quiet.since;
    if (!quiet.drained) {
      step.line(
        `${id}: the pipeline did not go quiet in ${QUIET_DEADLINE_MS / MINUTE_MS} emulated minutes; starting anyway`
      );
    }
  }
  const quiet = Date.now();
  const event = { ...trafficEvent(id).event, ...DEMO_ADJUSTMENTS[id]?.event };
  step.line(
    `${id}: traffic ${JSON.stringify(event)} (emulator time ${clockTime(await target.now())}; the check judges from ${clockTime(since)})`
  );
  const run = await startTraffic(target, id, {
    io,
    mode: 'sync',
    notBefore: since,
    eventOverride: DEMO_ADJUSTMENTS[id]?.event,
  });
  const reply = run.outcome?.payload ?? '';
  step.line(`${id}: traffic done: ${reply.length > 140 ? `${reply.slice(0, 140)}...` : reply}`);
  let polls = 0;
  const trafficDone = Date.now();
  const result = await settledVerdict(target, id, variant, since, io.signal, (r) => {
    polls++;
    // A line every 2 emulated minutes of waiting.
    if (polls % 6 === 1) step.line(`${id}: check ${variant}: ${r.verdict} so far: ${r.summary}`);
  });
  const now = await target.now();
  step.line(`${id}: check ${variant} -> ${result.verdict}: ${result.summary}`);
  return {
    variant,
    verdict: result.verdict,
    summary: result.summary,
    toVerdictMs: Date.now() - started,
    emulatedToVerdictMs: now - run.startedAt,
    steps: {
      deployMs: deployed - started,
      quietMs: quiet - deployed,
      trafficMs: trafficDone - quiet,
      settleMs: Date.now() - trafficDone,
    },
    result,
  };
}

/** Runs one scenario broken then fixed on its own emulator, and destroys it. */
async function demoScenario(
  id: ScenarioId,
  requestedSpeed: number,
  io: CliIo,
  step: Progress
): Promise<ScenarioDemo> {
  const started = Date.now();
  const adjustment = DEMO_ADJUSTMENTS[id];
  const speed = Math.min(requestedSpeed, adjustment?.maxSpeed ?? requestedSpeed);
  const demo: ScenarioDemo = { id, speed, wallMs: 0, asExpected: false };
  if (adjustment) {
    const changes = [
      speed < requestedSpeed ? `at ${speed}x, not ${requestedSpeed}x` : '',
      adjustment.event
        ? `with ${JSON.stringify(adjustment.event)} instead of scenario.json's ${JSON.stringify(trafficEvent(id).event)}`
        : '',
    ].filter(Boolean);
    if (changes.length > 0) {
      demo.note = `${id} runs ${changes.join(' and ')}: ${adjustment.why}.`;
      step.line(demo.note);
    }
  }
  step.line(`${id}: start the emulator (clock ${speed}x)`);
  const host = await startEmulatorHost({ port: 0, speed });
  const target = host.target;
  try {
    demo.broken = await runPhase(target, id, 'broken', io, step);
    if (demo.broken.result) {
      for (const line of evidenceLines(demo.broken.result)) io.out(`             ${line}`);
    }
    if (io.signal.aborted) throw new Error('interrupted');
    const fixStarted = Date.now();
    demo.fixed = await runPhase(target, id, 'fixed', io, step);
    demo.fixToVerdictMs = Date.now() - fixStarted;
    step.line(`${id}: destroy`);
    await target.destroy(id);
  } catch (error) {
    demo.error = io.signal.aborted ? 'interrupted' : (error as Error).message;
    step.line(`${id}: could not finish: ${demo.error}`);
  } finally {
    await host.close();
  }
  demo.wallMs = Date.now() - started;
  demo.asExpected =
    demo.broken?.verdict === Verdict.Fail && demo.fixed?.verdict === Verdict.Pass && !demo.error;
  return demo;
}

/** Runs the demo: synth if needed, then every scenario broken and fixed, offline. */
export async function runDemo(
  ids: readonly ScenarioId[],
  speed: number,
  io: CliIo
): Promise<DemoResult> {
  const step = progress(io);
  const demoIo: CliIo = { ...io, err: io.out };
  const runStep: Progress = {
    ...step,
    line: (text) => io.out(`[${formatDuration(step.elapsed()).padStart(7)}] ${text}`),
  };
  runStep.line('synthesize cdk.out if missing or stale');
  await ensureSynthesized(demoIo);
  const synthMs = step.elapsed();
  const scenarios: ScenarioDemo[] = [];
  for (const id of ids) {
    if (io.signal.aborted) break;
    scenarios.push(await demoScenario(id, speed, demoIo, runStep));
  }
  return { scenarios, wallMs: step.elapsed(), synthMs, interrupted: io.signal.aborted };
}

/** The summary table of a demo. */
export function summaryTable(result: DemoResult): string {
  const rows = [['scenario', 'clock', 'broken', 'fixed', 'fix -> verdict', 'wall time', 'result']];
  for (const s of result.scenarios) {
    rows.push([
      s.id,
      `${s.speed}x`,
      s.broken?.verdict ?? '-',
      s.fixed?.verdict ?? '-',
      s.fixToVerdictMs !== undefined ? formatDuration(s.fixToVerdictMs) : '-',
      formatDuration(s.wallMs),
      s.error ? `error: ${s.error}` : s.asExpected ? 'as expected' : 'NOT as expected',
    ]);
  }
  return table(rows);
}

/** `forensics demo [scenario-id ...]` */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'offline, every scenario: broken -> FAIL, fix -> PASS, and a summary (no setup)',
  usage: 'demo [scenario-id ...] [--speed N]',
  help: `Runs the lab end to end on this machine, non-interactively: synthesizes cdk.out when it is
missing or stale, then for each scenario (all five, or those named) starts the emulator in this
process, deploys the broken variant, runs the traffic of scenario.json, checks (expects FAIL and
prints the evidence), fixes the stack in place, runs the traffic again, checks (expects PASS)
and destroys it. A progress line per step shows the time since the start; a summary table ends
it.

The check judges from the minute of each deploy on. After the fix, the demo first waits for the
broken run's retries and backlog to drain (a quiet minute) and judges from there, so the fixed
verdict is about the fixed pipeline alone.

The emulator's clock runs faster than real time (default ${DEFAULT_DEMO_SPEED}x: quotas, timeouts and metric
minutes keep AWS's numbers in emulator time). The traffic is scenario.json's, except where this
machine cannot carry it that fast, and the demo says so: latency-forensics runs at 5x at most,
with 100 trades/s instead of 500.

flags:
  --speed N   the emulator clock speed (default ${DEFAULT_DEMO_SPEED}; 1-100)

exit codes: 0 every broken FAILed and every fixed PASSed, 1 one did not, 3 one could not run.`,
  positionals: { min: 0, max: SCENARIO_IDS.length },
  targets: ['local'],
  async run(ctx) {
    const ids =
      ctx.args.length > 0 ? ctx.args.map((a) => requireScenarioId(a, 'demo')) : SCENARIO_IDS;
    const speed = parseSpeed(ctx.global.speed, DEFAULT_DEMO_SPEED);
    ctx.io.out(
      `forensics demo: ${ids.length} scenario(s), offline, emulator clock ${speed}x. Ctrl-C stops it.`
    );
    const result = await runDemo(ids, speed, ctx.io);
    ctx.io.out('');
    ctx.io.out(summaryTable(result));
    const notes = result.scenarios.flatMap((s) => (s.note ? [s.note] : []));
    for (const note of notes) ctx.io.out(`note: ${note}`);
    ctx.io.out(
      `\ntotal ${formatDuration(result.wallMs)} (synth ${formatDuration(result.synthMs)}); "fix -> verdict" is real time from the in-place update to the fixed verdict.`
    );
    if (result.interrupted) return ExitCode.Interrupted;
    if (result.scenarios.some((s) => s.error)) return ExitCode.CouldNotRun;
    const ok = result.scenarios.every((s) => s.asExpected);
    ctx.io.out(
      ok
        ? 'Every broken variant FAILed and every fixed one PASSed.'
        : 'Not every scenario behaved as expected: see the lines marked above.'
    );
    return ok ? ExitCode.Ok : ExitCode.Fail;
  },
};
