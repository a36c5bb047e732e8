import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { Env, MetricName } from '../../infra/names';
import { requireEnv } from '../shared/env';
import { logger, metrics } from '../shared/powertools';
import { isTrade, type Trade, tradeItem } from './trade';

/**
 * The processor of the `trades` stream: writes every trade of a Kinesis batch to the `trades`
 * table, one PutItem per trade. The code is the same in both variants; what differs is the
 * table's capacity (see infra/stacks/latency-forensics.ts).
 *
 * When the table cannot take the writes, DynamoDB answers ProvisionedThroughputExceededException,
 * the SDK retries it with backoff (3 attempts by default), and when it still fails the handler
 * throws. The event source mapping then retries the WHOLE batch (retries are unlimited by
 * default for Kinesis), the shard makes no progress, and Lambda's IteratorAge climbs.
 */

/** Created once per execution environment; picks up AWS_ENDPOINT_URL offline. */
const dynamodb = new DynamoDBClient({});

/**
 * How many PutItem calls are in flight at once. A batch of 100 written one after another at
 * ~5 ms each would take 0.5 s, and each shard brings 250 trades/s at 500/s over 2 shards, so a
 * sequential writer would itself fall behind; 10 at a time keeps a batch near 50 ms.
 */
export const WRITE_CONCURRENCY = 10;

/** What writeTrades needs besides the records. */
export interface WriteTradesOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Epoch milliseconds. @default Date.now */
  now?: () => number;
}

interface DecodedTrade {
  trade: Trade;
  /** When Kinesis accepted the record, in epoch milliseconds. */
  arrivedAtMs: number;
}

/** The trades in a batch, in stream order. A record that is not a trade is logged and skipped. */
function decodeTrades(records: readonly KinesisStreamRecord[]): DecodedTrade[] {
  const trades: DecodedTrade[] = [];
  for (const record of records) {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
    } catch {
      value = undefined;
    }
    if (!isTrade(value)) {
      // Retrying cannot fix a record that is not a trade, and blocking the shard on it would
      // hide the lesson, so it is skipped (and visible in the logs).
      logger.warn('malformed trade skipped', { sequenceNumber: record.kinesis.sequenceNumber });
      continue;
    }
    trades.push({
      trade: value,
      arrivedAtMs: record.kinesis.approximateArrivalTimestamp * 1000,
    });
  }
  return trades;
}

/**
 * Writes each trade of the batch with its own PutItem (a retry of the batch overwrites the
 * same items, so it is harmless) and publishes TradesWritten with the number written. If any
 * write fails after the SDK's retries, no new writes are started, the failure is logged once
 * and the error is thrown so that Lambda retries the batch; TradesWritten is then not
 * published for this attempt (the retry that succeeds counts the batch).
 *
 * @returns how many trades were written.
 */
export async function writeTrades(
  records: readonly KinesisStreamRecord[],
  options: WriteTradesOptions
): Promise<number> {
  const { client, tableName, now = Date.now } = options;
  const trades = decodeTrades(records);
  let next = 0;
  let written = 0;
  let failedWrites = 0;
  let firstFailure: { tradeId: string; error: Error } | undefined;

  const worker = async (): Promise<void> => {
    while (firstFailure === undefined && next < trades.length) {
      const current = trades[next++] as DecodedTrade;
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: tradeItem(current.trade, current.arrivedAtMs, now()),
          })
        );
        written++;
      } catch (e) {
        failedWrites++;
        const error = e instanceof Error ? e : new Error(String(e));
        firstFailure ??= { tradeId: current.trade.tradeId, error };
      }
    }
  };
  const workers = Math.min(WRITE_CONCURRENCY, trades.length);
  await Promise.all(Array.from({ length: workers }, worker));

  if (firstFailure !== undefined) {
    const { tradeId, error } = firstFailure;
    logger.error('trade write failed', {
      tradeId,
      batchSize: records.length,
      written,
      failedWrites,
      error,
    });
    throw error;
  }

  metrics.addMetric(MetricName.TradesWritten, MetricUnit.Count, written);
  const oldestArrivalMs = Math.min(...trades.map((t) => t.arrivedAtMs));
  logger.info('trades written', {
    count: written,
    // How long the oldest trade of the batch waited between Kinesis and DynamoDB.
    maxLagMs: trades.length > 0 ? Math.max(0, now() - oldestArrivalMs) : 0,
  });
  return written;
}

/** Writes one Kinesis batch of trades to the table. */
const lambdaHandler = async (event: KinesisStreamEvent): Promise<void> => {
  const shardId = event.Records[0]?.eventID.split(':')[0];
  logger.appendKeys({ shardId });
  await writeTrades(event.Records, { client: dynamodb, tableName: requireEnv(Env.TableName) });
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
