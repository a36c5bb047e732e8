import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { KinesisClient, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { Env, MetricName, PRODUCER_MAX_DURATION_SECONDS } from '../../infra/names';
import { type Clock, systemClock } from '../shared/clock';
import { requireEnv, requireVariant } from '../shared/env';
import { nearDeadline, runPacedLoop } from '../shared/paced-loop';
import { logger, metrics } from '../shared/powertools';
import {
  type ProducerLimits,
  type ProducerPlan,
  parseProducerEvent,
} from '../shared/producer-event';
import { chunksForPut, putRecordBatch, type RecordResult } from '../shared/put-records';
import { makeOrder, type OrderEvent } from './order';
import { type PartitionKeyStrategy, partitionKeyStrategies } from './partition-key';

/**
 * Traffic bounds. 1,600 orders/s by default: 4 shards accept 4,000 records/s, one shard 1,000,
 * so a hot key loses (1,600 - 1,000) / 1,600 = ~40% while an even spread loses nothing. At
 * ~200 bytes an order that is 320 KB/s, well under 1 MB/s per shard: the record count, not
 * the bytes, is the limit that bites. The maximum rate is the 4-shard ceiling.
 */
export const PRODUCER_LIMITS: ProducerLimits = {
  defaultRatePerSecond: 1_600,
  maxRatePerSecond: 4_000,
  defaultDurationSeconds: 120,
  maxDurationSeconds: PRODUCER_MAX_DURATION_SECONDS,
};

const THROTTLED = 'ProvisionedThroughputExceededException';

/** Created once per execution environment; honours AWS_ENDPOINT_URL offline. */
const kinesis = new KinesisClient({});

/** What happened to the records of one or more PutRecords calls. */
export interface PutOutcome {
  attempted: number;
  accepted: number;
  /** Rejected with ProvisionedThroughputExceededException: the shard was over its limit. */
  throttled: number;
  /** Rejected for any other reason (InternalFailure). */
  failed: number;
  /** One rejection message, for the log (it names the throttled shard). */
  sampleError?: string;
}

/** What the producer needs from the outside world. */
export interface ProducerDeps {
  client: KinesisClient;
  clock: Clock;
  streamName: string;
  partitionKey: PartitionKeyStrategy;
  /** Stops the traffic early, for example when the Lambda deadline is near. */
  shouldStop?: () => boolean;
}

/** The totals a producer run returns (and logs as `traffic finished`). */
export interface ProducerSummary extends ProducerPlan {
  ticks: number;
  attempted: number;
  accepted: number;
  throttled: number;
  failed: number;
}

const emptyOutcome = (): PutOutcome => ({ attempted: 0, accepted: 0, throttled: 0, failed: 0 });

function addOutcome(total: PutOutcome, part: PutOutcome): PutOutcome {
  return {
    attempted: total.attempted + part.attempted,
    accepted: total.accepted + part.accepted,
    throttled: total.throttled + part.throttled,
    failed: total.failed + part.failed,
    sampleError: total.sampleError ?? part.sampleError,
  };
}

/** The PutRecords entry of one order: its JSON and its partition key. */
export function toEntry(
  order: OrderEvent,
  partitionKey: PartitionKeyStrategy
): PutRecordsRequestEntry {
  return {
    Data: Buffer.from(JSON.stringify(order)),
    PartitionKey: partitionKey(order),
  };
}

/**
 * Sends up to 500 orders in one PutRecords call and counts what Kinesis did with each. A shard
 * over its limit does not make PutRecords throw: the throttling only shows up in the
 * per-record results, which is why they are read and split into throttled and failed.
 */
export async function putOrders(orders: OrderEvent[], deps: ProducerDeps): Promise<PutOutcome> {
  const outcome = emptyOutcome();
  outcome.attempted = orders.length;
  let results: RecordResult[];
  try {
    results = await putRecordBatch(
      deps.client,
      deps.streamName,
      orders.map((order) => toEntry(order, deps.partitionKey))
    );
  } catch (e) {
    // The whole request can be throttled too (after the SDK's own retries): count it as such.
    if (e instanceof Error && e.name === THROTTLED) {
      return { ...outcome, throttled: orders.length, sampleError: e.message };
    }
    throw e;
  }
  for (const result of results) {
    if (result.accepted) {
      outcome.accepted++;
      continue;
    }
    if (result.errorCode === THROTTLED) outcome.throttled++;
    else outcome.failed++;
    outcome.sampleError ??= result.errorMessage;
  }
  return outcome;
}

/**
 * Sends one second's orders as PutRecords calls of at most 500 records, in parallel so the
 * second's calls finish within the second.
 *
 * Throttled records are NOT retried. The lost share (~40% at the default rate with the hot
 * key) is the symptom the lab wants on the dashboard. A real producer would retry them with
 * backoff; then the loss would show as rising put latency and a growing backlog instead,
 * and WriteProvisionedThroughputExceeded would still point at the same single shard.
 */
export async function sendOrders(count: number, deps: ProducerDeps): Promise<PutOutcome> {
  const now = deps.clock.now();
  const orders = Array.from({ length: count }, () => makeOrder(now));
  const outcomes = await Promise.all(chunksForPut(orders).map((chunk) => putOrders(chunk, deps)));
  return outcomes.reduce(addOutcome, emptyOutcome());
}

/**
 * Records one second's counts (zeros included, so "nothing throttled" is a datapoint). The
 * previous second's counts are flushed first, so a long run publishes as it goes and each
 * minute's datapoints carry that minute's traffic; the last second's are flushed by the
 * logMetrics middleware when the handler returns.
 */
function recordTick(outcome: PutOutcome): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  metrics.addMetric(MetricName.OrdersAttempted, MetricUnit.Count, outcome.attempted);
  metrics.addMetric(MetricName.OrdersAccepted, MetricUnit.Count, outcome.accepted);
  metrics.addMetric(MetricName.OrdersThrottled, MetricUnit.Count, outcome.throttled);
}

