import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ShardIteratorType,
} from '@aws-sdk/client-kinesis';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { Env, MetricName, type Variant } from '../../infra/names';
import { type Clock, systemClock } from '../shared/clock';
import { requireEnv, requireVariant } from '../shared/env';
import { PoisonRecordError } from '../shared/errors';
import { logger, metrics } from '../shared/powertools';
import {
  type KinesisBatchInfo,
  NotAnOnFailureRecordError,
  parseOnFailureMessage,
} from './on-failure';
import { processRecord } from './record';

/** GetRecords pages that may come back empty in a row before the re-read gives up. */
export const MAX_EMPTY_PAGES = 3;
/** Hard bound on GetRecords calls for one failed batch, whatever the shard does. */
export const MAX_PAGES = 50;
/** Pause after an empty page: a shard serves 5 GetRecords per second, shared with the ESM. */
export const EMPTY_PAGE_PAUSE_MS = 250;

/** Created once per execution environment; they honour AWS_ENDPOINT_URL offline. */
const kinesis = new KinesisClient({});
const sqs = new SQSClient({});

/**
 * What redriving one on-failure message amounted to. Only the fixed redrive knows about
 * parked records; the broken one never reports them.
 */
export interface RedriveCounts {
  failedBatches: number;
  retried: number;
  recovered: number;
  parked?: number;
}

/** Redrives one message of the `ofd` queue; throws to leave it on the queue for a retry. */
export type RedriveMessage = (message: SQSRecord) => Promise<RedriveCounts>;

/** What the fixed redrive needs from the outside world. */
export interface RedriveDeps {
  kinesis: KinesisClient;
  sqs: SQSClient;
  parkedQueueUrl: string;
  clock: Clock;
}

/**
 * BROKEN: the write-up's redrive, in TypeScript.
 *
 *     for record in event['Records']:   # SQS messages
 *         retry_single_record(record)
 *         increment_retry_count(1)      # one retry per message
 *
 * It takes each SQS message for ONE failed record: it "retries" the message body through the
 * same processRecord as the processor and counts one retry and, since that did not throw, one
 * recovery. The body is the on-failure document (batch metadata, no record data): a JSON
 * object without `poison: true`, so the "retry" always succeeds and the logs stay clean. It
 * never reads the shard, so the real records of the batch (batchSize of them, usually 5)
 * are never retried: RecordsRetried == FailedBatchesReceived, and the rest vanish.
 */
export const redriveMessageBroken: RedriveMessage = async (message) => {
  processRecord(message.body);
  logger.info('record retried', { messageId: message.messageId });
  return { failedBatches: 1, retried: 1, recovered: 1 };
};

/**
 * Reads a failed batch back from its shard: a shard iterator AT_SEQUENCE_NUMBER at the
 * batch's first record, then GetRecords until a record past `endSequenceNumber` shows up
 * or the shard has nothing more to give (a null iterator, MAX_EMPTY_PAGES empty pages in a
 * row, or MAX_PAGES pages). Returns the records from start to end, inclusive.
 */
export async function readFailedBatch(
  batch: KinesisBatchInfo,
  deps: RedriveDeps
): Promise<_Record[]> {
  const start = BigInt(batch.startSequenceNumber);
  const end = BigInt(batch.endSequenceNumber);
  const iterator = await deps.kinesis.send(
    new GetShardIteratorCommand({
      // The message names its stream: a redrive reads back exactly what failed.
      StreamARN: batch.streamArn,
      ShardId: batch.shardId,
      ShardIteratorType: ShardIteratorType.AT_SEQUENCE_NUMBER,
      StartingSequenceNumber: batch.startSequenceNumber,
    })
  );
  const found: _Record[] = [];
  let shardIterator = iterator.ShardIterator;
  let emptyPages = 0;
  for (let page = 0; shardIterator && page < MAX_PAGES; page++) {
    const response = await deps.kinesis.send(
      new GetRecordsCommand({
        ShardIterator: shardIterator,
        Limit: Math.min(batch.batchSize, 10_000),
      })
    );
    const records = response.Records ?? [];
    for (const record of records) {
      const sequenceNumber = BigInt(record.SequenceNumber ?? '0');
      if (sequenceNumber > end) return found;
      if (sequenceNumber >= start) found.push(record);
      if (sequenceNumber === end) return found;
    }
    shardIterator = response.NextShardIterator;
    if (records.length > 0) {
      emptyPages = 0;
      continue;
    }
    emptyPages++;
    // A closed shard read to its end, the tip of the shard, or a few empty pages in a row:
    // the rest of the range is gone (past the stream's retention).
    if (!shardIterator || response.MillisBehindLatest === 0 || emptyPages >= MAX_EMPTY_PAGES) {
      break;
    }
    await deps.clock.sleep(EMPTY_PAGE_PAUSE_MS);
  }
  return found;
}

/** Sends a record that fails even when retried alone to the `parked` queue, with why. */
async function park(
  record: _Record,
  batch: KinesisBatchInfo,
  messageId: string,
  error: Error,
  deps: RedriveDeps
): Promise<void> {
  await deps.sqs.send(
    new SendMessageCommand({
      QueueUrl: deps.parkedQueueUrl,
      MessageBody: JSON.stringify({
        reason: error.name,
        error: error.message,
        streamArn: batch.streamArn,
        shardId: batch.shardId,
        sequenceNumber: record.SequenceNumber,
        partitionKey: record.PartitionKey,
        data: Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'),
        onFailureMessageId: messageId,
      }),
    })
  );
  logger.warn('record parked', {
    sequenceNumber: record.SequenceNumber,
    partitionKey: record.PartitionKey,
    reason: error.name,
  });
}

