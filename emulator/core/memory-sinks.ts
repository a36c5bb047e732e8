import type { LogEvent, LogSink } from './log-sink';
import type { MetricDatum, MetricSink } from './metric-sink';

/** A MetricSink that only keeps what it is given: for tests and until CloudWatch is wired. */
export class MemoryMetricSink implements MetricSink {
  readonly data: MetricDatum[] = [];

  record(datum: MetricDatum): void {
    this.data.push(datum);
  }

  /** The data points of one metric, optionally narrowed to those carrying `dimensions`. */
  find(namespace: string, metricName: string, dimensions?: Record<string, string>): MetricDatum[] {
    return this.data.filter(
      (d) =>
        d.namespace === namespace &&
        d.metricName === metricName &&
        (!dimensions ||
          (Object.keys(d.dimensions).length === Object.keys(dimensions).length &&
            Object.entries(dimensions).every(([k, v]) => d.dimensions[k] === v)))
    );
  }

  /** Sum of the values of one metric (exact dimension set when `dimensions` is given). */
  sum(namespace: string, metricName: string, dimensions?: Record<string, string>): number {
    return this.find(namespace, metricName, dimensions).reduce((acc, d) => acc + d.value, 0);
  }
}

/** A LogSink that only keeps what it is given: for tests and until CloudWatch Logs is wired. */
export class MemoryLogSink implements LogSink {
  readonly groups = new Map<string, Map<string, LogEvent[]>>();

  append(logGroupName: string, logStreamName: string, events: LogEvent[]): void {
    let group = this.groups.get(logGroupName);
    if (!group) {
      group = new Map();
      this.groups.set(logGroupName, group);
    }
    const stream = group.get(logStreamName) ?? [];
    stream.push(...events);
    group.set(logStreamName, stream);
  }
}

/**
 * A MetricSink that forwards to a target which can be swapped after services were created
 * with it: the emulator hands this to every service, then points it at CloudWatch's sink.
 */
export class ForwardingMetricSink implements MetricSink {
  constructor(public target: MetricSink) {}

  record(datum: MetricDatum): void {
    this.target.record(datum);
  }
}

/** A LogSink that forwards to a swappable target (see ForwardingMetricSink). */
export class ForwardingLogSink implements LogSink {
  constructor(public target: LogSink) {}

  append(logGroupName: string, logStreamName: string, events: LogEvent[]): void {
    this.target.append(logGroupName, logStreamName, events);
  }
}
