import { quotas } from '../../../core/quotas';
import { findGroup, offsetToken, readOffsetToken } from '../groups';
import type { LogStream, LogsStore } from '../store';
import { invalidParameter, members, validate } from '../validation';

export interface DescribeLogStreamsInput {
  logGroupName?: string;
  logGroupIdentifier?: string;
  logStreamNamePrefix?: string;
  orderBy?: 'LogStreamName' | 'LastEventTime';
  descending?: boolean;
  nextToken?: string;
  limit?: number;
}

export const input = {
  logGroupName: members.logGroupName,
  logGroupIdentifier: members.logGroupIdentifier,
  logStreamNamePrefix: members.logStreamName,
  orderBy: { enum: ['LogStreamName', 'LastEventTime'] },
  nextToken: members.nextToken,
  limit: { min: 1, max: quotas.logsDescribePageSize.value },
} as const;

export function streamOutput(s: LogStream): Record<string, unknown> {
  const out: Record<string, unknown> = {
    logStreamName: s.logStreamName,
    creationTime: s.creationTime,
    arn: s.arn,
    storedBytes: s.storedBytes,
  };
  if (s.firstEventTimestamp !== undefined) out.firstEventTimestamp = s.firstEventTimestamp;
  if (s.lastEventTimestamp !== undefined) out.lastEventTimestamp = s.lastEventTimestamp;
  if (s.lastIngestionTime !== undefined) {
    out.lastIngestionTime = s.lastIngestionTime;
    out.uploadSequenceToken = '1';
  }
  return out;
}

/** Lists a group's streams by name or by last event time (newest first with `descending`). */
export function describeLogStreams(
  store: LogsStore,
  req: DescribeLogStreamsInput
): { logStreams: Record<string, unknown>[]; nextToken?: string } {
  validate(req as Record<string, unknown>, input);
  const group = findGroup(store, req);
  const orderBy = req.orderBy ?? 'LogStreamName';
  if (orderBy === 'LastEventTime' && req.logStreamNamePrefix !== undefined) {
    throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const offset = readOffsetToken(req.nextToken);
  const limit = req.limit ?? quotas.logsDescribePageSize.value;
  const prefix = req.logStreamNamePrefix ?? '';
  const streams = [...group.streams.values()].filter((s) => s.logStreamName.startsWith(prefix));
  streams.sort((a, b) => {
    if (orderBy === 'LastEventTime') {
      const d = (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0);
      if (d !== 0) return d;
    }
    return a.logStreamName < b.logStreamName ? -1 : a.logStreamName > b.logStreamName ? 1 : 0;
  });
  if (req.descending) streams.reverse();
  const output: { logStreams: Record<string, unknown>[]; nextToken?: string } = {
    logStreams: streams.slice(offset, offset + limit).map(streamOutput),
  };
  if (offset + limit < streams.length) output.nextToken = offsetToken(offset + limit);
  return output;
}
