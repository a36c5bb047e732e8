import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Order } from '../../../functions/double-trouble/order';
import {
  handler,
  OrderStatus,
  type ProcessorDeps,
  processOrder,
  processRecords,
  readProcessorConfig,
} from '../../../functions/double-trouble/processor';
import type { Clock } from '../../../functions/shared/clock';
import { MissingEnvironmentError } from '../../../functions/shared/errors';
import { metrics } from '../../../functions/shared/powertools';
import { Env, MetricName, Variant } from '../../../infra/names';
import { ConsoleCapture } from '../../helpers/console-capture';
import { FakeClock } from '../../helpers/fake-clock';
import { lambdaContext } from '../../helpers/lambda-context';

const TABLE = 'orders-table';
const ORDER: Order = { orderId: 'order-1', customerId: 'customer-1', amountCents: 1250 };

const ddbMock = mockClient(DynamoDBClient);

/**
 * A stand-in for the orders table at the client boundary: it keeps each order's attempts,
 * charges and chargedAt, and honours the charge's ConditionExpression like DynamoDB does.
 */
function fakeOrdersTable() {
  const items = new Map<string, { attempts: number; charges: number; chargedAt?: string }>();
  ddbMock.on(UpdateItemCommand).callsFake((input: UpdateItemCommandInput) => {
    const orderId = input.Key?.orderId?.S ?? '';
    const item = items.get(orderId) ?? { attempts: 0, charges: 0 };
    items.set(orderId, item);
    const expression = input.UpdateExpression ?? '';
    if (expression.includes('ADD attempts')) {
      item.attempts++;
      return { Attributes: { attempts: { N: String(item.attempts) } } };
    }
    if (expression.includes('ADD charges')) {
      if (input.ConditionExpression === 'attribute_not_exists(chargedAt)' && item.chargedAt) {
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
        });
      }
      item.charges++;
      item.chargedAt = input.ExpressionAttributeValues?.[':now']?.S;
      return { Attributes: { charges: { N: String(item.charges) } } };
    }
    return {};
  });
  return items;
}

function deps(variant: Variant, clock: Clock = new FakeClock()): ProcessorDeps {
  return {
    tableName: TABLE,
    processingMs: 40_000,
    variant,
    ddb: new DynamoDBClient({}),
    clock,
  };
}

function sqsRecord(body: string, messageId = 'message-1', receiveCount = '1'): SQSRecord {
  return {
    messageId,
    receiptHandle: 'receipt-handle',
    body,
    attributes: {
      ApproximateReceiveCount: receiveCount,
      SentTimestamp: '1767225600000',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1767225600001',
    },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:orders',
    awsRegion: 'us-east-1',
  };
}

let output: ConsoleCapture;

