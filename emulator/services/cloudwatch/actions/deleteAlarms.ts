import type { RequestContext } from '../../../core/service';
import type { CloudWatchStore } from '../store';
import { asList, checkInput, resourceNotFound } from '../validation';

export interface DeleteAlarmsInput {
  AlarmNames?: string[];
}

export const input = {
  AlarmNames: { required: true, maxLength: 100 },
} as const;

/** Deletes alarms; if any name does not exist, nothing is deleted. */
export function deleteAlarms(
  store: CloudWatchStore,
  req: DeleteAlarmsInput,
  _ctx: RequestContext
): Record<string, never> {
  checkInput(req as Record<string, unknown>, input);
  const names = asList<string>(req.AlarmNames, 'AlarmNames') ?? [];
  const missing = names.filter((n) => !store.alarms.has(n));
  if (missing.length > 0) {
    throw resourceNotFound(`The following alarms could not be found: [${missing.join(', ')}].`);
  }
  for (const n of names) store.alarms.delete(n);
  return {};
}
