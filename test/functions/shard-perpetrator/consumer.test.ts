import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consumeOrders, handler } from '../../../functions/shard-perpetrator/consumer';
import { makeOrder } from '../../../functions/shard-perpetrator/order';
import { metrics } from '../../../functions/shared/powertools';
import { MetricName } from '../../../infra/names';
import { ConsoleCapture } from '../../helpers/console-capture';
import { lambdaContext } from '../../helpers/lambda-context';

const STREAM_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/orders';

/** A Kinesis record as Lambda delivers it (aws-facts C.1), carrying `data` as JSON or raw text. */
function kinesisRecord(shardId: string, seq: number, data: unknown): KinesisStreamRecord {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  const sequenceNumber = `4959033827149025660855969253836157109592157598913658${String(seq).padStart(4, '0')}`;
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: 'HOT_PARTITION',
      sequenceNumber,
      data: Buffer.from(text).toString('base64'),
      approximateArrivalTimestamp: 1_767_225_600.123,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/consumer',
    awsRegion: 'us-east-1',
    eventSourceARN: STREAM_ARN,
  };
}

function batch(shardId: string, data: unknown[]): KinesisStreamEvent {
  return { Records: data.map((d, i) => kinesisRecord(shardId, i, d)) };
}

let output: ConsoleCapture;

beforeEach(() => {
  output = new ConsoleCapture();
});

afterEach(() => {
  // consumeOrders leaves its count for the middleware to flush.
  metrics.clearMetrics();
  vi.restoreAllMocks();
});

describe('consumer', () => {
  it('publishes OrdersConsumed equal to the orders in the batch', async () => {
    // Arrange
    const orders = Array.from({ length: 100 }, () => makeOrder(Date.UTC(2026, 0, 1)));
    // Act
    await handler(batch('shardId-000000000002', orders), lambdaContext());
    // Assert
    expect(output.metricValues(MetricName.OrdersConsumed)).toEqual([100]);
  });

  it('logs which shard each batch came from', async () => {
    // Arrange
    const orders = [makeOrder(0), makeOrder(0)];
    // Act
    await handler(batch('shardId-000000000003', orders), lambdaContext());
    // Assert
    expect(output.entries()).toContainEqual(
      expect.objectContaining({
        message: 'batch consumed',
        shardId: 'shardId-000000000003',
        records: 2,
        consumed: 2,
        skipped: 0,
      })
    );
  });

  it('skips and logs a record that is not an order, without failing the batch', () => {
    // Arrange
    const event = batch('shardId-000000000001', [makeOrder(0), 'not json', { hello: 'world' }]);
    // Act
    const summary = consumeOrders(event);
    // Assert
    expect(summary).toEqual({ shardId: 'shardId-000000000001', consumed: 1, skipped: 2 });
    const skipped = output.logs('record skipped');
    expect(skipped).toHaveLength(2);
    expect(skipped[0]).toMatchObject({
      level: 'WARN',
      shardId: 'shardId-000000000001',
      sequenceNumber: event.Records[1]?.kinesis.sequenceNumber,
    });
  });
});
