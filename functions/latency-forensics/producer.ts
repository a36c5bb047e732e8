import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { Env, MetricName, PRODUCER_MAX_DURATION_SECONDS } from '../../infra/names';
import { type Clock, systemClock } from '../shared/clock';
import { requireEnv } from '../shared/env';
import { nearDeadline, runPacedLoop } from '../shared/paced-loop';
import { logger, metrics } from '../shared/powertools';
import {
  type ProducerLimits,
  type ProducerPlan,
  parseProducerEvent,
} from '../shared/producer-event';
import { chunksForPut, putRecordBatch } from '../shared/put-records';
import { makeTrade, type Trade } from './trade';

/**
 * The trade feed: sends trades to the `trades` stream at a steady rate for a bounded time.
 *
 * 500 trades/s by default, the write-up's feed. 2 shards accept 2,000 records/s and 2 MB/s,
 * and 500 trades of ~230 bytes are ~115 KB/s, so Kinesis is never the bottleneck; the most the
 * producer may send is that 2,000/s ceiling. The longest run (600 s) leaves the function's
 * timeout (660 s) room for the last second and the metric flush.
 */
export const PRODUCER_LIMITS: ProducerLimits = {
  defaultRatePerSecond: 500,
  maxRatePerSecond: 2_000,
  defaultDurationSeconds: 120,
  maxDurationSeconds: PRODUCER_MAX_DURATION_SECONDS,
};

/** Created once per execution environment; picks up AWS_ENDPOINT_URL offline. */
const kinesis = new KinesisClient({});

/** What the producer needs from the outside world. */
export interface ProducerDeps {
  client: KinesisClient;
  clock: Clock;
  streamName: string;
  /** Stops the traffic early, for example when the Lambda deadline is near. */
  shouldStop?: () => boolean;
}

/** What Kinesis did with the records of one or more PutRecords calls. */
export interface PutOutcome {
  attempted: number;
  accepted: number;
  failed: number;
  /** How many records were rejected with each ErrorCode. */
  errorCodes: Record<string, number>;
}

/** The totals a producer run returns (and logs as `traffic finished`). */
export interface ProducerSummary extends ProducerPlan {
  ticks: number;
  attempted: number;
  accepted: number;
  failed: number;
}

const emptyOutcome = (): PutOutcome => ({ attempted: 0, accepted: 0, failed: 0, errorCodes: {} });

function addOutcome(total: PutOutcome, part: PutOutcome): PutOutcome {
  const errorCodes = { ...total.errorCodes };
  for (const [code, n] of Object.entries(part.errorCodes)) {
    errorCodes[code] = (errorCodes[code] ?? 0) + n;
  }
  return {
    attempted: total.attempted + part.attempted,
    accepted: total.accepted + part.accepted,
    failed: total.failed + part.failed,
    errorCodes,
  };
}

/**
 * Sends up to 500 trades in one PutRecords call, partitioned by trade id, and counts what
 * Kinesis did with each, rejections by ErrorCode.
 */
export async function putTrades(trades: readonly Trade[], deps: ProducerDeps): Promise<PutOutcome> {
  const results = await putRecordBatch(
    deps.client,
    deps.streamName,
    trades.map((trade) => ({
      Data: Buffer.from(JSON.stringify(trade)),
      PartitionKey: trade.tradeId,
    }))
  );
  const outcome = emptyOutcome();
  outcome.attempted = trades.length;
  for (const result of results) {
    if (result.accepted) {
      outcome.accepted++;
      continue;
    }
    outcome.failed++;
    outcome.errorCodes[result.errorCode] = (outcome.errorCodes[result.errorCode] ?? 0) + 1;
  }
  return outcome;
}

/**
 * Sends one second's trades as PutRecords calls of at most 500 records, in parallel so the
 * second's calls finish within the second. Rejected records are counted, not retried: at this
 * rate 2 shards should reject none, so any rejection is worth seeing in the logs.
 */
export async function sendTrades(count: number, deps: ProducerDeps): Promise<PutOutcome> {
  const now = deps.clock.now();
  const trades = Array.from({ length: count }, () => makeTrade(now));
  const outcomes = await Promise.all(chunksForPut(trades).map((chunk) => putTrades(chunk, deps)));
  return outcomes.reduce(addOutcome, emptyOutcome());
}

/**
 * Records one second's accepted count as TradesSent, stamped with that second, so each minute
 * of CloudWatch data carries that minute's traffic. The previous second's count is flushed
 * first; the last one is left for logMetrics to flush when the invocation ends.
 */
function recordTick(accepted: number, nowMs: number): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  metrics.setTimestamp(nowMs);
  metrics.addMetric(MetricName.TradesSent, MetricUnit.Count, accepted);
}

/** Sends trades at the plan's rate for the plan's duration, then returns the totals. */
export async function produceTrades(
  plan: ProducerPlan,
  deps: ProducerDeps
): Promise<ProducerSummary> {
  let total = emptyOutcome();
  const { ticks } = await runPacedLoop(
    plan,
    deps.clock,
    async ({ index, count }) => {
      const sentAt = deps.clock.now();
      const outcome = await sendTrades(count, deps);
      total = addOutcome(total, outcome);
      recordTick(outcome.accepted, sentAt);
      if (outcome.failed > 0) {
        logger.warn('records rejected', {
          second: index,
          attempted: outcome.attempted,
          failed: outcome.failed,
          errorCodes: outcome.errorCodes,
        });
      }
    },
    deps.shouldStop
  );
  return {
    ...plan,
    ticks,
    attempted: total.attempted,
    accepted: total.accepted,
    failed: total.failed,
  };
}

/** Validates the event, then sends trades to the stream until the duration is over. */
export const lambdaHandler = async (event: unknown, context: Context): Promise<ProducerSummary> => {
  const plan = parseProducerEvent(event, PRODUCER_LIMITS);
  const streamName = requireEnv(Env.StreamName);
  logger.info('traffic started', { ...plan, streamName });
  const summary = await produceTrades(plan, {
    client: kinesis,
    clock: systemClock,
    streamName,
    shouldStop: nearDeadline(context),
  });
  logger.info('traffic finished', { ...summary });
  return summary;
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
