import type { EmulatorClock } from '../../core/clock';
import type { LogEvent, LogSink } from '../../core/log-sink';
import type { MetricSink } from '../../core/metric-sink';
import { parseEmf } from '../cloudwatch/emf';

/** One stored event. Events in a stream are kept sorted by (timestamp, seq). */
export interface StoredEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  /** Ingestion order across the whole store: breaks timestamp ties and makes tokens stable. */
  seq: number;
  /** UTF-8 bytes of the message plus 26 (how AWS sizes events). */
  bytes: number;
}

export interface LogStream {
  logStreamName: string;
  arn: string;
  creationTime: number;
  events: StoredEvent[];
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  storedBytes: number;
}

export interface LogGroup {
  logGroupName: string;
  creationTime: number;
  retentionInDays?: number;
  kmsKeyId?: string;
  logGroupClass: string;
  tags: Record<string, string>;
  streams: Map<string, LogStream>;
  storedBytes: number;
}

export interface LogsStoreOptions {
  /**
   * Memory bound per log group: past it, the oldest events are dropped (AWS keeps everything
   * until retention). @default 64 MiB
   */
  maxGroupBytes?: number;
  /** Where EMF metrics and AWS/Logs metrics go; none = no extraction. */
  metrics?: MetricSink;
}

const dayMs = 24 * 3600 * 1000;

export function eventBytes(message: string): number {
  return Buffer.byteLength(message, 'utf8') + 26;
}

