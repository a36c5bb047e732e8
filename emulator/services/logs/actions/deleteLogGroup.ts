import { groupNotFound } from '../groups';
import type { LogsStore } from '../store';
import { members, resourceNotFound, validate } from '../validation';

export interface DeleteLogGroupInput {
  logGroupName?: string;
}

export const input = {
  logGroupName: { required: true, ...members.logGroupName },
} as const;

/** Deletes a log group and all its streams and events. */
export function deleteLogGroup(store: LogsStore, req: DeleteLogGroupInput): Record<string, never> {
  validate(req as Record<string, unknown>, input);
  if (!store.groups.delete(String(req.logGroupName))) throw resourceNotFound(groupNotFound);
  return {};
}
