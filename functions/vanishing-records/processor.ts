import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { KinesisStreamEvent } from 'aws-lambda';
import { MetricName } from '../../infra/names';
import { logger, metrics } from '../shared/powertools';
import { processRecord } from './record';

/** What one successful batch amounted to. */
export interface BatchResult {
  records: number;
}

/** `shardId-000000000000:4959...` -> `shardId-000000000000` (the eventID format, C.1). */
function shardIdOf(eventId: string | undefined): string | undefined {
  return eventId?.split(':')[0];
}

/**
 * Processes one batch from the `events` stream, record by record, and throws on the first
 * record that fails. This is the trap the scenario is about, and it is the same in both
 * variants: there is no partial batch response, so one poison record fails the whole batch.
 * The event source mapping retries the batch twice (MaximumRetryAttempts 2), then sends ONE
 * on-failure message describing the batch (not its records) to the `ofd` queue and moves on.
 *
 * RecordsProcessed is added only when the whole batch succeeded. A failed attempt is not
 * checkpointed: every record of it comes back in the retry, and after the last retry it is
 * the redrive's to account for. Counting the good records of a failed attempt would count
 * them again on every retry and again in the redrive, and the lab's conservation check
 * (produced == processed + recovered + parked) must hold exactly.
 */
export function processBatch(event: KinesisStreamEvent): BatchResult {
  const records = event.Records;
  for (const record of records) {
    try {
      processRecord(Buffer.from(record.kinesis.data, 'base64'));
    } catch (e) {
      logger.error('batch failed', {
        shardId: shardIdOf(record.eventID),
        batchSize: records.length,
        failedSequenceNumber: record.kinesis.sequenceNumber,
        firstSequenceNumber: records[0]?.kinesis.sequenceNumber,
        lastSequenceNumber: records.at(-1)?.kinesis.sequenceNumber,
        error: e as Error,
      });
      throw e;
    }
  }
  metrics.addMetric(MetricName.RecordsProcessed, MetricUnit.Count, records.length);
  logger.info('batch processed', {
    shardId: shardIdOf(records[0]?.eventID),
    batchSize: records.length,
    firstSequenceNumber: records[0]?.kinesis.sequenceNumber,
    lastSequenceNumber: records.at(-1)?.kinesis.sequenceNumber,
  });
  return { records: records.length };
}

/** The Lambda entry point: returns nothing on success, throws to fail the whole batch. */
export const lambdaHandler = async (event: KinesisStreamEvent): Promise<void> => {
  processBatch(event);
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
