import type { EmulatorClock } from '../core/clock';
import { AwsError } from '../core/errors';
import type { ShardInfo, SourceRecord, StreamPosition, StreamSource } from './stream-source';

/** How a stream poller batches and retries (the ESM's or the pipe's source parameters). */
export interface StreamPollerSettings {
  batchSize: number;
  /** MaximumBatchingWindowInSeconds × 1000; 0 = invoke as soon as records are read. */
  maximumBatchingWindowMs: number;
  /** Where shards found at the first listing start; shards found later start at TRIM_HORIZON. */
  startingPosition: StreamPosition;
  /** Retries after a failed invocation; -1 = until the records expire. */
  maximumRetryAttempts: number;
  /** Records older than this are not sent again (ms); -1 = no limit. */
  maximumRecordAgeMs: number;
  /** Split a failing batch in two (does not count as a retry). */
  bisectOnError: boolean;
  /** The batch stops growing at this many bytes of records (Lambda's 6 MB payload). */
  maxBatchBytes: number;
}

/** What became of one attempt at a batch. */
export type BatchOutcome =
  /** Every record is done: checkpoint after the last. */
  | { kind: 'success' }
  /** Records before `failedIndex` are done; the rest is retried (a partial batch response). */
  | { kind: 'partial'; failedIndex: number }
  /** The invocation (or target) failed: the whole batch is retried or split. */
  | { kind: 'failed' }
  /** Nothing was invoked (throttled, function missing): retried later without counting. */
  | { kind: 'notInvoked'; retryAfterMs?: number };

/** Why a batch is given up. */
export interface DiscardInfo {
  /** `RetryAttemptsExhausted` (documented) or `RecordAgeExceeded` (LocalStack's word; UNCONFIRMED). */
  condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
  /** How many times the batch was invoked. */
  invokeCount: number;
}

/** The consumer side of a stream poller: an event source mapping or a pipe. */
export interface BatchHandler {
  /** Sends one batch (records of one shard, in order) to the function or target. */
  process(
    batch: SourceRecord[],
    attempt: { shardId: string; invokeCount: number }
  ): Promise<BatchOutcome>;
  /** The batch used up its retries or its age: report it (on-failure destination, DLQ, metrics). */
  discard(batch: SourceRecord[], info: DiscardInfo): Promise<void>;
  /** One read returned `count` records (0 for an empty poll). */
  polled?(count: number): void;
  /** Reading the source failed (stream gone, throttled ...). */
  problem?(error: unknown): void;
}

/** Poll timings (emulated ms). */
export interface StreamPollerTiming {
  /** Between reads of an idle shard: Kinesis 1,000 ms, DynamoDB 250 ms (aws-facts D.2). */
  pollIntervalMs: number;
  /** Before the first retry of a failed batch; doubled for each further retry. */
  retryDelayMs: number;
  /** The longest wait between two retries of a batch. */
  maxRetryDelayMs: number;
  /** Between listings of the stream's shards (new shards, a stream that did not exist yet). */
  discoveryIntervalMs: number;
}

/** Per-shard position, kept across stop/start so a re-enabled poller resumes at its checkpoint. */
interface ShardCursor {
  shardId: string;
  parentShardId?: string;
  initial: StreamPosition;
  /** Sequence number of the last record done (processed or given up). */
  checkpoint?: string;
  /** Sequence number of the last record read. */
  lastRead?: string;
  iterator?: string;
  /** The shard is closed and every record was read. */
  closed: boolean;
  /** Closed, read and every record done. */
  finished: boolean;
}

const ABORTED = Symbol('aborted');

/**
 * Polls every shard of a stream and hands batches to a BatchHandler, one batch in flight per
 * shard (ParallelizationFactor 1), in sequence order, on the emulator clock:
 *
 * - a shard is read with one large read (up to `source.maxReadRecords`) per `pollIntervalMs`
 *   and read again at once while a read comes back full; batches are cut from what was read
 *   (the source's read quotas apply: a throttled read waits a poll interval);
 * - a batch is sent when it holds `batchSize` records, reaches `maxBatchBytes`, or when the
 *   batching window since its first record has passed (at once without a window);
 * - a failed batch is retried after `retryDelayMs`, doubling up to `maxRetryDelayMs` (the
 *   gradual back-off of Lambda and Pipes; the curve is the emulator's), until `maximumRetryAttempts` retries, or
 *   split in two when `bisectOnError` is on (a split is not a retry); a partial result
 *   checkpoints before the first failed record and retries from there; records older than
 *   `maximumRecordAgeMs` are given up before being sent again; a given-up batch goes to
 *   `handler.discard` and the shard moves on; with -1/-1 a failing batch blocks the shard
 *   until its records expire from the stream (then they are dropped without a report);
 * - throttled or impossible invocations are retried without counting.
 */
