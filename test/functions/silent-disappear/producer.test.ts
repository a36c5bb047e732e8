import { DynamoDBClient, PutItemCommand, type PutItemCommandInput } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidEventError } from '../../../functions/shared/errors';
import { metrics } from '../../../functions/shared/powertools';
import {
  handler,
  type ProducerDeps,
  parseProductEvent,
  produceProducts,
} from '../../../functions/silent-disappear/producer';
import {
  buildProduct,
  DYNAMODB_MAX_ITEM_BYTES,
  itemSizeBytes,
  SizeClass,
} from '../../../functions/silent-disappear/product';
import { Env, MetricName } from '../../../infra/names';
import { ConsoleCapture } from '../../helpers/console-capture';
import { FakeClock } from '../../helpers/fake-clock';
import { lambdaContext } from '../../helpers/lambda-context';

const dynamodbMock = mockClient(DynamoDBClient);
const TABLE = 'Products-test';

function deps(overrides: Partial<ProducerDeps> = {}): ProducerDeps {
  let n = 0;
  return {
    client: new DynamoDBClient({}),
    tableName: TABLE,
    clock: new FakeClock(),
    newId: () => `product-${String(++n).padStart(4, '0')}`,
    shouldStop: () => false,
    ...overrides,
  };
}

/** The items the mock received, in order. */
function putItems(): PutItemCommandInput[] {
  return dynamodbMock.commandCalls(PutItemCommand).map((call) => call.args[0].input);
}

let telemetry: ConsoleCapture;

