import { fmt } from './series-math';
import { type CheckResult, ConditionStatus, type Series } from './verdict';

const BARS = '▁▂▃▄▅▆▇█';

/** A one-line trend of a series: a bar per minute, `·` where there is no datapoint. */
export function sparkline(values: (number | null)[]): string {
  const present = values.filter((v): v is number => v !== null);
  const max = present.length > 0 ? Math.max(...present) : 0;
  return values
    .map((v) => {
      if (v === null) return '·';
      if (max === 0) return BARS[0];
      return BARS[Math.min(BARS.length - 1, Math.floor((v / max) * (BARS.length - 1)))];
    })
    .join('');
}

const MARK: Record<ConditionStatus, string> = {
  [ConditionStatus.Held]: 'ok  ',
  [ConditionStatus.Failed]: 'FAIL',
  [ConditionStatus.Unknown]: '?   ',
};

function seriesLine(s: Series, labelWidth: number): string {
  const present = s.values.filter((v): v is number => v !== null);
  const figure =
    s.stat === 'Sum' || s.stat === 'SampleCount'
      ? `sum ${fmt(present.reduce((a, b) => a + b, 0))}`
      : `max ${fmt(present.length > 0 ? Math.max(...present) : undefined)}`;
  return `  ${s.label.padEnd(labelWidth)}  ${sparkline(s.values)}  ${figure}`;
}

/** The verdict, the conditions with their figures, and the datapoints, for a terminal. */
export function formatResult(result: CheckResult): string {
  const start = new Date(result.window.start).toISOString().slice(11, 16);
  const end = new Date(result.window.end).toISOString().slice(11, 16);
  const lines = [
    `${result.scenarioId}: ${result.verdict}`,
    `  ${result.summary}`,
    '',
    'conditions:',
    ...result.conditions.map((c) => `  ${MARK[c.status]}  ${c.name}: ${c.detail}`),
    '',
    `datapoints (one per minute, ${start}–${end} UTC):`,
  ];
  const width = Math.max(...result.series.map((s) => s.label.length), 10);
  lines.push(...result.series.map((s) => seriesLine(s, width)));
  if (result.advice.length > 0) {
    lines.push('', 'advice (not part of the verdict):', ...result.advice.map((a) => `  - ${a}`));
  }
  if (result.nextStep) lines.push('', `next: ${result.nextStep}`);
  return lines.join('\n');
}

/** The same as JSON, timestamps as ISO strings. */
export function resultToJson(result: CheckResult): string {
  return JSON.stringify(
    {
      ...result,
      window: {
        start: new Date(result.window.start).toISOString(),
        end: new Date(result.window.end).toISOString(),
      },
      series: result.series.map((s) => ({
        ...s,
        timestamps: s.timestamps.map((t) => new Date(t).toISOString()),
      })),
    },
    null,
    2
  );
}
