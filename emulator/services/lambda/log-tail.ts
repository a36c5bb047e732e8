import type { LogEvent, LogSink } from '../../core/log-sink';
import { quotas } from '../../core/quotas';

const START = /^START RequestId: (\S+)/;
const REPORT = /^REPORT RequestId: (\S+)/;
/** Finished invocations kept for a `LogType: Tail` reply that has not read them yet. */
const KEEP = 200;

/**
 * Sits between the Lambda runtime and the log sink and keeps each invocation's lines, so Invoke
 * with `LogType: Tail` can answer `X-Amz-Log-Result` (the last 4 KB, base64). An execution
 * environment runs one invocation at a time, so the lines of a log stream between
 * `START RequestId: X` and `REPORT RequestId: X` are X's.
 */
export class LogTail implements LogSink {
  private readonly open = new Map<string, { requestId: string; lines: string[] }>();
  private readonly done = new Map<string, string[]>();

  constructor(private readonly target: () => LogSink) {}

  append(logGroupName: string, logStreamName: string, events: LogEvent[]): void {
    this.target().append(logGroupName, logStreamName, events);
    const key = `${logGroupName}\u0000${logStreamName}`;
    for (const { message } of events) {
      const start = START.exec(message);
      if (start) this.open.set(key, { requestId: start[1] as string, lines: [] });
      const current = this.open.get(key);
      if (!current) continue;
      current.lines.push(message);
      if (REPORT.test(message)) {
        this.open.delete(key);
        this.done.set(current.requestId, current.lines);
        if (this.done.size > KEEP) this.done.delete(this.done.keys().next().value as string);
      }
    }
  }

  /** The base64 of the last 4 KB of `requestId`'s log (and forgets it). */
  take(requestId: string): string {
    const lines = this.done.get(requestId) ?? [];
    this.done.delete(requestId);
    const text = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
    const limit = quotas.lambdaLogTailBytes.value;
    return text.subarray(Math.max(0, text.length - limit)).toString('base64');
  }
}
