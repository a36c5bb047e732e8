import { quotas } from '../../../core/quotas';
import { findGroup, findStream } from '../groups';
import { type LogsStore, type StoredEvent, upperBound } from '../store';
import { invalidParameter, members, validate } from '../validation';

export interface GetLogEventsInput {
  logGroupName?: string;
  logGroupIdentifier?: string;
  logStreamName?: string;
  startTime?: number;
  endTime?: number;
  nextToken?: string;
  limit?: number;
  startFromHead?: boolean;
  unmask?: boolean;
}

export interface GetLogEventsOutput {
  events: { timestamp: number; message: string; ingestionTime: number }[];
  nextForwardToken: string;
  nextBackwardToken: string;
}

export const input = {
  logGroupName: members.logGroupName,
  logGroupIdentifier: members.logGroupIdentifier,
  logStreamName: { required: true, ...members.logStreamName },
  startTime: members.time,
  endTime: members.time,
  nextToken: members.nextToken,
  limit: { min: 1, max: quotas.logsReadPageEvents.value },
} as const;

/** A position between events: (timestamp, seq) of the event just before (f) or after (b) it. */
interface Cursor {
  direction: 'f' | 'b';
  timestamp: number;
  seq: number;
}

const maxTimestamp = 99_999_999_999_999;

/** `f/` or `b/` + 56 digits + `/s`, shaped like AWS's tokens. */
function encode(c: Cursor): string {
  const ts = String(Math.max(0, Math.min(c.timestamp, maxTimestamp))).padStart(20, '0');
  const seq = String(Math.max(0, c.seq)).padStart(36, '0');
  return `${c.direction}/${ts}${seq}/s`;
}

function decode(token: string): Cursor {
  const m = /^([fb])\/(\d{20})(\d{36})\/s$/.exec(token);
  if (!m) throw invalidParameter('The specified nextToken is invalid.');
  return { direction: m[1] as 'f' | 'b', timestamp: Number(m[2]), seq: Number(m[3]) };
}

/**
 * Reads one stream. Without a token it returns the newest events (or the oldest with
 * startFromHead); nextForwardToken/nextBackwardToken continue after/before the page, and at
 * the end of the stream the token passed in comes back unchanged (how callers know to stop).
 * Pages hold at most `limit` (default 10,000) events and 1 MB.
 */
export function getLogEvents(store: LogsStore, req: GetLogEventsInput): GetLogEventsOutput {
  validate(req as Record<string, unknown>, input);
  const group = findGroup(store, req);
  const stream = findStream(group, String(req.logStreamName));
  store.enforceRetention(group);
  const limit = req.limit ?? quotas.logsReadPageEvents.value;
  const maxBytes = quotas.logsReadPageBytes.value;
  const from = req.startTime ?? Number.NEGATIVE_INFINITY;
  const to = req.endTime ?? Number.POSITIVE_INFINITY;
  const events = stream.events;
  // The events in [startTime, endTime).
  const lo = upperBound(events, from - 1, Number.MAX_SAFE_INTEGER);
  const hi = upperBound(events, to - 1, Number.MAX_SAFE_INTEGER);

  let cursor: Cursor;
  if (req.nextToken !== undefined) cursor = decode(req.nextToken);
  else if (req.startFromHead) cursor = { direction: 'f', timestamp: 0, seq: 0 };
  else cursor = { direction: 'b', timestamp: maxTimestamp, seq: 0 };

  let page: StoredEvent[];
  if (cursor.direction === 'f') {
    const start = Math.max(lo, upperBound(events, cursor.timestamp, cursor.seq));
    page = [];
    let bytes = 0;
    for (let i = start; i < hi && page.length < limit; i++) {
      const e = events[i] as StoredEvent;
      if (bytes + e.bytes > maxBytes && page.length > 0) break;
      bytes += e.bytes;
      page.push(e);
    }
  } else {
    const end = Math.min(hi, upperBound(events, cursor.timestamp, cursor.seq - 1));
    page = [];
    let bytes = 0;
    for (let i = end - 1; i >= lo && page.length < limit; i--) {
      const e = events[i] as StoredEvent;
      if (bytes + e.bytes > maxBytes && page.length > 0) break;
      bytes += e.bytes;
      page.unshift(e);
    }
  }

  const first = page[0];
  const last = page[page.length - 1];
  const token = req.nextToken;
  const forward = last
    ? encode({ direction: 'f', timestamp: last.timestamp, seq: last.seq })
    : cursor.direction === 'f' && token
      ? token
      : encode({
          direction: 'f',
          timestamp: cursor.direction === 'f' ? cursor.timestamp : 0,
          seq: cursor.direction === 'f' ? cursor.seq : 0,
        });
  const backward = first
    ? encode({ direction: 'b', timestamp: first.timestamp, seq: first.seq })
    : cursor.direction === 'b' && token
      ? token
      : encode({ direction: 'b', timestamp: cursor.timestamp, seq: cursor.seq + 1 });
  return {
    events: page.map((e) => ({
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.ingestionTime,
    })),
    nextForwardToken: forward,
    nextBackwardToken: backward,
  };
}
