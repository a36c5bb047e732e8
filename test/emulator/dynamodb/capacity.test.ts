import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateTableCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotas } from '../../../emulator/core/quotas';
import {
  ACCOUNT,
  createTable,
  type DynamoDbHarness,
  errorOf,
  filler,
  REGION,
  startDynamoDbHarness,
} from './harness';

let h: DynamoDbHarness;
let serial = 0;

beforeAll(async () => {
  h = await startDynamoDbHarness();
});

afterAll(async () => {
  await h.close();
});

const PROVISIONED_MESSAGE =
  'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.';

/** A write of an item under 1 KB (one write unit) with a fresh key. */
function smallItem(): WriteRequest {
  return { PutRequest: { Item: { pk: { S: `item-${serial++}` }, data: { S: filler(900) } } } };
}

/** Writes `count` one-unit items in batches of 25 at the current instant; returns how many were left unprocessed. */
async function batchWrite(table: string, count: number): Promise<number> {
  let unprocessed = 0;
  for (let done = 0; done < count; done += 25) {
    const requests = Array.from({ length: Math.min(25, count - done) }, smallItem);
    const out = await h.ddb.send(
      new BatchWriteItemCommand({ RequestItems: { [table]: requests } })
    );
    unprocessed += out.UnprocessedItems?.[table]?.length ?? 0;
  }
  return unprocessed;
}

/** One PutItem of a one-unit item; true if it was throttled. */
async function putThrottled(table: string): Promise<boolean> {
  const request = smallItem().PutRequest as { Item: Record<string, { S: string }> };
  try {
    await h.ddb.send(new PutItemCommand({ TableName: table, Item: request.Item }));
    return false;
  } catch (error) {
    if (
      (error as Error).name === 'ProvisionedThroughputExceededException' ||
      (error as Error).name === 'ThrottlingException'
    ) {
      return true;
    }
    throw error;
  }
}

function sum(metricName: string, dimensions: Record<string, string>): number {
  return h.metrics.sum('AWS/DynamoDB', metricName, dimensions);
}

