import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseOrder } from '../../../functions/double-trouble/order';
import {
  DEFAULT_ORDER_COUNT,
  handler,
  makeOrders,
  parseSenderEvent,
  sendOrders,
} from '../../../functions/double-trouble/sender';
import { InvalidEventError } from '../../../functions/shared/errors';
import { metrics } from '../../../functions/shared/powertools';
import { Env, MetricName } from '../../../infra/names';
import { ConsoleCapture } from '../../helpers/console-capture';
import { lambdaContext } from '../../helpers/lambda-context';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders';
const sqsMock = mockClient(SQSClient);

/** Accepts every entry of every batch, as SQS does when all is well. */
function acceptAll() {
  sqsMock.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
    Successful: (input.Entries ?? []).map((e) => ({
      Id: e.Id,
      MessageId: `m-${e.Id}`,
      MD5OfMessageBody: 'x',
    })),
    Failed: [],
  }));
}

let output: ConsoleCapture;

beforeEach(() => {
  sqsMock.reset();
  output = new ConsoleCapture();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parseSenderEvent', () => {
  it('defaults to 5 orders when the event is empty', () => {
    // Arrange + Act + Assert
    expect(parseSenderEvent({})).toBe(DEFAULT_ORDER_COUNT);
    expect(parseSenderEvent(undefined)).toBe(5);
  });

  it('accepts the bounds 1 and 100', () => {
    // Arrange + Act + Assert
    expect(parseSenderEvent({ count: 1 })).toBe(1);
    expect(parseSenderEvent({ count: 100 })).toBe(100);
  });

  it.each([
    [{ count: 0 }, /between 1 and 100 \(got 0\)/],
    [{ count: -3 }, /between 1 and 100 \(got -3\)/],
    [{ count: 10_000 }, /between 1 and 100 \(got 10000\)/],
    [{ count: 'five' }, /count must be an integer \(got "five"\)/],
    [{ count: 2.5 }, /count must be an integer \(got 2.5\)/],
    [[5], /must be a JSON object like \{"count":5\}/],
    ['5', /must be a JSON object/],
  ])('rejects the bad event %j', (event, message) => {
    // Arrange + Act
    const act = () => parseSenderEvent(event);
    // Assert
    expect(act).toThrow(InvalidEventError);
    expect(act).toThrow(message);
  });
});

describe('makeOrders', () => {
  it('gives every order a unique id and a valid order body', () => {
    // Arrange + Act
    const orders = makeOrders(50);
    // Assert
    expect(new Set(orders.map((o) => o.orderId)).size).toBe(50);
    for (const order of orders) expect(parseOrder(JSON.stringify(order))).toEqual(order);
  });
});

describe('sendOrders', () => {
  it('sends the orders in SendMessageBatch calls of at most 10 entries', async () => {
    // Arrange
    acceptAll();
    const orders = makeOrders(25);
    // Act
    const result = await sendOrders(new SQSClient({}), QUEUE_URL, orders);
    metrics.publishStoredMetrics();
    // Assert
    const batches = sqsMock.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(batches.map((b) => b.Entries?.length)).toEqual([10, 10, 5]);
    expect(batches.every((b) => b.QueueUrl === QUEUE_URL)).toBe(true);
    const sentIds = batches
      .flatMap((b) => b.Entries ?? [])
      .map((e) => JSON.parse(e.MessageBody ?? '').orderId);
    expect(sentIds).toEqual(orders.map((o) => o.orderId));
    expect(result).toMatchObject({ requested: 25, sent: 25, failed: 0 });
    expect(output.metricSum(MetricName.OrdersSent)).toBe(25);
  });

  it('counts the entries SQS refused and publishes only the accepted ones as OrdersSent', async () => {
    // Arrange
    sqsMock.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => {
      const entries = input.Entries ?? [];
      return {
        Successful: entries
          .slice(2)
          .map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: 'x' })),
        Failed: entries.slice(0, 2).map((e) => ({
          Id: e.Id,
          SenderFault: false,
          Code: 'InternalError',
          Message: 'try again',
        })),
      };
    });
    // Act
    const result = await sendOrders(new SQSClient({}), QUEUE_URL, makeOrders(10));
    metrics.publishStoredMetrics();
    // Assert
    expect(result).toMatchObject({ requested: 10, sent: 8, failed: 2 });
    expect(output.metricSum(MetricName.OrdersSent)).toBe(8);
    const warnings = output.messages('warn');
    expect(warnings).toEqual(['order not sent', 'order not sent']);
  });
});

describe('handler', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('sends the default 5 orders to QUEUE_URL', async () => {
    // Arrange
    acceptAll();
    process.env[Env.QueueUrl] = QUEUE_URL;
    // Act
    const result = await handler({}, lambdaContext('sender'));
    // Assert
    expect(sqsMock).toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: QUEUE_URL });
    expect(result).toMatchObject({ requested: 5, sent: 5, failed: 0 });
    expect(output.metricSum(MetricName.OrdersSent)).toBe(5);
  });

  it('rejects a negative count without sending anything', async () => {
    // Arrange
    acceptAll();
    process.env[Env.QueueUrl] = QUEUE_URL;
    // Act
    const act = handler({ count: -1 }, lambdaContext('sender'));
    // Assert
    await expect(act).rejects.toThrow(InvalidEventError);
    expect(sqsMock).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });
});
