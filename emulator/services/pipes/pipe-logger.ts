import type { EmulatorClock } from '../../core/clock';
import type { LogSink } from '../../core/log-sink';
import { quotas } from '../../core/quotas';

/** A pipe log record's level. */
export type PipeLogLevel = 'ERROR' | 'INFO' | 'TRACE';

const RANK: Record<string, number> = { OFF: 0, ERROR: 1, INFO: 2, TRACE: 3 };

/** The execution data and error a log record may carry (aws-facts E.4). */
export interface PipeLogData {
  payload?: unknown;
  awsRequest?: unknown;
  awsResponse?: unknown;
  error?: {
    httpStatusCode: number;
    message: string;
    details?: string;
    awsService: string;
    requestId: string;
  };
}

/** A pipe's LogConfiguration, as CreatePipe takes it. */
export interface PipeLogConfiguration {
  Level?: string;
  IncludeExecutionData?: string[];
  CloudwatchLogsLogDestination?: { LogGroupArn?: string };
}

/**
 * Writes a pipe's execution-step log records to CloudWatch Logs, as EventBridge Pipes does when
 * the pipe has a LogConfiguration with a CloudwatchLogsLogDestination (aws-facts E.4):
 *
 * - nothing at all without a LogConfiguration, or at Level OFF;
 * - ERROR: failed steps; INFO: errors plus the start/end of stages; TRACE: every step;
 * - `payload`, `awsRequest`, `awsResponse` only with `IncludeExecutionData: ["ALL"]`; a field
 *   longer than 64 KB is cut and named in `truncatedFields` (AWS's limit is not documented);
 * - one JSON record per log event, in the log group of LogGroupArn, log stream = the pipe name
 *   (AWS's stream naming is not documented).
 *
 * Step names (`ExecutionStarted`, `TargetInvocationFailed` ...) follow LocalStack's
 * implementation (UNCONFIRMED against AWS, aws-facts J.3).
 */
export class PipeLogger {
  constructor(
    private readonly sink: LogSink,
    private readonly clock: EmulatorClock
  ) {}

  log(
    pipe: { Name: string; Arn: string; LogConfiguration?: PipeLogConfiguration },
    executionId: string,
    level: PipeLogLevel,
    messageType: string,
    data: PipeLogData = {}
  ): void {
    const config = pipe.LogConfiguration;
    const groupArn = config?.CloudwatchLogsLogDestination?.LogGroupArn;
    if (!config || !groupArn) return;
    if ((RANK[level] ?? 0) > (RANK[config.Level ?? 'OFF'] ?? 0)) return;
    const record: Record<string, unknown> = {
      executionId,
      timestamp: this.clock.now(),
      messageType,
      resourceArn: pipe.Arn,
      logLevel: level,
    };
    const truncated: string[] = [];
    if (config.IncludeExecutionData?.includes('ALL')) {
      for (const field of ['payload', 'awsRequest', 'awsResponse'] as const) {
        const value = data[field];
        if (value === undefined) continue;
        let text = typeof value === 'string' ? value : JSON.stringify(value);
        const max = quotas.pipesLogFieldMaxBytes.value;
        if (Buffer.byteLength(text, 'utf8') > max) {
          text = Buffer.from(text, 'utf8').subarray(0, max).toString('utf8');
          truncated.push(field);
        }
        record[field] = text;
      }
      if (truncated.length > 0) record.truncatedFields = truncated;
    }
    if (data.error) record.error = { details: '', ...data.error };
    this.sink.append(logGroupName(groupArn), pipe.Name, [
      { timestamp: this.clock.now(), message: JSON.stringify(record) },
    ]);
  }
}

/** `arn:aws:logs:us-east-1:123:log-group:/aws/vendedlogs/pipes/x[:*]` -> the group name. */
export function logGroupName(arn: string): string {
  const marker = ':log-group:';
  const at = arn.indexOf(marker);
  const rest = at >= 0 ? arn.slice(at + marker.length) : arn;
  return rest.endsWith(':*') ? rest.slice(0, -2) : rest;
}
