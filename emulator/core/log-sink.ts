/** One log event. */
export interface LogEvent {
  /** Milliseconds since the epoch, in emulated time. */
  timestamp: number;
  message: string;
}

/**
 * Where log lines go: the emulated CloudWatch Logs implements it. Creating the group and
 * stream on first write is the sink's job (as the Lambda service does on AWS).
 */
export interface LogSink {
  append(logGroupName: string, logStreamName: string, events: LogEvent[]): void;
}