beforeEach(() => {
  ddbMock.reset();
  output = new ConsoleCapture();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Flushes what is left in the shared Metrics buffer (the middleware does this in Lambda). */
const flushMetrics = () => metrics.publishStoredMetrics();

describe('processOrder, broken', () => {
  it('charges without a condition and counts one attempt and one charge on first delivery', async () => {
    // Arrange
    fakeOrdersTable();
    // Act
    await processOrder(ORDER, deps(Variant.Broken));
    flushMetrics();
    // Assert
    expect(ddbMock).toHaveReceivedCommandWith(UpdateItemCommand, {
      TableName: TABLE,
      Key: { orderId: { S: 'order-1' } },
      UpdateExpression: 'SET chargedAt = :now ADD charges :one',
    });
    const chargeCall = ddbMock
      .commandCalls(UpdateItemCommand)
      .find((c) => c.args[0].input.UpdateExpression?.includes('charges'));
    expect(chargeCall?.args[0].input.ConditionExpression).toBeUndefined();
    expect(output.metricSums()).toMatchObject({
      [MetricName.OrderAttempts]: 1,
      [MetricName.OrdersCharged]: 1,
      [MetricName.OrdersCompleted]: 1,
    });
    expect(output.metricSums()[MetricName.DuplicateCharges]).toBeUndefined();
  });

  it('charges the customer again on the second delivery and counts a duplicate charge', async () => {
    // Arrange
    const table = fakeOrdersTable();
    const d = deps(Variant.Broken);
    await processOrder(ORDER, d, 1);
    flushMetrics();
    output.clear('log');
    // Act
    await processOrder(ORDER, d, 2);
    flushMetrics();
    // Assert
    expect(table.get('order-1')).toMatchObject({ attempts: 2, charges: 2 });
    expect(output.metricSums()).toMatchObject({
      [MetricName.OrderAttempts]: 1,
      [MetricName.OrdersCharged]: 1,
      [MetricName.DuplicateCharges]: 1,
    });
    expect(output.messages('warn')).toContain('customer charged again');
  });
});

describe('processOrder, fixed', () => {
  it('makes the charge conditional on no charge having been recorded', async () => {
    // Arrange
    fakeOrdersTable();
    // Act
    await processOrder(ORDER, deps(Variant.Fixed));
    flushMetrics();
    // Assert
    expect(ddbMock).toHaveReceivedCommandWith(UpdateItemCommand, {
      UpdateExpression: 'SET chargedAt = :now ADD charges :one',
      ConditionExpression: 'attribute_not_exists(chargedAt)',
    });
    expect(output.metricSums()).toMatchObject({
      [MetricName.OrderAttempts]: 1,
      [MetricName.OrdersCharged]: 1,
      [MetricName.OrdersCompleted]: 1,
    });
  });

  it('does not charge again on the second delivery: the condition fails and the charge is skipped', async () => {
    // Arrange
    const table = fakeOrdersTable();
    const d = deps(Variant.Fixed);
    await processOrder(ORDER, d, 1);
    flushMetrics();
    output.clear('log');
    // Act
    await processOrder(ORDER, d, 2);
    flushMetrics();
    // Assert
    expect(table.get('order-1')).toMatchObject({ attempts: 2, charges: 1 });
    const emitted = output.metricSums();
    expect(emitted[MetricName.OrderAttempts]).toBe(1);
    expect(emitted[MetricName.OrdersCharged]).toBeUndefined();
    expect(emitted[MetricName.DuplicateCharges]).toBeUndefined();
    expect(output.messages('info')).toContain('charge already recorded');
    expect(output.messages('warn')).not.toContain('customer charged again');
  });

  it('fails the order when the charge fails for any other reason', async () => {
    // Arrange
    ddbMock
      .on(UpdateItemCommand)
      .resolvesOnce({ Attributes: { attempts: { N: '1' } } })
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    // Act
    const act = processOrder(ORDER, deps(Variant.Fixed));
    // Assert
    await expect(act).rejects.toThrow('Rate exceeded');
    flushMetrics();
    expect(output.metricSums()[MetricName.OrdersCharged]).toBeUndefined();
  });
});

describe.each([Variant.Broken, Variant.Fixed])('processOrder, %s, the slow step', (variant) => {
  it('marks the order PROCESSING and counts the attempt first', async () => {
    // Arrange
    fakeOrdersTable();
    // Act
    await processOrder(ORDER, deps(variant));
    flushMetrics();
    // Assert
    expect(ddbMock).toHaveReceivedNthCommandWith(UpdateItemCommand, 1, {
      UpdateExpression: expect.stringContaining('ADD attempts :one'),
      ExpressionAttributeValues: expect.objectContaining({
        ':processing': { S: OrderStatus.Processing },
      }),
      ReturnValues: 'UPDATED_NEW',
    });
  });

  it('sleeps PROCESSING_MS between the charge and the completion', async () => {
    // Arrange
    fakeOrdersTable();
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    // Act
    await processOrder(ORDER, deps(variant, clock));
    flushMetrics();
    // Assert
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1) + 40_000);
    expect(ddbMock).toHaveReceivedLastCommandWith(UpdateItemCommand, {
      UpdateExpression: 'SET #status = :completed, completedAt = :now, updatedAt = :now',
      ExpressionAttributeValues: {
        ':completed': { S: OrderStatus.Completed },
        ':now': { S: '2026-01-01T00:00:40.000Z' },
      },
    });
  });

  it('completes the order and counts it completed', async () => {
    // Arrange
    fakeOrdersTable();
    // Act
    await processOrder(ORDER, deps(variant));
    flushMetrics();
    // Assert
    expect(ddbMock).toHaveReceivedCommandTimes(UpdateItemCommand, 3);
    expect(output.metricSum(MetricName.OrdersCompleted)).toBe(1);
    expect(output.messages('info')).toContain('order completed');
  });

  it('publishes the attempt and the charge before the slow step, so a timeout cannot lose them', async () => {
    // Arrange
    fakeOrdersTable();
    let publishedBeforeSleep: Record<string, number> = {};
    const clock: Clock = {
      now: () => Date.UTC(2026, 0, 1),
      sleep: async () => {
        publishedBeforeSleep = output.metricSums();
      },
    };
    // Act
    await processOrder(ORDER, deps(variant, clock));
    flushMetrics();
    // Assert
    expect(publishedBeforeSleep).toMatchObject({
      [MetricName.OrderAttempts]: 1,
      [MetricName.OrdersCharged]: 1,
    });
    expect(publishedBeforeSleep[MetricName.OrdersCompleted]).toBeUndefined();
  });
});

