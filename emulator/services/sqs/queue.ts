import { quotas } from '../../core/quotas';
import type { MessageAttributeMap, QueueAttributes } from './types';

/** Where a message is in its life: waiting out its delay, receivable, or received. */
export type MessageState = 'delayed' | 'visible' | 'inflight';

/** A message as the queue keeps it. Times are emulated epoch milliseconds. */
export interface StoredMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  messageAttributes?: MessageAttributeMap;
  md5OfMessageAttributes?: string;
  systemAttributes?: MessageAttributeMap;
  md5OfMessageSystemAttributes?: string;
  messageGroupId?: string;
  senderId: string;
  /** Enqueue time; kept when a redrive moves the message, as AWS keeps it for retention. */
  sentTimestamp: number;
  /** Bytes counted against MaximumMessageSize (SentMessageSize). */
  size: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
  /** When the current receipt handle was issued. */
  lastReceiveTimestamp?: number;
  /** Bumped on every receive; a receipt handle is current only if it carries this number. */
  receiptSeq: number;
  deadLetterQueueSourceArn?: string;
  state: MessageState;
  /** When a delayed or in-flight message becomes visible. */
  visibleAt: number;
  /** Bumped on every state change, so stale timer entries can be recognised and skipped. */
  version: number;
}

/** The queue's attributes parsed into the numbers its semantics use. */
export interface QueueConfig {
  visibilityTimeoutSeconds: number;
  maximumMessageSize: number;
  retentionSeconds: number;
  delaySeconds: number;
  receiveWaitTimeSeconds: number;
  redrive?: { deadLetterTargetArn: string; maxReceiveCount: number };
}

interface TimerEntry {
  at: number;
  message: StoredMessage;
  version: number;
}

/**
 * One standard queue: its attributes and messages. Visible messages are kept in arrival order
 * (a message whose visibility timeout expires goes to the back, as SQS does with re-deliveries);
 * delayed and in-flight messages sit in a min-heap by the time they become visible, which is
 * drained lazily by `refresh(now)` before every read. Nothing here reads a clock: callers pass
 * `now`, so the store's clock is the only source of time.
 */
export class SqsQueue {
  readonly arn: string;
  attributes: QueueAttributes;
  config!: QueueConfig;
  tags: Record<string, string> = {};
  lastModifiedTimestamp: number;
  /** Last API activity, for the "active queue" rule of AWS/SQS metrics. */
  lastActivity: number;
  lastPurge?: number;
  deleted = false;