/**
 * FIXED: one on-failure message is one failed BATCH. Reads the batch's records back from the
 * shard, retries each record alone with the processor's own processRecord, parks the ones
 * that still fail (poison), and counts per record: retried = records re-read, each of them
 * either recovered or parked.
 *
 * If fewer records than `batchSize` come back, the missing ones have left the stream
 * (24 h retention): they are logged as missing and cannot be recovered by anyone.
 *
 * Parking happens as records are retried; if a later call fails, the message is retried and
 * the record may be parked twice, but the metrics, added by the caller only for messages that
 * complete, count it once.
 */
export async function redriveMessageFixed(
  message: SQSRecord,
  deps: RedriveDeps
): Promise<RedriveCounts> {
  let batch: KinesisBatchInfo;
  try {
    batch = parseOnFailureMessage(message.body);
  } catch (e) {
    if (!(e instanceof NotAnOnFailureRecordError)) throw e;
    // Retrying a message that is not an on-failure record can never work: park it as is.
    await deps.sqs.send(
      new SendMessageCommand({
        QueueUrl: deps.parkedQueueUrl,
        MessageBody: JSON.stringify({ reason: e.name, error: e.message, body: message.body }),
      })
    );
    logger.error('message is not an on-failure record', { messageId: message.messageId, error: e });
    return { failedBatches: 0, retried: 0, recovered: 0, parked: 0 };
  }

  const records = await readFailedBatch(batch, deps);
  if (records.length < batch.batchSize) {
    logger.warn('records missing from the shard', {
      messageId: message.messageId,
      shardId: batch.shardId,
      startSequenceNumber: batch.startSequenceNumber,
      endSequenceNumber: batch.endSequenceNumber,
      expected: batch.batchSize,
      found: records.length,
      missing: batch.batchSize - records.length,
    });
  }

  let recovered = 0;
  let parked = 0;
  for (const record of records) {
    try {
      processRecord(record.Data ?? new Uint8Array());
      recovered++;
    } catch (e) {
      if (!(e instanceof PoisonRecordError)) throw e;
      await park(record, batch, message.messageId, e, deps);
      parked++;
    }
  }
  logger.info('failed batch redriven', {
    messageId: message.messageId,
    shardId: batch.shardId,
    startSequenceNumber: batch.startSequenceNumber,
    endSequenceNumber: batch.endSequenceNumber,
    batchSize: batch.batchSize,
    retried: records.length,
    recovered,
    parked,
  });
  return { failedBatches: 1, retried: records.length, recovered, parked };
}

/** The sum of two messages' counts; `parked` stays absent when neither knows about it. */
function addCounts(a: RedriveCounts, b: RedriveCounts): RedriveCounts {
  const sum: RedriveCounts = {
    failedBatches: a.failedBatches + b.failedBatches,
    retried: a.retried + b.retried,
    recovered: a.recovered + b.recovered,
  };
  if (a.parked !== undefined || b.parked !== undefined)
    sum.parked = (a.parked ?? 0) + (b.parked ?? 0);
  return sum;
}

/** Adds one invocation's totals as metrics (only counters that this redrive knows about). */
function publishCounts(totals: RedriveCounts): void {
  metrics.addMetric(MetricName.FailedBatchesReceived, MetricUnit.Count, totals.failedBatches);
  metrics.addMetric(MetricName.RecordsRetried, MetricUnit.Count, totals.retried);
  metrics.addMetric(MetricName.RecordsRecovered, MetricUnit.Count, totals.recovered);
  if (totals.parked !== undefined) {
    metrics.addMetric(MetricName.RecordsParked, MetricUnit.Count, totals.parked);
  }
}

/**
 * Redrives every message of an SQS batch from the `ofd` queue. A message that throws is
 * reported in batchItemFailures and comes back after its visibility timeout; the others are
 * deleted. Only messages that completed are counted, so a message redriven twice is counted
 * once.
 */
export async function redriveBatch(
  event: SQSEvent,
  redriveMessage: RedriveMessage
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  let totals: RedriveCounts | undefined;
  for (const message of event.Records) {
    try {
      const counts = await redriveMessage(message);
      totals = totals ? addCounts(totals, counts) : counts;
    } catch (e) {
      logger.error('redrive failed', { messageId: message.messageId, error: e as Error });
      batchItemFailures.push({ itemIdentifier: message.messageId });
    }
  }
  if (totals) publishCounts(totals);
  return { batchItemFailures };
}

/** Picks the redrive of the deployed variant. */
export function redriveFor(variant: Variant, deps: () => RedriveDeps): RedriveMessage {
  if (variant === 'broken') return redriveMessageBroken;
  const fixedDeps = deps();
  return (message) => redriveMessageFixed(message, fixedDeps);
}

/** The Lambda entry point: redrives the on-failure messages of one SQS batch. */
export const lambdaHandler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const redriveMessage = redriveFor(requireVariant(), () => ({
    kinesis,
    sqs,
    parkedQueueUrl: requireEnv(Env.ParkedQueueUrl),
    clock: systemClock,
  }));
  return redriveBatch(event, redriveMessage);
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
