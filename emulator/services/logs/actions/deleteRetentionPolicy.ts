import { findGroup } from '../groups';
import type { LogsStore } from '../store';
import { members, validate } from '../validation';

export interface DeleteRetentionPolicyInput {
  logGroupName?: string;
}

export const input = {
  logGroupName: { required: true, ...members.logGroupName },
} as const;

/** Makes a group's events never expire. */
export function deleteRetentionPolicy(
  store: LogsStore,
  req: DeleteRetentionPolicyInput
): Record<string, never> {
  validate(req as Record<string, unknown>, input);
  const group = findGroup(store, req, { allowIdentifier: false });
  group.retentionInDays = undefined;
  return {};
}
