import { quotas } from '../../../core/quotas';
import { compileFilterPattern } from '../filter-pattern';
import { findGroup } from '../groups';
import { type LogsStore, type StoredEvent, upperBound } from '../store';
import { invalidParameter, members, validate } from '../validation';

export interface FilterLogEventsInput {
  logGroupName?: string;
  logGroupIdentifier?: string;
  logStreamNames?: string[];
  logStreamNamePrefix?: string;
  startTime?: number;
  endTime?: number;
  filterPattern?: string;
  nextToken?: string;
  limit?: number;
  interleaved?: boolean;
  unmask?: boolean;
}

export interface FilteredLogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

export interface FilterLogEventsOutput {
  events: FilteredLogEvent[];
  searchedLogStreams: { logStreamName: string; searchedCompletely: boolean }[];
  nextToken?: string;
}

export const input = {
  logGroupName: members.logGroupName,
  logGroupIdentifier: members.logGroupIdentifier,
  logStreamNames: { minLength: 1, maxLength: 100 },
  logStreamNamePrefix: members.logStreamName,
  startTime: members.time,
  endTime: members.time,
  filterPattern: { minLength: 0, maxLength: 1024 },
  nextToken: members.nextToken,
  limit: { min: 1, max: quotas.logsReadPageEvents.value },
} as const;

function eventId(e: StoredEvent): string {
  return `${String(e.timestamp).padStart(20, '0')}${String(e.seq).padStart(36, '0')}`;
}

function readToken(token: string | undefined): { timestamp: number; seq: number } | undefined {
  if (token === undefined) return undefined;
  const m = /^(\d+):(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  if (!m) throw invalidParameter('The specified nextToken is invalid.');
  return { timestamp: Number(m[1]), seq: Number(m[2]) };
}

/**
 * Searches a group's streams (all, named, or by prefix) for events in [startTime, endTime]
 * matching the filter pattern, oldest first across streams (`interleaved` is accepted and is
 * what AWS always does now). Pages hold at most `limit` (default 10,000) events and 1 MB;
 * nextToken continues after the last event returned.
 */
export function filterLogEvents(
  store: LogsStore,
  req: FilterLogEventsInput
): FilterLogEventsOutput {
  validate(req as Record<string, unknown>, input);
  if (req.logStreamNames !== undefined && req.logStreamNamePrefix !== undefined) {
    throw invalidParameter(
      'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.'
    );
  }
  const group = findGroup(store, req);
  const matches = compileFilterPattern(req.filterPattern);
  store.enforceRetention(group);
  const after = readToken(req.nextToken);
  const from = req.startTime ?? Number.NEGATIVE_INFINITY;
  const to = req.endTime ?? Number.POSITIVE_INFINITY;
  const names = req.logStreamNames ? new Set(req.logStreamNames) : undefined;
  const streams = [...group.streams.values()].filter(
    (s) =>
      (!names || names.has(s.logStreamName)) &&
      (req.logStreamNamePrefix === undefined || s.logStreamName.startsWith(req.logStreamNamePrefix))
  );

  const found: { stream: string; event: StoredEvent }[] = [];
  for (const s of streams) {
    let i = upperBound(s.events, from - 1, Number.MAX_SAFE_INTEGER);
    if (after) i = Math.max(i, upperBound(s.events, after.timestamp, after.seq));
    const end = upperBound(s.events, to, Number.MAX_SAFE_INTEGER);
    for (; i < end; i++) {
      const e = s.events[i] as StoredEvent;
      if (matches(e.message)) found.push({ stream: s.logStreamName, event: e });
    }
  }
  found.sort((a, b) => a.event.timestamp - b.event.timestamp || a.event.seq - b.event.seq);

  const limit = req.limit ?? quotas.logsReadPageEvents.value;
  const maxBytes = quotas.logsReadPageBytes.value;
  const page: FilteredLogEvent[] = [];
  let bytes = 0;
  for (const { stream, event } of found) {
    if (page.length >= limit || (bytes + event.bytes > maxBytes && page.length > 0)) break;
    bytes += event.bytes;
    page.push({
      logStreamName: stream,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: eventId(event),
    });
  }
  const more = page.length < found.length;
  const output: FilterLogEventsOutput = {
    events: page,
    searchedLogStreams: streams.map((s) => ({
      logStreamName: s.logStreamName,
      searchedCompletely: !more,
    })),
  };
  if (more) {
    const last = found[page.length - 1]?.event as StoredEvent;
    output.nextToken = Buffer.from(`${last.timestamp}:${last.seq}`).toString('base64');
  }
  return output;
}
