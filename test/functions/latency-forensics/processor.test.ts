import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  type PutItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  handler,
  WRITE_CONCURRENCY,
  writeTrades,
} from '../../../functions/latency-forensics/processor';
import { makeTrade, type Trade } from '../../../functions/latency-forensics/trade';
import { metrics } from '../../../functions/shared/powertools';
import { Env, MetricName, VARIANTS } from '../../../infra/names';
import { ConsoleCapture } from '../../helpers/console-capture';
import { lambdaContext } from '../../helpers/lambda-context';

const dynamodb = mockClient(DynamoDBClient);
const ARRIVED_AT_S = 1_767_225_600.25;

/** A Kinesis record carrying `data` as the producer would have written it. */
function kinesisRecord(data: unknown, index: number): KinesisStreamRecord {
  const sequenceNumber = String(
    49_590_338_271_490_256_608_559_692_538_361_571_095_921_575_989n + BigInt(index)
  );
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: typeof data === 'object' && data !== null ? (data as Trade).tradeId : 'x',
      sequenceNumber,
      data: Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)).toString('base64'),
      approximateArrivalTimestamp: ARRIVED_AT_S,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000001:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/trades',
  };
}

/** `count` trades and the batch of Kinesis records that carries them. */
function tradeBatch(count: number): { trades: Trade[]; records: KinesisStreamRecord[] } {
  const trades = Array.from({ length: count }, () => makeTrade(ARRIVED_AT_S * 1000));
  return { trades, records: trades.map((trade, i) => kinesisRecord(trade, i)) };
}

function throttled(): ProvisionedThroughputExceededException {
  return new ProvisionedThroughputExceededException({
    message:
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
    $metadata: { httpStatusCode: 400 },
  });
}

const options = () => ({ client: new DynamoDBClient({}), tableName: 'trades' });

let output: ConsoleCapture;

beforeEach(() => {
  dynamodb.reset();
  metrics.clearMetrics();
  output = new ConsoleCapture();
  process.env[Env.TableName] = 'trades';
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('writeTrades', () => {
  it('writes every trade of the batch with its own PutItem and counts them as written', async () => {
    // Arrange
    dynamodb.on(PutItemCommand).resolves({});
    const { trades, records } = tradeBatch(25);

    // Act
    const written = await writeTrades(records, { ...options(), now: () => 1_767_225_601_000 });

    // Assert
    expect(written).toBe(25);
    expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 25);
    const first = trades[0] as Trade;
    expect(dynamodb).toHaveReceivedCommandWith(PutItemCommand, {
      TableName: 'trades',
      Item: expect.objectContaining({
        tradeId: { S: first.tradeId },
        symbol: { S: first.symbol },
        price: { N: String(first.price) },
        qty: { N: String(first.qty) },
        arrivedAt: { N: '1767225600250' },
        writtenAt: { N: '1767225601000' },
      }),
    });
    expect(output.logs('trades written')).toEqual([
      expect.objectContaining({ count: 25, maxLagMs: 750 }),
    ]);
  });

  it('publishes TradesWritten once, with the number of trades written', async () => {
    // Arrange
    dynamodb.on(PutItemCommand).resolves({});
    const { records } = tradeBatch(100);

    // Act
    await writeTrades(records, options());
    metrics.publishStoredMetrics();

    // Assert
    expect(output.metricValues(MetricName.TradesWritten)).toEqual([100]);
  });

  it('fails the whole batch when a PutItem is throttled, so that Lambda retries it', async () => {
    // Arrange
    const { trades, records } = tradeBatch(5);
    const throttledId = (trades[2] as Trade).tradeId;
    dynamodb.on(PutItemCommand).callsFake(async (input: PutItemCommandInput) => {
      if (input.Item?.tradeId?.S === throttledId) throw throttled();
      return {};
    });

    // Act
    const result = writeTrades(records, options());

    // Assert
    await expect(result).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    metrics.publishStoredMetrics();
    expect(output.metricValues(MetricName.TradesWritten)).toEqual([]);
    expect(output.logs('trades written')).toEqual([]);
    expect(output.logs('trade write failed')).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        tradeId: throttledId,
        batchSize: 5,
        written: 4,
        failedWrites: 1,
        error: expect.objectContaining({ name: 'ProvisionedThroughputExceededException' }),
      }),
    ]);
  });

  it('stops starting writes after a failure and logs the failure once', async () => {
    // Arrange
    dynamodb.on(PutItemCommand).rejects(throttled());
    const { records } = tradeBatch(100);

    // Act
    const result = writeTrades(records, options());

    // Assert
    await expect(result).rejects.toThrow(/provisioned throughput for the table was exceeded/);
    expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, WRITE_CONCURRENCY);
    expect(output.logs('trade write failed')).toHaveLength(1);
    expect(output.logs('trade write failed')[0]).toMatchObject({
      written: 0,
      failedWrites: WRITE_CONCURRENCY,
    });
  });

  it('skips a record that is not a trade and writes the others', async () => {
    // Arrange
    dynamodb.on(PutItemCommand).resolves({});
    const { records } = tradeBatch(3);
    const garbage = kinesisRecord('not json {', 3);
    const notATrade = kinesisRecord({ hello: 'world' }, 4);

    // Act
    const written = await writeTrades([...records, garbage, notATrade], options());

    // Assert
    expect(written).toBe(3);
    expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 3);
    expect(output.logs('malformed trade skipped')).toEqual([
      expect.objectContaining({ sequenceNumber: garbage.kinesis.sequenceNumber }),
      expect.objectContaining({ sequenceNumber: notATrade.kinesis.sequenceNumber }),
    ]);
  });
});

describe.each(VARIANTS)('processor handler (%s)', (variant) => {
  beforeEach(() => {
    process.env[Env.Variant] = variant;
  });

  it('writes the batch to the table named by TABLE_NAME and emits TradesWritten', async () => {
    // Arrange
    dynamodb.on(PutItemCommand).resolves({});
    const { records } = tradeBatch(10);
    const event: KinesisStreamEvent = { Records: records };

    // Act
    await handler(event, lambdaContext('processor'));

    // Assert
    expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 10);
    expect(dynamodb).toHaveReceivedCommandWith(PutItemCommand, { TableName: 'trades' });
    expect(output.metricValues(MetricName.TradesWritten)).toEqual([10]);
    expect(output.logs('trades written')[0]).toMatchObject({ shardId: 'shardId-000000000001' });
  });

  it('fails the invocation when the table throttles and publishes no TradesWritten', async () => {
    // Arrange
    dynamodb.on(PutItemCommand).rejects(throttled());
    const { records } = tradeBatch(10);

    // Act
    const result = handler({ Records: records }, lambdaContext('processor'));

    // Assert
    await expect(result).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(output.metricValues(MetricName.TradesWritten)).toEqual([]);
    expect(output.logs('trade write failed')).toHaveLength(1);
  });
});
