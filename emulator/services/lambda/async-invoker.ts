import type { EmulatorClock } from '../../core/clock';
import { AwsError } from '../../core/errors';
import type { MetricSink } from '../../core/metric-sink';
import { quotas } from '../../core/quotas';
import type { LambdaRuntime } from '../../runtime/lambda-runtime';

/** Delays before the 2nd and 3rd attempts after a function error: 1 minute, then 2 minutes. */
const ERROR_RETRY_DELAYS_MS = [60_000, 120_000];
/** Backoff after a throttle or a system error: doubling from 1 s, capped at 5 minutes. */
const THROTTLE_BACKOFF_START_MS = 1_000;
const THROTTLE_BACKOFF_MAX_MS = 300_000;

/**
 * Asynchronous invocation (`InvocationType: Event`), as Lambda's internal event queue does it
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html):
 *
 * - the event is queued and the caller gets 202 at once;
 * - a function error (timeouts included) is retried twice, one minute and then two minutes
 *   later (MaximumRetryAttempts 2);
 * - a throttle (or the function missing) is retried with a growing backoff, not counted as an
 *   attempt, until the event is 6 hours old (MaximumEventAgeInSeconds 21,600);
 * - an event that fails every attempt or gets too old is dropped (no destination or DLQ is
 *   modelled), counted in AsyncEventsDropped.
 *
 * Metrics (AWS/Lambda, FunctionName): AsyncEventsReceived, AsyncEventAge (ms, at each
 * attempt), AsyncEventsDropped (Count).
 */
export class AsyncInvoker {
  private readonly pending = new Set<Promise<void>>();
  private readonly controller = new AbortController();

  constructor(
    private readonly runtime: LambdaRuntime,
    private readonly clock: EmulatorClock,
    private readonly metrics: MetricSink
  ) {}

  /** Queues one event; validates the payload size first (1 MB for async invocations). */
  enqueue(functionName: string, payload: string): void {
    this.runtime.getFunction(functionName);
    const limit = quotas.lambdaAsyncPayloadBytes.value;
    if (Buffer.byteLength(payload, 'utf8') > limit) {
      throw new AwsError(
        'RequestTooLargeException',
        `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
        413
      );
    }
    this.metric(functionName, 'AsyncEventsReceived', 1, 'Count');
    const run: Promise<void> = this.run(functionName, payload, this.clock.now())
      .catch(() => {})
      .finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  /** How many events are queued or running. */
  get size(): number {
    return this.pending.size;
  }

  /** Stops retrying (emulator shutdown). */
  close(): void {
    this.controller.abort();
  }

  private async run(functionName: string, payload: string, receivedAt: number): Promise<void> {
    const signal = this.controller.signal;
    const maxAgeMs = quotas.lambdaAsyncMaxEventAgeSeconds.value * 1000;
    let errors = 0;
    let backoff = THROTTLE_BACKOFF_START_MS;
    while (!signal.aborted) {
      const age = this.clock.now() - receivedAt;
      if (age > maxAgeMs) break;
      this.metric(functionName, 'AsyncEventAge', age, 'Milliseconds');
      try {
        const result = await this.runtime.invoke(functionName, payload);
        if (!result.functionError) return;
        errors++;
        if (errors > quotas.lambdaAsyncMaxRetryAttempts.value) break;
        await this.clock.sleep(ERROR_RETRY_DELAYS_MS[errors - 1] ?? 120_000, signal);
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        await this.clock.sleep(backoff, signal);
        backoff = Math.min(backoff * 2, THROTTLE_BACKOFF_MAX_MS);
      }
    }
    if (!signal.aborted) this.metric(functionName, 'AsyncEventsDropped', 1, 'Count');
  }

  private metric(functionName: string, metricName: string, value: number, unit: string): void {
    this.metrics.record({
      namespace: 'AWS/Lambda',
      metricName,
      dimensions: { FunctionName: functionName },
      value,
      unit,
      timestamp: this.clock.now(),
    });
  }
}
