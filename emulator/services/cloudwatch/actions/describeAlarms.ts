import { quotas } from '../../../core/quotas';
import type { RequestContext } from '../../../core/service';
import { evaluateAlarms, type MetricAlarm } from '../alarms';
import type { CloudWatchStore } from '../store';
import { asList, checkInput, invalidNextToken, invalidParameterCombination } from '../validation';

export interface DescribeAlarmsInput {
  AlarmNames?: string[];
  AlarmNamePrefix?: string;
  AlarmTypes?: ('CompositeAlarm' | 'MetricAlarm')[];
  ChildrenOfAlarmName?: string;
  ParentsOfAlarmName?: string;
  StateValue?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  ActionPrefix?: string;
  MaxRecords?: number;
  NextToken?: string;
}

export const input = {
  AlarmNames: { maxLength: 100 },
  AlarmNamePrefix: { minLength: 1, maxLength: 255 },
  StateValue: { enum: ['OK', 'ALARM', 'INSUFFICIENT_DATA'] },
  ActionPrefix: { minLength: 1, maxLength: 1024 },
  MaxRecords: { min: 1, max: quotas.cloudWatchDescribeAlarmsMaxRecords.value },
} as const;

/** The JSON shape of a stored alarm (timestamps in epoch seconds, unset members omitted). */
export function alarmOutput(alarm: MetricAlarm): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(alarm)) {
    if (v === undefined || k === 'Tags' || k === 'lastEvaluation') continue;
    out[k] = k.endsWith('Timestamp') ? (v as number) / 1000 : v;
  }
  return out;
}

/**
 * Lists alarms, evaluating their state first on the emulator clock (see alarms.ts). Composite
 * alarms are not supported, so CompositeAlarms is always empty.
 */
export function describeAlarms(
  store: CloudWatchStore,
  req: DescribeAlarmsInput,
  _ctx: RequestContext
): { MetricAlarms: Record<string, unknown>[]; CompositeAlarms: never[]; NextToken?: string } {
  checkInput(req as Record<string, unknown>, input);
  asList(req.AlarmNames, 'AlarmNames');
  asList(req.AlarmTypes, 'AlarmTypes');
  if (req.AlarmNames?.length && req.AlarmNamePrefix) {
    throw invalidParameterCombination(
      'AlarmNamePrefix and AlarmNames.member are mutually exclusive'
    );
  }
  let offset = 0;
  if (req.NextToken) {
    offset = Number.parseInt(Buffer.from(req.NextToken, 'base64').toString('utf8'), 10);
    if (!Number.isInteger(offset) || offset <= 0) throw invalidNextToken();
  }
  const wantMetricAlarms = !req.AlarmTypes?.length || req.AlarmTypes.includes('MetricAlarm');
  let alarms =
    wantMetricAlarms && !req.ChildrenOfAlarmName && !req.ParentsOfAlarmName
      ? [...store.alarms.values()]
      : [];
  if (req.AlarmNames?.length) alarms = alarms.filter((a) => req.AlarmNames?.includes(a.AlarmName));
  if (req.AlarmNamePrefix) {
    const prefix = req.AlarmNamePrefix;
    alarms = alarms.filter((a) => a.AlarmName.startsWith(prefix));
  }
  if (req.ActionPrefix) {
    const prefix = req.ActionPrefix;
    alarms = alarms.filter((a) =>
      [...a.AlarmActions, ...a.OKActions, ...a.InsufficientDataActions].some((x) =>
        x.startsWith(prefix)
      )
    );
  }
  evaluateAlarms(store, alarms);
  if (req.StateValue) alarms = alarms.filter((a) => a.StateValue === req.StateValue);
  alarms.sort((a, b) => (a.AlarmName < b.AlarmName ? -1 : a.AlarmName > b.AlarmName ? 1 : 0));
  const max = req.MaxRecords ?? 50;
  const page = alarms.slice(offset, offset + max);
  const output: {
    MetricAlarms: Record<string, unknown>[];
    CompositeAlarms: never[];
    NextToken?: string;
  } = {
    MetricAlarms: page.map(alarmOutput),
    CompositeAlarms: [],
  };
  if (offset + max < alarms.length) {
    output.NextToken = Buffer.from(String(offset + max)).toString('base64');
  }
  return output;
}