/** Writes orders at the plan's rate for the plan's duration, then returns the totals. */
export async function produceOrders(
  plan: ProducerPlan,
  deps: ProducerDeps
): Promise<ProducerSummary> {
  let total = emptyOutcome();
  const { ticks } = await runPacedLoop(
    plan,
    deps.clock,
    async ({ index, count }) => {
      const outcome = await sendOrders(count, deps);
      total = addOutcome(total, outcome);
      recordTick(outcome);
      if (outcome.throttled > 0) {
        logger.warn('records throttled', {
          second: index,
          attempted: outcome.attempted,
          throttled: outcome.throttled,
          errorMessage: outcome.sampleError,
        });
      }
      if (outcome.failed > 0) {
        logger.error('records failed', {
          second: index,
          attempted: outcome.attempted,
          failed: outcome.failed,
          errorMessage: outcome.sampleError,
        });
      }
    },
    deps.shouldStop
  );
  const { sampleError: _ignored, ...counts } = total;
  return { ...plan, ticks, ...counts };
}

/** Validates the event, then writes order events to the stream until the duration is over. */
export const lambdaHandler = async (event: unknown, context: Context): Promise<ProducerSummary> => {
  const plan = parseProducerEvent(event, PRODUCER_LIMITS);
  const streamName = requireEnv(Env.StreamName);
  // The variant picks the partition key strategy.
  const variant = requireVariant();
  logger.info('traffic started', { ...plan, streamName, variant });
  const summary = await produceOrders(plan, {
    client: kinesis,
    clock: systemClock,
    streamName,
    partitionKey: partitionKeyStrategies[variant],
    shouldStop: nearDeadline(context),
  });
  logger.info('traffic finished', { ...summary, variant });
  return summary;
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
