import { findGroup, findStream } from '../groups';
import type { LogsStore } from '../store';
import { members, validate } from '../validation';

export interface DeleteLogStreamInput {
  logGroupName?: string;
  logStreamName?: string;
}

export const input = {
  logGroupName: { required: true, ...members.logGroupName },
  logStreamName: { required: true, ...members.logStreamName },
} as const;

/** Deletes a log stream and its events. */
export function deleteLogStream(
  store: LogsStore,
  req: DeleteLogStreamInput
): Record<string, never> {
  validate(req as Record<string, unknown>, input);
  const group = findGroup(store, req, { allowIdentifier: false });
  const stream = findStream(group, String(req.logStreamName));
  group.streams.delete(stream.logStreamName);
  group.storedBytes -= stream.storedBytes;
  return {};
}
