/**
 * The recent log lines of a stack's functions and pipes, newest last, read from the emulated
 * CloudWatch Logs store.
 */
import type { StackRecord } from '../emulator/cloudformation';
import type { LogsStore, StoredEvent } from '../emulator/services/logs/store';
import { labelOf } from './flow';

/** A log group the stack's functions or pipes write to. */
export interface StackLogGroup {
  name: string;
  /** What writes to it: the function or pipe label. */
  label: string;
  kind: 'function' | 'pipe';
}

/** One line of the log pane. */
export interface LogLine {
  timestamp: number;
  group: string;
  label: string;
  stream: string;
  message: string;
}

/** Options of `recentLogLines`. */
export interface LogQuery {
  /** Case-insensitive text every line returned contains. */
  filter?: string;
  /** At most this many lines (the newest). @default 200 */
  limit?: number;
  /** Include Embedded Metric Format lines (the functions' metrics). @default false */
  includeEmf?: boolean;
}

/** Lines read per stream at most, newest first, when looking for matches. */
const SCAN_LIMIT = 20_000;

function groupNameOfArn(arn: string): string {
  const m = /^arn:[^:]*:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(arn);
  return m?.[1] ?? arn;
}

/** The log groups of a stack's functions (LoggingConfig or /aws/lambda/<name>) and pipes. */
export function stackLogGroups(stack: Pick<StackRecord, 'resources'>): StackLogGroup[] {
  const out = new Map<string, StackLogGroup>();
  for (const r of stack.resources.values()) {
    if (r.type === 'AWS::Lambda::Function') {
      const logging = r.properties.LoggingConfig as { LogGroup?: unknown } | undefined;
      const name =
        typeof logging?.LogGroup === 'string' ? logging.LogGroup : `/aws/lambda/${r.physicalId}`;
      out.set(name, { name, label: labelOf(r.logicalId, 'function'), kind: 'function' });
    } else if (r.type === 'AWS::Pipes::Pipe') {
      const config = r.properties.LogConfiguration as
        | { CloudwatchLogsLogDestination?: { LogGroupArn?: unknown } }
        | undefined;
      const arn = config?.CloudwatchLogsLogDestination?.LogGroupArn;
      if (typeof arn === 'string') {
        const name = groupNameOfArn(arn);
        out.set(name, { name, label: labelOf(r.logicalId, 'pipe'), kind: 'pipe' });
      }
    }
  }
  return [...out.values()];
}

/** True for a line Powertools Metrics (or any EMF writer) printed: JSON with an `_aws` key. */
export function isEmfLine(message: string): boolean {
  const text = message.trimStart();
  return text.startsWith('{') && text.includes('"_aws"') && text.includes('"CloudWatchMetrics"');
}

/**
 * The newest lines of the given groups that match the query, oldest first. Groups that do not
 * exist yet (nothing logged) are skipped.
 */
export function recentLogLines(
  store: LogsStore,
  groups: readonly StackLogGroup[],
  query: LogQuery = {}
): LogLine[] {
  const limit = Math.max(1, Math.min(2000, query.limit ?? 200));
  const needle = query.filter?.trim().toLowerCase() ?? '';
  const found: (LogLine & { seq: number })[] = [];
  for (const g of groups) {
    const group = store.groups.get(g.name);
    if (!group) continue;
    for (const stream of group.streams.values()) {
      const events: StoredEvent[] = stream.events;
      let taken = 0;
      for (let i = events.length - 1, scanned = 0; i >= 0 && scanned < SCAN_LIMIT; i--, scanned++) {
        const e = events[i] as StoredEvent;
        if (!query.includeEmf && isEmfLine(e.message)) continue;
        if (needle && !e.message.toLowerCase().includes(needle)) continue;
        found.push({
          timestamp: e.timestamp,
          seq: e.seq,
          group: g.name,
          label: g.label,
          stream: stream.logStreamName,
          message: e.message,
        });
        if (++taken >= limit) break;
      }
    }
  }
  found.sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
  return found.slice(-limit).map(({ seq: _seq, ...line }) => line);
}
