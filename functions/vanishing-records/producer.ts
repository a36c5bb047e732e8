import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { Env, MetricName, PRODUCER_MAX_DURATION_SECONDS } from '../../infra/names';
import { type Clock, systemClock } from '../shared/clock';
import { intEnv, requireEnv } from '../shared/env';
import { InvalidEventError } from '../shared/errors';
import { nearDeadline, runPacedLoop } from '../shared/paced-loop';
import { logger, metrics } from '../shared/powertools';
import {
  type ProducerLimits,
  type ProducerPlan,
  parseProducerEvent,
} from '../shared/producer-event';
import { chunksForPut, putRecordBatch } from '../shared/put-records';
import type { EventRecord } from './record';

/**
 * Traffic bounds. 20 records/s by default: with batches of 5 and one poison record in 20,
 * about one batch in four fails for good, so every second ~5 records go through the
 * on-failure path (1 on-failure message) while ~15 are processed. The maximum, 500/s, is
 * half of what the one shard accepts (1,000 records/s), so no write is ever throttled.
 */
export const PRODUCER_LIMITS: ProducerLimits = {
  defaultRatePerSecond: 20,
  maxRatePerSecond: 500,
  defaultDurationSeconds: 60,
  maxDurationSeconds: PRODUCER_MAX_DURATION_SECONDS,
};

/** One record in `poisonEvery` is poison. */
export const POISON_EVERY = { default: 20, min: 2, max: 10_000 } as const;

/** Created once per execution environment; honours AWS_ENDPOINT_URL offline. */
const kinesis = new KinesisClient({});

/** What the producer is asked to do: the shared rate/duration plan plus the poison ratio. */
export interface TrafficPlan extends ProducerPlan {
  poisonEvery: number;
}

/**
 * Validates the producer event: `ratePerSecond` and `durationSeconds` against
 * PRODUCER_LIMITS, and `poisonEvery` (an integer from 2 to 10,000; `defaultPoisonEvery`
 * when absent).
 */
export function parseTrafficEvent(event: unknown, defaultPoisonEvery: number): TrafficPlan {
  const plan = parseProducerEvent(event, PRODUCER_LIMITS);
  const raw = (event as Record<string, unknown> | null | undefined)?.poisonEvery;
  const poisonEvery = raw ?? defaultPoisonEvery;
  if (
    typeof poisonEvery !== 'number' ||
    !Number.isInteger(poisonEvery) ||
    poisonEvery < POISON_EVERY.min ||
    poisonEvery > POISON_EVERY.max
  ) {
    throw new InvalidEventError(
      `poisonEvery must be an integer from ${POISON_EVERY.min} to ${POISON_EVERY.max} (got ${JSON.stringify(poisonEvery)}); it makes one record in poisonEvery poison`
    );
  }
  return { ...plan, poisonEvery };
}

/** The `seq`-th record of a run: every `poisonEvery`-th record (seq 19, 39, ... at 20) is poison. */
export function makeRecord(runId: string, seq: number, poisonEvery: number): EventRecord {
  return {
    id: `${runId}-${seq}`,
    seq,
    poison: (seq + 1) % poisonEvery === 0,
    payload: `reading ${seq} of run ${runId}`,
  };
}

/** What Kinesis did with some records. */
export interface PutOutcome {
  /** Records accepted by the stream, poison included. */
  accepted: number;
  /** Poison records accepted by the stream. */
  poisonAccepted: number;
  /** Records the stream refused (throttled or failed): they were never produced. */
  rejected: number;
  /** One rejection message, for the log. */
  sampleError?: string;
}

/** What the producer needs from the outside world. */
export interface ProducerDeps {
  client: KinesisClient;
  clock: Clock;
  streamName: string;
  /** Distinguishes this run's record ids from other runs'. */
  runId: string;
  /** Stops the traffic early, for example when the Lambda deadline is near. */
  shouldStop?: () => boolean;
}

/** The totals a producer run returns (and logs as `traffic finished`). */
export interface ProducerSummary extends TrafficPlan {
  ticks: number;
  produced: number;
  poisonProduced: number;
  rejected: number;
}

/**
 * Writes up to 500 records in one PutRecords call. Only the records the stream accepted count
 * as produced: the conservation check starts from what the stream holds.
 */
export async function putRecords(records: EventRecord[], deps: ProducerDeps): Promise<PutOutcome> {
  const results = await putRecordBatch(
    deps.client,
    deps.streamName,
    records.map((record) => ({
      Data: Buffer.from(JSON.stringify(record)),
      PartitionKey: record.id,
    }))
  );
  const outcome: PutOutcome = { accepted: 0, poisonAccepted: 0, rejected: 0 };
  records.forEach((record, i) => {
    const result = results[i];
    if (result.accepted) {
      outcome.accepted++;
      if (record.poison) outcome.poisonAccepted++;
      return;
    }
    outcome.rejected++;
    outcome.sampleError ??= result.errorMessage;
  });
  return outcome;
}

/** Publishes one second's counts, so each minute's metrics carry that minute's traffic. */
function publishTick(outcome: PutOutcome): void {
  metrics.addMetric(MetricName.RecordsProduced, MetricUnit.Count, outcome.accepted);
  metrics.addMetric(MetricName.PoisonRecordsProduced, MetricUnit.Count, outcome.poisonAccepted);
  metrics.publishStoredMetrics();
}

/** Writes records at the plan's rate for the plan's duration, then returns the totals. */
export async function produceEvents(
  plan: TrafficPlan,
  deps: ProducerDeps
): Promise<ProducerSummary> {
  let seq = 0;
  let produced = 0;
  let poisonProduced = 0;
  let rejected = 0;
  const { ticks } = await runPacedLoop(
    plan,
    deps.clock,
    async ({ index, count }) => {
      const tick: PutOutcome = { accepted: 0, poisonAccepted: 0, rejected: 0 };
      const records = Array.from({ length: count }, () =>
        makeRecord(deps.runId, seq++, plan.poisonEvery)
      );
      // One call after another, so the one shard holds the records in seq order.
      for (const chunk of chunksForPut(records)) {
        const outcome = await putRecords(chunk, deps);
        tick.accepted += outcome.accepted;
        tick.poisonAccepted += outcome.poisonAccepted;
        tick.rejected += outcome.rejected;
        tick.sampleError ??= outcome.sampleError;
      }
      produced += tick.accepted;
      poisonProduced += tick.poisonAccepted;
      rejected += tick.rejected;
      publishTick(tick);
      if (tick.rejected > 0) {
        logger.warn('records rejected', {
          second: index,
          rejected: tick.rejected,
          errorMessage: tick.sampleError,
        });
      }
    },
    deps.shouldStop
  );
  return { ...plan, ticks, produced, poisonProduced, rejected };
}

/** Validates the event, then writes records (some poison) to the stream until the duration is over. */
export const lambdaHandler = async (event: unknown, context: Context): Promise<ProducerSummary> => {
  const plan = parseTrafficEvent(event, intEnv(Env.PoisonEvery, POISON_EVERY.default));
  const streamName = requireEnv(Env.StreamName);
  logger.info('traffic started', { ...plan, streamName });
  const summary = await produceEvents(plan, {
    client: kinesis,
    clock: systemClock,
    streamName,
    runId: context.awsRequestId,
    shouldStop: nearDeadline(context),
  });
  logger.info('traffic finished', { ...summary });
  return summary;
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
