/** Looking up log groups and streams, with AWS's not-found errors. */
import type { LogGroup, LogStream, LogsStore } from './store';
import { invalidParameter, resourceNotFound } from './validation';

export const groupNotFound = 'The specified log group does not exist.';
export const streamNotFound = 'The specified log stream does not exist.';

/** `arn:aws:logs:r:a:log-group:NAME[:*]` or a plain name -> the name. */
export function groupNameFromIdentifier(identifier: string): string {
  const m = /^arn:[^:]*:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(identifier);
  return m ? (m[1] as string) : identifier;
}

/** The group named by `logGroupName` or `logGroupIdentifier` (exactly one of them). */
export function findGroup(
  store: LogsStore,
  req: { logGroupName?: string; logGroupIdentifier?: string },
  { allowIdentifier = true } = {}
): LogGroup {
  if (req.logGroupName !== undefined && req.logGroupIdentifier !== undefined) {
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  const name =
    req.logGroupName ??
    (allowIdentifier && req.logGroupIdentifier !== undefined
      ? groupNameFromIdentifier(req.logGroupIdentifier)
      : undefined);
  if (name === undefined) {
    throw invalidParameter('Either LogGroupName or LogGroupIdentifier must be provided.');
  }
  const group = store.groups.get(name);
  if (!group) throw resourceNotFound(groupNotFound);
  return group;
}

export function findStream(group: LogGroup, name: string): LogStream {
  const stream = group.streams.get(name);
  if (!stream) throw resourceNotFound(streamNotFound);
  return stream;
}

/** A page token over a sorted list: base64 of the offset. */
export function offsetToken(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64');
}

export function readOffsetToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const text = Buffer.from(token, 'base64').toString('utf8');
  const m = /^o:(\d+)$/.exec(text);
  if (!m) throw invalidParameter('The specified nextToken is invalid.');
  return Number(m[1]);
}
