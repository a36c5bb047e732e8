import { findGroup } from '../groups';
import type { LogsStore } from '../store';
import { alreadyExists, members, validate } from '../validation';

export interface CreateLogStreamInput {
  logGroupName?: string;
  logStreamName?: string;
}

export const input = {
  logGroupName: { required: true, ...members.logGroupName },
  logStreamName: { required: true, ...members.logStreamName },
} as const;

/** Creates a log stream in an existing group. */
export function createLogStream(
  store: LogsStore,
  req: CreateLogStreamInput
): Record<string, never> {
  validate(req as Record<string, unknown>, input);
  const group = findGroup(store, req, { allowIdentifier: false });
  const name = String(req.logStreamName);
  if (group.streams.has(name)) throw alreadyExists('The specified log stream already exists');
  store.createStream(group, name);
  return {};
}