describe('processRecords', () => {
  it('reports only the failed message as a batch item failure', async () => {
    // Arrange
    fakeOrdersTable();
    const records = [
      sqsRecord('{"not":"an order"}', 'poison-message'),
      sqsRecord(JSON.stringify(ORDER), 'good-message'),
    ];
    // Act
    const result = await processRecords(records, deps(Variant.Fixed));
    flushMetrics();
    // Assert
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'poison-message' }] });
    expect(output.messages('error')).toEqual(['order failed']);
    expect(output.metricSum(MetricName.OrdersCompleted)).toBe(1);
  });
});

describe('readProcessorConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads the processing time from PROCESSING_MS', () => {
    // Arrange
    process.env[Env.TableName] = TABLE;
    process.env[Env.ProcessingMs] = '40000';
    process.env[Env.Variant] = Variant.Broken;
    // Act
    const config = readProcessorConfig();
    // Assert
    expect(config).toEqual({ tableName: TABLE, processingMs: 40_000, variant: Variant.Broken });
  });

  it('fails if PROCESSING_MS is not set', () => {
    // Arrange
    process.env[Env.TableName] = TABLE;
    delete process.env[Env.ProcessingMs];
    process.env[Env.Variant] = Variant.Fixed;
    // Act + Assert
    expect(() => readProcessorConfig()).toThrow(MissingEnvironmentError);
  });

  it('fails if VARIANT is neither broken nor fixed', () => {
    // Arrange
    process.env[Env.TableName] = TABLE;
    process.env[Env.ProcessingMs] = '40000';
    process.env[Env.Variant] = 'repaired';
    // Act + Assert
    expect(() => readProcessorConfig()).toThrow(/broken or fixed \(got 'repaired'\)/);
  });
});

describe('handler', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('processes an SQS event end to end and publishes its metrics', async () => {
    // Arrange
    fakeOrdersTable();
    process.env[Env.TableName] = TABLE;
    process.env[Env.ProcessingMs] = '0';
    process.env[Env.Variant] = Variant.Fixed;
    const event: SQSEvent = { Records: [sqsRecord(JSON.stringify(ORDER))] };
    // Act
    const result = await handler(event, lambdaContext('processor'));
    // Assert
    expect(result).toEqual({ batchItemFailures: [] });
    expect(output.metricSums()).toMatchObject({
      [MetricName.OrderAttempts]: 1,
      [MetricName.OrdersCharged]: 1,
      [MetricName.OrdersCompleted]: 1,
    });
  });
});
