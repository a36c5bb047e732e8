/**
 * The live terminal view of `play`: the scenario's key metrics (the series its check reads) as
 * sparklines over the last minutes, the traffic's state and the latest verdict, redrawn every
 * few seconds until Ctrl-C.
 */
import type { ScenarioId } from '../../../infra/names';
import { sparkline } from '../../checks/format';
import { checks } from '../../checks/index';
import { fetchSeries, type MetricSpec } from '../../checks/metric-query';
import { fmt } from '../../checks/series-math';
import { readStackOutputs } from '../../checks/stack-outputs';
import type { CheckResult, Series } from '../../checks/verdict';
import type { Target } from '../../targets/target';
import { type CliIo, clockTime, delay } from './io';
import { runScenarioCheck } from './lab';

const MINUTE_MS = 60_000;
/** Minutes shown, the current (still filling) one included. */
const SHOWN_MINUTES = 10;
/** Real time between redraws. */
const REDRAW_MS = 3_000;
/** Emulator time between check runs (a check makes several API calls): at least 3 s real. */
const CHECK_EVERY_MS = 15_000;
/** Without a terminal, print a frame this rarely. */
const PLAIN_EVERY_MS = 30_000;

/** What the view shows about traffic, from its owner. */
export interface TrafficState {
  text(now: number): string;
}

function seriesLine(s: Series, width: number): string {
  const present = s.values.filter((v): v is number => v !== null);
  const figure =
    s.stat === 'Sum' || s.stat === 'SampleCount'
      ? `sum ${fmt(present.reduce((a, b) => a + b, 0))}`
      : `max ${fmt(present.length > 0 ? Math.max(...present) : undefined)}`;
  return `  ${s.label.padEnd(width)}  ${sparkline(s.values)}  ${figure}`;
}

/** Redraws until `io.signal` aborts. */
export async function runLiveView(
  target: Target,
  id: ScenarioId,
  io: CliIo,
  traffic: TrafficState,
  footer: string[]
): Promise<void> {
  let specs: MetricSpec[] = [];
  let specsFor = -1;
  let verdict: { result: CheckResult; at: number } | undefined;
  let verdictError: string | undefined;
  let lastCheck = 0;
  let lastPlain = 0;
  while (!io.signal.aborted) {
    const lines: string[] = [];
    try {
      const now = await target.now();
      const info = await target.describe(id);
      if (info && info.changedAt !== specsFor) {
        const outputs = await readStackOutputs(target.clients.cloudformation, id);
        specs = await checks[id].metrics(outputs, target.clients);
        specsFor = info.changedAt;
      }
      if (info && Date.now() - lastCheck >= Math.max(REDRAW_MS, CHECK_EVERY_MS / target.speed)) {
        lastCheck = Date.now();
        try {
          verdict = { result: await runScenarioCheck(target, id, { now }), at: now };
          verdictError = undefined;
        } catch (error) {
          verdictError = (error as Error).message;
        }
      }
      const end = Math.ceil(now / MINUTE_MS) * MINUTE_MS;
      const series = info
        ? await fetchSeries(target.clients.cloudwatch, specs, {
            start: end - SHOWN_MINUTES * MINUTE_MS,
            end,
          })
        : new Map<string, Series>();
      lines.push(
        `forensics play ${id} (${info ? (info.variant ?? '?') : 'not deployed'})   ${target.label}   ${clockTime(now)} UTC`,
        `traffic: ${traffic.text(now)}`,
        verdict
          ? `check:   ${verdict.result.verdict} at ${clockTime(verdict.at)}: ${verdict.result.summary.slice(0, 160)}`
          : `check:   ${verdictError ?? 'not run yet'}`,
        '',
        `the check's metrics, one bar per minute from ${clockTime(end - SHOWN_MINUTES * MINUTE_MS).slice(0, 5)} (the last one still filling):`
      );
      const width = Math.max(...[...series.values()].map((s) => s.label.length), 10);
      for (const s of series.values()) lines.push(seriesLine(s, width));
    } catch (error) {
      lines.push(`(could not read the emulator: ${(error as Error).message})`);
    }
    lines.push('', ...footer);
    if (io.isTTY) {
      io.write(`\x1b[H\x1b[2J${lines.join('\n')}\n`);
    } else if (Date.now() - lastPlain >= PLAIN_EVERY_MS) {
      lastPlain = Date.now();
      io.out(`${lines.slice(0, -footer.length - 1).join('\n')}\n`);
    }
    await delay(REDRAW_MS, io.signal);
  }
}
