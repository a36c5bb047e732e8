import type { RequestContext } from '../../../core/service';
import type { CloudWatchStore } from '../store';
import { checkInput, resourceNotFound, validationError } from '../validation';

export interface SetAlarmStateInput {
  AlarmName?: string;
  StateValue?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  StateReason?: string;
  StateReasonData?: string;
}

export const input = {
  AlarmName: { required: true, minLength: 1, maxLength: 255 },
  StateValue: { required: true, enum: ['OK', 'ALARM', 'INSUFFICIENT_DATA'] },
  StateReason: { required: true, minLength: 0, maxLength: 1023 },
  StateReasonData: { minLength: 0, maxLength: 4000 },
} as const;

/** Sets an alarm's state until its next evaluation (as on AWS). */
export function setAlarmState(
  store: CloudWatchStore,
  req: SetAlarmStateInput,
  ctx: RequestContext
): Record<string, never> {
  checkInput(req as Record<string, unknown>, input);
  const alarm = store.alarms.get(String(req.AlarmName));
  if (!alarm) throw resourceNotFound(`Alarm ${req.AlarmName} not found`);
  if (req.StateReasonData !== undefined) {
    try {
      JSON.parse(req.StateReasonData);
    } catch {
      throw validationError('The parameter StateReasonData must be valid JSON.');
    }
  }
  const now = ctx.clock.now();
  alarm.StateValue = req.StateValue as 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  alarm.StateReason = String(req.StateReason);
  alarm.StateReasonData = req.StateReasonData;
  alarm.StateUpdatedTimestamp = now;
  alarm.StateTransitionedTimestamp = now;
  return {};
}