beforeEach(() => {
  dynamodbMock.reset();
  dynamodbMock.on(PutItemCommand).resolves({});
  metrics.clearMetrics();
  telemetry = new ConsoleCapture();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('buildProduct', () => {
  it.each([
    [SizeClass.Small, 2 * 1024],
    [SizeClass.Large, 300 * 1024],
  ])('pads a %s product to exactly %i bytes, attribute names included', (sizeClass, expected) => {
    // Act
    const product = buildProduct(
      '7d2c5b8a-1f3e-4b6d-8c9a-0e1f2a3b4c5d',
      sizeClass,
      '2026-01-01T00:00:00.000Z'
    );
    // Assert
    expect(itemSizeBytes({ ...product })).toBe(expected);
    expect(itemSizeBytes({ ...product })).toBeLessThan(DYNAMODB_MAX_ITEM_BYTES);
  });
});

describe('parseProductEvent', () => {
  it('fills the defaults: 2 per second for 60 s, every 4th product large', () => {
    // Act + Assert
    expect(parseProductEvent({})).toEqual({ ratePerSecond: 2, durationSeconds: 60, largeEvery: 4 });
  });

  it('rejects a negative rate', () => {
    // Act + Assert
    expect(() => parseProductEvent({ ratePerSecond: -1 })).toThrow(InvalidEventError);
  });

  it('rejects a rate above 20 per second', () => {
    // Act + Assert
    expect(() => parseProductEvent({ ratePerSecond: 21 })).toThrow(/at most 20 \(got 21\)/);
  });

  it('rejects an absurd duration', () => {
    // Act + Assert
    expect(() => parseProductEvent({ durationSeconds: 86_400 })).toThrow(
      /between 1 and 600 \(got 86400\)/
    );
  });

  it.each([0, 1.5, 1001, '4'])('rejects largeEvery %j', (largeEvery) => {
    // Act + Assert
    expect(() => parseProductEvent({ largeEvery })).toThrow(
      /largeEvery must be an integer between 1 and 1000/
    );
  });
});

describe('produceProducts', () => {
  it('writes every Nth product large and the rest small, at the planned rate', async () => {
    // Arrange
    const plan = { ratePerSecond: 4, durationSeconds: 2, largeEvery: 4 };
    // Act
    const summary = await produceProducts(plan, deps());
    // Assert
    expect(summary).toEqual({ smallWritten: 6, largeWritten: 2, failed: 0, ticks: 2 });
    const items = putItems();
    expect(items.map((input) => input.Item?.sizeClass?.S)).toEqual([
      'small',
      'small',
      'small',
      'large',
      'small',
      'small',
      'small',
      'large',
    ]);
    expect(dynamodbMock).toHaveReceivedCommandWith(PutItemCommand, {
      TableName: TABLE,
      Item: expect.objectContaining({
        productId: { S: 'product-0004' },
        sizeClass: { S: 'large' },
      }),
    });
  });

  it('writes items of ~2 KB and ~300 KB with the attributes the pipe templates read', async () => {
    // Arrange
    const plan = { ratePerSecond: 2, durationSeconds: 1, largeEvery: 2 };
    // Act
    await produceProducts(plan, deps());
    // Assert
    const sizes = putItems().map((input) =>
      itemSizeBytes(
        Object.fromEntries(Object.entries(input.Item ?? {}).map(([k, v]) => [k, v.S ?? '']))
      )
    );
    expect(sizes).toEqual([2 * 1024, 300 * 1024]);
    expect(Object.keys(putItems()[0]?.Item ?? {}).sort()).toEqual(
      ['changedFields', 'description', 'name', 'productId', 'sizeClass', 'updatedAt'].sort()
    );
  });

  it('alternates large products between 300 KB and 390 KB', async () => {
    // Arrange: every product large
    const plan = { ratePerSecond: 3, durationSeconds: 1, largeEvery: 1 };
    // Act
    await produceProducts(plan, deps());
    // Assert
    const sizes = putItems().map((input) =>
      itemSizeBytes(
        Object.fromEntries(Object.entries(input.Item ?? {}).map(([k, v]) => [k, v.S ?? '']))
      )
    );
    expect(sizes).toEqual([300 * 1024, 390 * 1024, 300 * 1024]);
    expect(Math.max(...sizes)).toBeLessThan(DYNAMODB_MAX_ITEM_BYTES);
  });

  it('counts each successful write once in SmallProductsWritten or LargeProductsWritten', async () => {
    // Arrange
    const plan = { ratePerSecond: 4, durationSeconds: 3, largeEvery: 4 };
    // Act
    await produceProducts(plan, deps());
    // Assert
    expect(telemetry.metricSum(MetricName.SmallProductsWritten)).toBe(9);
    expect(telemetry.metricSum(MetricName.LargeProductsWritten)).toBe(3);
    // One flush per second that wrote something, so datapoints land in the right minute.
    expect(telemetry.emfLines()).toHaveLength(3);
  });

  it('does not count a failed write and logs it once', async () => {
    // Arrange
    dynamodbMock.on(PutItemCommand).callsFake((input: PutItemCommandInput) => {
      if (input.Item?.sizeClass?.S === 'large') {
        throw new Error('Item size has exceeded the maximum allowed size');
      }
      return {};
    });
    const plan = { ratePerSecond: 4, durationSeconds: 1, largeEvery: 4 };
    // Act
    const summary = await produceProducts(plan, deps());
    // Assert
    expect(summary).toEqual({ smallWritten: 3, largeWritten: 0, failed: 1, ticks: 1 });
    expect(telemetry.metricSum(MetricName.LargeProductsWritten)).toBe(0);
    expect(telemetry.logs('product write failed')).toHaveLength(1);
    expect(telemetry.logs('product write failed')[0]).toMatchObject({
      productId: 'product-0004',
      sizeClass: 'large',
    });
  });

  it('stops starting new seconds when the deadline is near', async () => {
    // Arrange
    let calls = 0;
    const plan = { ratePerSecond: 1, durationSeconds: 60, largeEvery: 4 };
    // Act
    const summary = await produceProducts(plan, deps({ shouldStop: () => ++calls > 3 }));
    // Assert
    expect(summary.ticks).toBe(3);
    expect(putItems()).toHaveLength(3);
  });

  it('paces writes by the clock: one second per tick', async () => {
    // Arrange
    const clock = new FakeClock();
    const start = clock.now();
    const plan = { ratePerSecond: 1, durationSeconds: 5, largeEvery: 4 };
    // Act
    await produceProducts(plan, deps({ clock }));
    // Assert
    expect(clock.now() - start).toBe(4_000);
  });
});

describe('handler', () => {
  beforeEach(() => {
    process.env[Env.TableName] = TABLE;
  });

  it('writes products to the table from the environment and returns the summary', async () => {
    // Act
    const summary = await handler(
      { ratePerSecond: 2, durationSeconds: 1, largeEvery: 2 },
      lambdaContext('producer', 630_000)
    );
    // Assert
    expect(summary).toEqual({ smallWritten: 1, largeWritten: 1, failed: 0, ticks: 1 });
    expect(dynamodbMock).toHaveReceivedCommandTimes(PutItemCommand, 2);
    expect(telemetry.logs('traffic finished')).toHaveLength(1);
  });

  it('rejects a negative rate before writing anything', async () => {
    // Act + Assert
    await expect(
      handler({ ratePerSecond: -5 }, lambdaContext('producer', 630_000))
    ).rejects.toThrow(InvalidEventError);
    expect(dynamodbMock).toHaveReceivedCommandTimes(PutItemCommand, 0);
  });
});