export class StreamPoller {
  private readonly cursors = new Map<string, ShardCursor>();
  private discoveredOnce = false;
  private controller?: AbortController;
  private running?: Promise<void>;

  constructor(
    private readonly source: StreamSource,
    private readonly settings: () => StreamPollerSettings,
    private readonly handler: BatchHandler,
    private readonly clock: EmulatorClock,
    private readonly timing: StreamPollerTiming
  ) {}

  /** Whether the poller runs. */
  get started(): boolean {
    return this.running !== undefined;
  }

  /** Starts polling (no-op when running). */
  start(): void {
    if (this.running) return;
    const controller = new AbortController();
    this.controller = controller;
    this.running = this.run(controller.signal);
  }

  /**
   * Stops polling: an invocation in flight finishes (and is checkpointed), nothing new starts.
   * Resolves when every shard worker has stopped.
   */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.controller?.abort();
    await running;
    this.running = undefined;
  }

  /** The last sequence number done per shard (tests, diagnostics). */
  checkpoints(): Record<string, string | undefined> {
    return Object.fromEntries([...this.cursors.values()].map((c) => [c.shardId, c.checkpoint]));
  }

  private async run(signal: AbortSignal): Promise<void> {
    const workers = new Map<string, Promise<void>>();
    while (!signal.aborted) {
      let shards: ShardInfo[] | undefined;
      try {
        shards = await this.source.listShards();
      } catch (error) {
        this.handler.problem?.(error);
      }
      if (shards) {
        const known = new Set(shards.map((s) => s.shardId));
        for (const shard of shards) {
          let cursor = this.cursors.get(shard.shardId);
          if (!cursor) {
            cursor = {
              shardId: shard.shardId,
              ...(shard.parentShardId ? { parentShardId: shard.parentShardId } : {}),
              initial: this.discoveredOnce
                ? { type: 'TRIM_HORIZON' }
                : this.settings().startingPosition,
              closed: false,
              finished: false,
            };
            this.cursors.set(shard.shardId, cursor);
          }
          if (cursor.finished || workers.has(cursor.shardId)) continue;
          const parent = cursor.parentShardId ? this.cursors.get(cursor.parentShardId) : undefined;
          // Children wait for their parent to be read to its end (per-key order across a split).
          if (parent && !parent.finished && known.has(parent.shardId)) continue;
          const id = cursor.shardId;
          workers.set(
            id,
            this.runShard(cursor, signal).finally(() => workers.delete(id))
          );
        }
        this.discoveredOnce = true;
      }
      await this.clock.sleep(this.timing.discoveryIntervalMs, signal);
    }
    await Promise.allSettled([...workers.values()]);
  }

  private async runShard(cursor: ShardCursor, signal: AbortSignal): Promise<void> {
    // Records read past the checkpoint by an earlier run were dropped with its buffer.
    if (cursor.lastRead !== cursor.checkpoint) {
      cursor.iterator = undefined;
      cursor.lastRead = cursor.checkpoint;
      cursor.closed = false;
    }
    const buffer: SourceRecord[] = [];
    let windowStart: number | undefined;
    /** When the shard was last read, and whether that read emptied it (fewer than asked). */
    let readAt: number | undefined;
    let caughtUp = false;
    try {
      while (!signal.aborted) {
        const settings = this.settings();
        const now = this.clock.now();
        if (buffer.length > 0) {
          const full =
            buffer.length >= settings.batchSize || bytesOf(buffer) >= settings.maxBatchBytes;
          const windowOver =
            windowStart !== undefined && now - windowStart >= settings.maximumBatchingWindowMs;
          if (full || cursor.closed || (windowOver && caughtUp)) {
            const batch = takeBatch(buffer, settings);
            await this.processBatch(cursor, batch, signal);
            windowStart = buffer.length > 0 ? this.clock.now() : undefined;
            continue;
          }
        } else if (cursor.closed) {
          cursor.finished = true;
          return;
        }
        // Nothing new is expected before the next poll: wait for it (or the window's end).
        if (caughtUp && readAt !== undefined && now - readAt < this.timing.pollIntervalMs) {
          const nextPoll = readAt + this.timing.pollIntervalMs;
          const windowEnd =
            buffer.length > 0 && windowStart !== undefined
              ? windowStart + settings.maximumBatchingWindowMs
              : Number.POSITIVE_INFINITY;
          await this.clock.sleep(Math.max(0, Math.min(nextPoll, windowEnd) - now), signal);
          continue;
        }
        // One large read per poll, as Lambda reads (then batches from what it read).
        const limit = this.source.maxReadRecords;
        readAt = now;
        let read: SourceRecord[];
        try {
          read = await this.readOnce(cursor, limit);
        } catch (error) {
          this.handler.problem?.(error);
          caughtUp = true;
          continue;
        }
        caughtUp = read.length < limit;
        this.handler.polled?.(read.length);
        if (read.length > 0) {
          buffer.push(...read);
          windowStart ??= this.clock.now();
        }
      }
    } catch (error) {
      if (error !== ABORTED) throw error;
    }
  }

  /** One read at the cursor; re-positions on an expired iterator. */
  private async readOnce(cursor: ShardCursor, limit: number): Promise<SourceRecord[]> {
    if (!cursor.iterator) {
      cursor.iterator = await this.source.iterator(cursor.shardId, this.position(cursor));
    }
    let result: Awaited<ReturnType<StreamSource['read']>>;
    try {
      result = await this.source.read(cursor.shardId, cursor.iterator, limit);
    } catch (error) {
      if (error instanceof AwsError && error.code === 'ExpiredIteratorException') {
        cursor.iterator = undefined;
      }
      throw error;
    }
    cursor.iterator = result.next;
    if (result.next === undefined) cursor.closed = true;
    const last = result.records[result.records.length - 1];
    if (last) cursor.lastRead = last.sequenceNumber;
    return result.records;
  }

  private position(cursor: ShardCursor): StreamPosition {
    if (cursor.lastRead) return { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: cursor.lastRead };
    return cursor.initial;
  }

  /** Sends one batch until it succeeds or is given up; checkpoints as it goes. */
  private async processBatch(
    cursor: ShardCursor,
    batch: SourceRecord[],
    signal: AbortSignal,
    inheritedRetries = 0
  ): Promise<void> {
    let sub = batch;
    let retries = inheritedRetries;
    let invokeCount = 0;
    for (;;) {
      if (signal.aborted) throw ABORTED;
      const settings = this.settings();
      const first = sub[0];
      const last = sub[sub.length - 1];
      if (!first || !last) return;
      const age = this.clock.now() - first.arrivalMs;
      if (age > this.source.retentionMs()) {
        // Expired from the stream: gone without a report (and not a DroppedEventCount).
        cursor.checkpoint = last.sequenceNumber;
        return;
      }
      if (settings.maximumRecordAgeMs >= 0 && age > settings.maximumRecordAgeMs) {
        await this.handler.discard(sub, { condition: 'RecordAgeExceeded', invokeCount });
        cursor.checkpoint = last.sequenceNumber;
        return;
      }
      const outcome = await this.handler.process(sub, {
        shardId: cursor.shardId,
        invokeCount: invokeCount + 1,
      });
      if (outcome.kind === 'notInvoked') {
        await this.clock.sleep(outcome.retryAfterMs ?? this.timing.retryDelayMs, signal);
        continue;
      }
      invokeCount++;
      if (outcome.kind === 'success') {
        cursor.checkpoint = last.sequenceNumber;
        return;
      }
      if (outcome.kind === 'partial') {
        const done = sub[outcome.failedIndex - 1];
        if (done) cursor.checkpoint = done.sequenceNumber;
        sub = sub.slice(outcome.failedIndex);
        if (sub.length === 0) return;
      } else if (settings.bisectOnError && sub.length > 1) {
        const middle = Math.ceil(sub.length / 2);
        await this.processBatch(cursor, sub.slice(0, middle), signal, retries);
        await this.processBatch(cursor, sub.slice(middle), signal, retries);
        return;
      }
      retries++;
      if (settings.maximumRetryAttempts >= 0 && retries > settings.maximumRetryAttempts) {
        await this.handler.discard(sub, { condition: 'RetryAttemptsExhausted', invokeCount });
        cursor.checkpoint = (sub[sub.length - 1] as SourceRecord).sequenceNumber;
        return;
      }
      const delay = this.timing.retryDelayMs * 2 ** Math.min(retries - 1, 20);
      await this.clock.sleep(Math.min(delay, this.timing.maxRetryDelayMs), signal);
    }
  }
}

function bytesOf(records: SourceRecord[]): number {
  return records.reduce((sum, r) => sum + r.jsonBytes, 0);
}

/** The next batch from the front of `buffer`: up to batchSize records and maxBatchBytes. */
function takeBatch(buffer: SourceRecord[], settings: StreamPollerSettings): SourceRecord[] {
  let count = 0;
  let bytes = 0;
  while (count < buffer.length && count < settings.batchSize) {
    const next = (buffer[count] as SourceRecord).jsonBytes;
    if (count > 0 && bytes + next > settings.maxBatchBytes) break;
    bytes += next;
    count++;
  }
  return buffer.splice(0, count);
}