/** Index of the first event whose key is greater than (timestamp, seq). */
export function upperBound(events: StoredEvent[], timestamp: number, seq: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const e = events[mid] as StoredEvent;
    if (e.timestamp < timestamp || (e.timestamp === timestamp && e.seq <= seq)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The log groups of one emulated account/region, and the LogSink Lambda and Pipes write to.
 * Writing through the sink creates the group and stream on first use and extracts EMF metrics
 * into the metric sink given at construction (with AWS/Logs IncomingLogEvents, IncomingBytes,
 * EMFValidationErrors and EMFParsingErrors per LogGroupName).
 */
export class LogsStore implements LogSink {
  readonly groups = new Map<string, LogGroup>();
  private seq = 0;
  private readonly maxGroupBytes: number;
  private readonly metrics?: MetricSink;

  constructor(
    readonly clock: EmulatorClock,
    readonly region: string,
    readonly accountId: string,
    options: LogsStoreOptions = {}
  ) {
    this.maxGroupBytes = options.maxGroupBytes ?? 64 * 1024 * 1024;
    this.metrics = options.metrics;
  }

  groupArn(name: string): string {
    return `arn:aws:logs:${this.region}:${this.accountId}:log-group:${name}`;
  }

  createGroup(
    name: string,
    props: Partial<Pick<LogGroup, 'retentionInDays' | 'kmsKeyId' | 'logGroupClass' | 'tags'>> = {}
  ): LogGroup {
    const group: LogGroup = {
      logGroupName: name,
      creationTime: this.clock.now(),
      retentionInDays: props.retentionInDays,
      kmsKeyId: props.kmsKeyId,
      logGroupClass: props.logGroupClass ?? 'STANDARD',
      tags: props.tags ?? {},
      streams: new Map(),
      storedBytes: 0,
    };
    this.groups.set(name, group);
    return group;
  }

  createStream(group: LogGroup, name: string): LogStream {
    const stream: LogStream = {
      logStreamName: name,
      arn: `${this.groupArn(group.logGroupName)}:log-stream:${name}`,
      creationTime: this.clock.now(),
      events: [],
      storedBytes: 0,
    };
    group.streams.set(name, stream);
    return stream;
  }

  /** Stores events (any order) in a stream. Returns nothing; reads see them at once. */
  store(group: LogGroup, stream: LogStream, events: LogEvent[]): void {
    const now = this.clock.now();
    for (const e of events) {
      const stored: StoredEvent = {
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: now,
        seq: ++this.seq,
        bytes: eventBytes(e.message),
      };
      const last = stream.events[stream.events.length - 1];
      if (!last || last.timestamp <= stored.timestamp) stream.events.push(stored);
      else stream.events.splice(upperBound(stream.events, stored.timestamp, stored.seq), 0, stored);
      stream.storedBytes += stored.bytes;
      group.storedBytes += stored.bytes;
      if (
        stream.firstEventTimestamp === undefined ||
        stored.timestamp < stream.firstEventTimestamp
      ) {
        stream.firstEventTimestamp = stored.timestamp;
      }
      if (stream.lastEventTimestamp === undefined || stored.timestamp > stream.lastEventTimestamp) {
        stream.lastEventTimestamp = stored.timestamp;
      }
    }
    if (events.length > 0) stream.lastIngestionTime = now;
    this.enforceRetention(group);
    if (group.storedBytes > this.maxGroupBytes) this.evict(group);
  }

  /** LogSink: creates the group and stream on first write, stores, extracts EMF. */
  append(logGroupName: string, logStreamName: string, events: LogEvent[]): void {
    const group = this.groups.get(logGroupName) ?? this.createGroup(logGroupName);
    const stream = group.streams.get(logStreamName) ?? this.createStream(group, logStreamName);
    this.store(group, stream, events);
    this.extractMetrics(logGroupName, events);
  }

  /** EMF extraction and AWS/Logs metrics for events that arrived through the sink. */
  private extractMetrics(logGroupName: string, events: LogEvent[]): void {
    const metrics = this.metrics;
    if (!metrics || events.length === 0) return;
    const now = this.clock.now();
    const dims = { LogGroupName: logGroupName };
    let bytes = 0;
    let validationErrors = 0;
    let parsingErrors = 0;
    for (const e of events) {
      bytes += Buffer.byteLength(e.message, 'utf8');
      const emf = parseEmf(e.message, e.timestamp);
      if (emf.kind === 'parse-error') parsingErrors++;
      else if (emf.kind === 'emf' && emf.errors.length > 0) validationErrors++;
      for (const m of emf.metrics) metrics.record(m);
    }
    const record = (metricName: string, value: number, unit: string): void => {
      metrics.record({
        namespace: 'AWS/Logs',
        metricName,
        dimensions: dims,
        value,
        unit,
        timestamp: now,
      });
    };
    record('IncomingLogEvents', events.length, 'None');
    record('IncomingBytes', bytes, 'Bytes');
    if (validationErrors > 0) record('EMFValidationErrors', validationErrors, 'None');
    if (parsingErrors > 0) record('EMFParsingErrors', parsingErrors, 'None');
  }

  /** The earliest timestamp a group's retention still keeps (undefined: never expire). */
  retentionStart(group: LogGroup): number | undefined {
    if (!group.retentionInDays) return undefined;
    return this.clock.now() - group.retentionInDays * dayMs;
  }

  /** Drops events older than the group's retention. */
  enforceRetention(group: LogGroup): void {
    const oldest = this.retentionStart(group);
    if (oldest === undefined) return;
    for (const stream of group.streams.values()) {
      let n = 0;
      while (n < stream.events.length && (stream.events[n] as StoredEvent).timestamp < oldest) n++;
      if (n > 0) this.dropOldest(group, stream, n);
    }
  }

  private dropOldest(group: LogGroup, stream: LogStream, n: number): void {
    const dropped = stream.events.splice(0, n);
    const bytes = dropped.reduce((sum, e) => sum + e.bytes, 0);
    stream.storedBytes -= bytes;
    group.storedBytes -= bytes;
    stream.firstEventTimestamp = stream.events[0]?.timestamp ?? stream.firstEventTimestamp;
  }

  /** Drops the group's oldest events until it is 10% under its byte bound. */
  private evict(group: LogGroup): void {
    const target = this.maxGroupBytes * 0.9;
    while (group.storedBytes > target) {
      let oldest: LogStream | undefined;
      for (const s of group.streams.values()) {
        const first = s.events[0];
        if (first && (!oldest || first.timestamp < (oldest.events[0] as StoredEvent).timestamp))
          oldest = s;
      }
      if (!oldest) return;
      this.dropOldest(group, oldest, Math.max(1, Math.ceil(oldest.events.length / 10)));
    }
  }
}
