import { quotas } from '../../../core/quotas';
import { findGroup, findStream } from '../groups';
import { eventBytes, type LogsStore } from '../store';
import { invalidParameter, members, throwIfAny, validate, violations } from '../validation';

export interface PutLogEventsInput {
  logGroupName?: string;
  logStreamName?: string;
  logEvents?: { timestamp?: number; message?: string }[];
  sequenceToken?: string;
  entity?: unknown;
}

export interface PutLogEventsOutput {
  nextSequenceToken: string;
  rejectedLogEventsInfo?: {
    tooNewLogEventStartIndex?: number;
    tooOldLogEventEndIndex?: number;
    expiredLogEventEndIndex?: number;
  };
}

export const input = {
  logGroupName: { required: true, ...members.logGroupName },
  logStreamName: { required: true, ...members.logStreamName },
  logEvents: { required: true, minLength: 1 },
} as const;

const eventRules = {
  timestamp: { required: true, min: 0 },
  message: { required: true, minLength: 1 },
} as const;

/**
 * Uploads events to an existing stream, with AWS's batch limits: 1,048,576 bytes (UTF-8
 * message bytes + 26 per event), 10,000 events, chronological order, a 24-hour span; events
 * older than 14 days or the group's retention, or more than 2 hours ahead, are rejected
 * (reported in rejectedLogEventsInfo) while the rest are stored. The sequence token is ignored,
 * as on AWS today. EMF is not extracted here: AWS extracts it only for uploads sent with
 * `x-amzn-logs-format: json/emf` (and for Lambda, whose logs come through the LogSink).
 */
export function putLogEvents(store: LogsStore, req: PutLogEventsInput): PutLogEventsOutput {
  const events = Array.isArray(req.logEvents) ? req.logEvents : undefined;
  const max = quotas.logsPutLogEventsEvents.value;
  const extra =
    events && events.length > max
      ? [
          `Value '[${events.length} events]' at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
        ]
      : [];
  validate(req as Record<string, unknown>, input, extra);
  const list = events ?? [];
  const errors: string[] = [];
  list.forEach((e, i) => {
    for (const [name, rule] of Object.entries(eventRules)) {
      errors.push(
        ...violations(
          (e as Record<string, unknown>)?.[name],
          `logEvents.${i + 1}.member.${name}`,
          rule
        )
      );
    }
  });
  throwIfAny(errors);

  const group = findGroup(store, req, { allowIdentifier: false });
  const stream = findStream(group, String(req.logStreamName));

  const size = list.reduce((sum, e) => sum + eventBytes(String(e.message)), 0);
  const limit = quotas.logsPutLogEventsBatchBytes.value;
  if (size > limit)
    throw invalidParameter(`Upload too large: ${size} bytes exceeds limit of ${limit}`);

  for (let i = 1; i < list.length; i++) {
    if (Number(list[i]?.timestamp) < Number(list[i - 1]?.timestamp)) {
      throw invalidParameter(
        'Log events in a single PutLogEvents request must be in chronological order.'
      );
    }
  }

  const now = store.clock.now();
  const tooOld = now - quotas.logsEventMaxAgeMs.value;
  const retained = store.retentionStart(group);
  const tooNew = now + quotas.logsEventMaxFutureMs.value;
  const info: NonNullable<PutLogEventsOutput['rejectedLogEventsInfo']> = {};
  const accepted: { timestamp: number; message: string }[] = [];
  list.forEach((e, i) => {
    const t = Number(e.timestamp);
    if (t < tooOld) info.tooOldLogEventEndIndex = i;
    else if (retained !== undefined && t < retained) info.expiredLogEventEndIndex = i;
    else if (t > tooNew) info.tooNewLogEventStartIndex ??= i;
    else accepted.push({ timestamp: t, message: String(e.message) });
  });
  const first = accepted[0];
  const last = accepted[accepted.length - 1];
  if (first && last && last.timestamp - first.timestamp > quotas.logsPutLogEventsSpanMs.value) {
    throw invalidParameter(
      'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.'
    );
  }
  store.store(group, stream, accepted);
  const output: PutLogEventsOutput = { nextSequenceToken: String(now).padStart(56, '0') };
  if (Object.keys(info).length > 0) output.rejectedLogEventsInfo = info;
  return output;
}