describe('provisioned write capacity', () => {
  it('throttles ~45 of 50 writes/s on a 5 WCU table once its burst is spent, and reports it in AWS/DynamoDB', async () => {
    // Arrange: a new table holds 300 s x 5 WCU of burst; spend it at once.
    await createTable(h, 'wcu5');
    expect(await batchWrite('wcu5', 5 * quotas.dynamoDbBurstSeconds.value)).toBe(0);
    const probe = await errorOf(
      h.ddb.send(new PutItemCommand({ TableName: 'wcu5', Item: { pk: { S: 'probe' } } }))
    );
    const throttledBefore = sum('WriteThrottleEvents', { TableName: 'wcu5' });
    const consumedBefore = sum('ConsumedWriteCapacityUnits', { TableName: 'wcu5' });

    // Act: 50 PutItems of <= 1 KB within one emulated second, one every 20 ms.
    const start = h.clock.now();
    let throttled = 0;
    for (let i = 0; i < 50; i++) {
      await h.clock.advance(20);
      if (await putThrottled('wcu5')) throttled++;
    }

    // Assert
    expect(probe.name).toBe('ProvisionedThroughputExceededException');
    expect(probe.message).toBe(PROVISIONED_MESSAGE);
    expect(probe.$metadata?.httpStatusCode).toBe(400);
    expect(probe.ThrottlingReasons).toEqual([
      {
        reason: 'TableWriteProvisionedThroughputExceeded',
        resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/wcu5`,
      },
    ]);
    expect(throttled).toBe(45);
    expect(sum('WriteThrottleEvents', { TableName: 'wcu5' }) - throttledBefore).toBe(45);
    expect(sum('ThrottledRequests', { TableName: 'wcu5', Operation: 'PutItem' })).toBe(46);
    expect(sum('ConsumedWriteCapacityUnits', { TableName: 'wcu5' }) - consumedBefore).toBe(5);
    const throttlePoint = h.metrics
      .find('AWS/DynamoDB', 'WriteThrottleEvents', { TableName: 'wcu5' })
      .at(-1);
    expect(throttlePoint).toMatchObject({ unit: 'Count', value: 1 });
    expect(throttlePoint?.timestamp).toBeGreaterThan(start);
    expect(throttlePoint?.timestamp).toBeLessThanOrEqual(start + 1000);
  });

  it('lets an idle table absorb up to 300 s x WCU, no more, before throttling', async () => {
    // Arrange: spend the burst, then stay idle for twice the burst window.
    await createTable(h, 'burst', {
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 2 },
    });
    await batchWrite('burst', 600);
    expect(await putThrottled('burst')).toBe(true);
    await h.clock.advance(2 * quotas.dynamoDbBurstSeconds.value * 1000);

    // Act: 600 writes in the same instant, then one more.
    const unprocessed = await batchWrite('burst', 2 * quotas.dynamoDbBurstSeconds.value);
    const extra = await putThrottled('burst');

    // Assert
    expect(unprocessed).toBe(0);
    expect(extra).toBe(true);
  });

  it('charges 1 KB units, rounded up, by the larger of the old and new item', async () => {
    // Arrange
    await createTable(h, 'units', {
      ProvisionedThroughput: { ReadCapacityUnits: 50, WriteCapacityUnits: 50 },
    });
    const item = (kb: number) => ({ pk: { S: 'same' }, data: { S: filler(kb * 1024 - 20) } });

    // Act
    const first = await h.ddb.send(
      new PutItemCommand({ TableName: 'units', Item: item(2.5), ReturnConsumedCapacity: 'TOTAL' })
    );
    const smaller = await h.ddb.send(
      new PutItemCommand({ TableName: 'units', Item: item(0.5), ReturnConsumedCapacity: 'TOTAL' })
    );
    await h.ddb.send(new PutItemCommand({ TableName: 'units', Item: item(4) }));
    const removed = await h.ddb.send(
      new DeleteItemCommand({
        TableName: 'units',
        Key: { pk: { S: 'same' } },
        ReturnConsumedCapacity: 'TOTAL',
      })
    );

    // Assert
    expect(first.ConsumedCapacity?.CapacityUnits).toBe(3);
    expect(smaller.ConsumedCapacity?.CapacityUnits).toBe(3);
    expect(removed.ConsumedCapacity?.CapacityUnits).toBe(4);
    const points = h.metrics.find('AWS/DynamoDB', 'ConsumedWriteCapacityUnits', {
      TableName: 'units',
    });
    expect(points.map((p) => p.value)).toEqual([3, 3, 4, 4]);
  });

  it('returns throttled BatchWriteItem items in UnprocessedItems, and fails only when all are throttled', async () => {
    // Arrange: leave 10 units of the 1,500-unit burst.
    await createTable(h, 'partial');
    await batchWrite('partial', 1490);
    const throttledBefore = sum('WriteThrottleEvents', { TableName: 'partial' });

    // Act
    const requests = Array.from({ length: 25 }, smallItem);
    const partial = await h.ddb.send(
      new BatchWriteItemCommand({ RequestItems: { partial: requests } })
    );
    const all = await errorOf(
      h.ddb.send(
        new BatchWriteItemCommand({
          RequestItems: { partial: Array.from({ length: 25 }, smallItem) },
        })
      )
    );

    // Assert
    expect(partial.UnprocessedItems?.partial).toEqual(requests.slice(10));
    expect(all.name).toBe('ProvisionedThroughputExceededException');
    expect(sum('WriteThrottleEvents', { TableName: 'partial' }) - throttledBefore).toBe(40);
    expect(sum('ThrottledRequests', { TableName: 'partial', Operation: 'BatchWriteItem' })).toBe(1);
  });
});

describe('provisioned read capacity', () => {
  it('charges 4 KB units (half for eventually consistent reads) and throttles reads past the burst', async () => {
    // Arrange
    await createTable(h, 'reads');
    await h.ddb.send(
      new PutItemCommand({
        TableName: 'reads',
        Item: { pk: { S: 'r' }, data: { S: filler(9 * 1024) } },
      })
    );
    const strong = await h.ddb.send(
      new GetItemCommand({
        TableName: 'reads',
        Key: { pk: { S: 'r' } },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      })
    );
    const eventual = await h.ddb.send(
      new GetItemCommand({
        TableName: 'reads',
        Key: { pk: { S: 'r' } },
        ReturnConsumedCapacity: 'TOTAL',
      })
    );
    // Spend the rest of the 1,500-unit read burst with eventually consistent reads of missing items (0.5 each).
    const remaining = 5 * quotas.dynamoDbBurstSeconds.value - 3 - 1.5;
    for (let left = remaining; left > 0; left -= 50) {
      const keys = Array.from({ length: Math.min(100, left * 2) }, (_, i) => ({
        pk: { S: `none-${left}-${i}` },
      }));
      await h.ddb.send(new BatchGetItemCommand({ RequestItems: { reads: { Keys: keys } } }));
    }

    // Act
    const error = await errorOf(
      h.ddb.send(new GetItemCommand({ TableName: 'reads', Key: { pk: { S: 'r' } } }))
    );

    // Assert
    expect(strong.ConsumedCapacity?.CapacityUnits).toBe(3);
    expect(eventual.ConsumedCapacity?.CapacityUnits).toBe(1.5);
    expect(error.name).toBe('ProvisionedThroughputExceededException');
    expect(error.ThrottlingReasons).toEqual([
      {
        reason: 'TableReadProvisionedThroughputExceeded',
        resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/reads`,
      },
    ]);
    expect(sum('ReadThrottleEvents', { TableName: 'reads' })).toBe(1);
    expect(sum('ThrottledRequests', { TableName: 'reads', Operation: 'GetItem' })).toBe(1);
    expect(sum('ConsumedReadCapacityUnits', { TableName: 'reads' })).toBe(
      5 * quotas.dynamoDbBurstSeconds.value
    );
  });
});

