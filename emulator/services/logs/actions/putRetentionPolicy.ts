import { findGroup } from '../groups';
import type { LogsStore } from '../store';
import { members, validate } from '../validation';

export interface PutRetentionPolicyInput {
  logGroupName?: string;
  retentionInDays?: number;
}

/** The retention periods AWS accepts (SDK model, client-cloudwatch-logs@3.1169.0). */
export const retentionDays = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

export const input = {
  logGroupName: { required: true, ...members.logGroupName },
  retentionInDays: { required: true, enum: retentionDays },
} as const;

/** Sets a group's retention; older events are deleted on the emulator clock. */
export function putRetentionPolicy(
  store: LogsStore,
  req: PutRetentionPolicyInput
): Record<string, never> {
  validate(req as Record<string, unknown>, input);
  const group = findGroup(store, req, { allowIdentifier: false });
  group.retentionInDays = Number(req.retentionInDays);
  store.enforceRetention(group);
  return {};
}
