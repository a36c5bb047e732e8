import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { MetricName } from '../../infra/names';
import { logger, metrics } from '../shared/powertools';
import { isOrderEvent, type OrderEvent } from './order';

/** What one batch held. */
export interface ConsumeSummary {
  /** The shard the batch came from (a Kinesis batch always holds records of one shard). */
  shardId: string;
  consumed: number;
  skipped: number;
}

/** The order in a stream record, or undefined when the data is not an order's JSON. */
export function decodeOrder(record: KinesisStreamRecord): OrderEvent | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
    return isOrderEvent(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Counts the orders of one batch. The consumer is the same in both variants: it is how it is
 * invoked that tells the story. With the hot key only one shard has records, so only one
 * invocation runs at a time and every `batch consumed` line names the same shard; with an even
 * spread there is one concurrent invocation per shard. A record that is not an order is
 * logged and skipped, never retried: it can never become valid, and failing the batch would
 * block the shard behind it.
 */
export function consumeOrders(event: KinesisStreamEvent): ConsumeSummary {
  const shardId = event.Records[0]?.eventID.split(':')[0] ?? 'unknown';
  let consumed = 0;
  let skipped = 0;
  for (const record of event.Records) {
    if (decodeOrder(record)) {
      consumed++;
    } else {
      skipped++;
      logger.warn('record skipped', {
        shardId,
        sequenceNumber: record.kinesis.sequenceNumber,
        reason: 'data is not an order event',
      });
    }
  }
  metrics.addMetric(MetricName.OrdersConsumed, MetricUnit.Count, consumed);
  logger.info('batch consumed', { shardId, records: event.Records.length, consumed, skipped });
  return { shardId, consumed, skipped };
}

/** Counts the orders of a batch (see consumeOrders). */
export const lambdaHandler = async (event: KinesisStreamEvent): Promise<void> => {
  consumeOrders(event);
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