describe('on-demand capacity', () => {
  it('does not throttle 500 writes/s', async () => {
    // Arrange
    await createTable(h, 'ondemand', { BillingMode: 'PAY_PER_REQUEST' });

    // Act: 500 PutItems within one emulated second, one every 2 ms.
    let throttled = 0;
    for (let i = 0; i < 500; i++) {
      await h.clock.advance(2);
      if (await putThrottled('ondemand')) throttled++;
    }

    // Assert
    expect(throttled).toBe(0);
    expect(
      h.metrics.find('AWS/DynamoDB', 'WriteThrottleEvents', { TableName: 'ondemand' })
    ).toEqual([]);
    expect(sum('ConsumedWriteCapacityUnits', { TableName: 'ondemand' })).toBe(500);
  });

  it('absorbs the initial 4,000 write units in one instant, then throttles with ThrottlingException', async () => {
    // Arrange
    await createTable(h, 'ceiling', { BillingMode: 'PAY_PER_REQUEST' });

    // Act
    const unprocessed = await batchWrite(
      'ceiling',
      quotas.dynamoDbOnDemandWriteUnitsPerSecond.value
    );
    const error = await errorOf(
      h.ddb.send(new PutItemCommand({ TableName: 'ceiling', Item: { pk: { S: 'one-more' } } }))
    );

    // Assert
    expect(unprocessed).toBe(0);
    expect(error.name).toBe('ThrottlingException');
    expect(error.message).toMatch(
      /^Throughput exceeds the current capacity of your table or index\./
    );
    expect(sum('ThrottledRequests', { TableName: 'ceiling', Operation: 'PutItem' })).toBe(1);
  });

  it('stops throttling when UpdateTable switches the table to PAY_PER_REQUEST', async () => {
    // Arrange: a 1 WCU table with its burst spent.
    await createTable(h, 'fixme', {
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    });
    await batchWrite('fixme', quotas.dynamoDbBurstSeconds.value);
    expect(await putThrottled('fixme')).toBe(true);

    // Act
    await h.ddb.send(
      new UpdateTableCommand({ TableName: 'fixme', BillingMode: 'PAY_PER_REQUEST' })
    );
    let throttled = 0;
    for (let i = 0; i < 100; i++) if (await putThrottled('fixme')) throttled++;

    // Assert
    expect(throttled).toBe(0);
  });

  it('applies a raised provisioned throughput at once', async () => {
    // Arrange
    await createTable(h, 'raise', {
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    });
    await batchWrite('raise', quotas.dynamoDbBurstSeconds.value);
    expect(await putThrottled('raise')).toBe(true);

    // Act: 100 WCU, then one second of 100 writes.
    await h.ddb.send(
      new UpdateTableCommand({
        TableName: 'raise',
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 100 },
      })
    );
    await h.clock.advance(1000);
    const unprocessed = await batchWrite('raise', 100);

    // Assert
    expect(unprocessed).toBe(0);
    expect(await putThrottled('raise')).toBe(true);
  });
});

describe('request metrics', () => {
  it('counts ConditionalCheckFailedRequests, UserErrors and SuccessfulRequestLatency', async () => {
    // Arrange
    await createTable(h, 'metered', { BillingMode: 'PAY_PER_REQUEST' });
    await h.ddb.send(new PutItemCommand({ TableName: 'metered', Item: { pk: { S: 'a' } } }));
    const userErrorsBefore = sum('UserErrors', {});

    // Act
    await errorOf(
      h.ddb.send(
        new PutItemCommand({
          TableName: 'metered',
          Item: { pk: { S: 'a' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        })
      )
    );
    await errorOf(
      h.ddb.send(new PutItemCommand({ TableName: 'metered', Item: { nope: { S: 'a' } } }))
    );

    // Assert
    expect(sum('ConditionalCheckFailedRequests', { TableName: 'metered' })).toBe(1);
    expect(sum('UserErrors', {}) - userErrorsBefore).toBe(1);
    const latency = h.metrics.find('AWS/DynamoDB', 'SuccessfulRequestLatency', {
      TableName: 'metered',
      Operation: 'PutItem',
    });
    expect(latency).toHaveLength(1);
    expect(latency[0]?.unit).toBe('Milliseconds');
  });

  it('samples ProvisionedRead/WriteCapacityUnits of provisioned tables only', async () => {
    // Arrange
    await createTable(h, 'gauged', {
      ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
    });
    const at = h.clock.now();

    // Act
    h.service.store.sampleGauges(at);

    // Assert
    expect(
      h.metrics.find('AWS/DynamoDB', 'ProvisionedWriteCapacityUnits', { TableName: 'gauged' })
    ).toEqual([
      {
        namespace: 'AWS/DynamoDB',
        metricName: 'ProvisionedWriteCapacityUnits',
        dimensions: { TableName: 'gauged' },
        value: 3,
        unit: 'Count',
        timestamp: at,
      },
    ]);
    expect(
      h.metrics.sum('AWS/DynamoDB', 'ProvisionedReadCapacityUnits', { TableName: 'gauged' })
    ).toBe(7);
    expect(
      h.metrics.find('AWS/DynamoDB', 'ProvisionedWriteCapacityUnits', { TableName: 'ondemand' })
    ).toEqual([]);
  });
});