  private readonly all = new Map<string, StoredMessage>();
  private readonly visible = new Map<string, StoredMessage>();
  private readonly timers: TimerEntry[] = [];
  private delayedCount = 0;
  private inflightCount = 0;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly name: string,
    readonly accountId: string,
    readonly region: string,
    attributes: QueueAttributes,
    readonly createdTimestamp: number
  ) {
    this.arn = `arn:aws:sqs:${region}:${accountId}:${name}`;
    this.lastModifiedTimestamp = createdTimestamp;
    this.lastActivity = createdTimestamp;
    this.attributes = attributes;
    this.reconfigure();
  }

  /** Re-parses `attributes` after they change. */
  reconfigure(): void {
    const number = (name: string, fallback: number) => {
      const value = Number(this.attributes[name]);
      return Number.isFinite(value) ? value : fallback;
    };
    const redrive = this.attributes.RedrivePolicy
      ? (JSON.parse(this.attributes.RedrivePolicy) as QueueConfig['redrive'])
      : undefined;
    this.config = {
      visibilityTimeoutSeconds: number(
        'VisibilityTimeout',
        quotas.sqsVisibilityTimeoutDefault.value
      ),
      maximumMessageSize: number('MaximumMessageSize', quotas.sqsMaximumMessageSizeDefault.value),
      retentionSeconds: number('MessageRetentionPeriod', quotas.sqsMessageRetentionDefault.value),
      delaySeconds: number('DelaySeconds', 0),
      receiveWaitTimeSeconds: number('ReceiveMessageWaitTimeSeconds', 0),
      redrive,
    };
  }

  /** Adds a message, visible at once or after `delaySeconds`, and wakes long pollers. */
  enqueue(message: StoredMessage, delaySeconds: number, now: number): void {
    this.all.set(message.messageId, message);
    if (delaySeconds > 0) {
      message.state = 'delayed';
      message.visibleAt = now + delaySeconds * 1000;
      this.delayedCount++;
      this.schedule(message);
    } else {
      message.state = 'visible';
      message.visibleAt = now;
      this.visible.set(message.messageId, message);
      this.notify();
    }
  }

  /** A message by id, if the queue still holds it. */
  get(messageId: string): StoredMessage | undefined {
    return this.all.get(messageId);
  }

  /** Drops a message (deleted, purged, expired or moved to a dead-letter queue). */
  remove(message: StoredMessage): void {
    if (!this.all.delete(message.messageId)) return;
    if (message.state === 'visible') this.visible.delete(message.messageId);
    else if (message.state === 'delayed') this.delayedCount--;
    else this.inflightCount--;
    message.version++;
  }

  /** Hides a message until `until` (a receive, or ChangeMessageVisibility). */
  hide(message: StoredMessage, until: number): void {
    if (message.state === 'visible') {
      this.visible.delete(message.messageId);
      this.inflightCount++;
    } else if (message.state === 'delayed') {
      this.delayedCount--;
      this.inflightCount++;
    }
    message.state = 'inflight';
    message.visibleAt = until;
    message.version++;
    this.schedule(message);
  }

  /**
   * Brings the queue up to `now`: drops messages past the retention period and makes visible
   * the delayed and in-flight messages whose time has come.
   */
  refresh(now: number): void {
    const retentionMs = this.config.retentionSeconds * 1000;
    for (const message of this.all.values()) {
      if (message.sentTimestamp + retentionMs > now) break;
      this.remove(message);
    }
    while (this.timers.length > 0 && (this.timers[0] as TimerEntry).at <= now) {
      const entry = this.popTimer();
      const message = entry.message;
      if (entry.version !== message.version || !this.all.has(message.messageId)) continue;
      if (message.state === 'delayed') this.delayedCount--;
      else this.inflightCount--;
      message.state = 'visible';
      message.version++;
      this.visible.set(message.messageId, message);
    }
  }

  /** Visible messages in receive order (call `refresh` first). */
  visibleMessages(): IterableIterator<StoredMessage> {
    return this.visible.values();
  }

  /** Every message, oldest first. */
  messages(): IterableIterator<StoredMessage> {
    return this.all.values();
  }

  /** Drops every message sent at or before `now`. */
  purge(now: number): void {
    for (const message of [...this.all.values()]) {
      if (message.sentTimestamp <= now) this.remove(message);
    }
  }

  /** ApproximateNumberOfMessages{,NotVisible,Delayed} (call `refresh` first). */
  counts(): { visible: number; notVisible: number; delayed: number } {
    return {
      visible: this.visible.size,
      notVisible: this.inflightCount,
      delayed: this.delayedCount,
    };
  }

  /**
   * ApproximateAgeOfOldestMessage in seconds: the oldest message not yet received
   * `sqsOldestMessageReceiveCountExclusion` times (AWS's poison-pill rule), falling back to the
   * oldest of all when every message is excluded; 0 for an empty queue.
   */
  oldestMessageAgeSeconds(now: number): number {
    let oldest: number | undefined;
    for (const message of this.all.values()) {
      oldest ??= message.sentTimestamp;
      if (message.receiveCount < quotas.sqsOldestMessageReceiveCountExclusion.value) {
        return Math.max(0, Math.floor((now - message.sentTimestamp) / 1000));
      }
    }
    return oldest === undefined ? 0 : Math.max(0, Math.floor((now - oldest) / 1000));
  }

  /** The earliest time a delayed or in-flight message may become visible. */
  nextChangeAt(): number | undefined {
    return this.timers[0]?.at;
  }

  /** Resolves on the next enqueue or visibility change; `cancel` stops listening. */
  waitForChange(): { promise: Promise<void>; cancel: () => void } {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => {
      wake = resolve;
    });
    this.waiters.add(wake);
    return { promise, cancel: () => this.waiters.delete(wake) };
  }

  /** Wakes every long poller waiting on this queue. */
  notify(): void {
    if (this.waiters.size === 0) return;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  get size(): number {
    return this.all.size;
  }

  private schedule(message: StoredMessage): void {
    // Deleted and re-hidden messages leave stale entries behind until their time passes; with
    // long visibility timeouts and heavy traffic, compact instead of letting them pile up.
    const live = this.delayedCount + this.inflightCount;
    if (this.timers.length > 1024 && this.timers.length > 4 * live) this.compactTimers();
    const entry = { at: message.visibleAt, message, version: message.version };
    const heap = this.timers;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as TimerEntry).at <= entry.at) break;
      heap[i] = heap[parent] as TimerEntry;
      i = parent;
    }
    heap[i] = entry;
  }

  private compactTimers(): void {
    const valid = this.timers.filter(
      (entry) => entry.version === entry.message.version && this.all.has(entry.message.messageId)
    );
    // A sorted array is a valid min-heap.
    valid.sort((a, b) => a.at - b.at);
    this.timers.length = 0;
    for (const entry of valid) this.timers.push(entry);
  }

  private popTimer(): TimerEntry {
    const heap = this.timers;
    const top = heap[0] as TimerEntry;
    const last = heap.pop() as TimerEntry;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child =
          right < heap.length && (heap[right] as TimerEntry).at < (heap[left] as TimerEntry).at
            ? right
            : left;
        if ((heap[child] as TimerEntry).at >= last.at) break;
        heap[i] = heap[child] as TimerEntry;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
