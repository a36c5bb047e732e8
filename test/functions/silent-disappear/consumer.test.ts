import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PoisonRecordError } from '../../../functions/shared/errors';
import { metrics } from '../../../functions/shared/powertools';
import {
  handler,
  parseProductEvent,
  processBatch,
} from '../../../functions/silent-disappear/consumer';
import { MetricName } from '../../../infra/names';
import { ConsoleCapture } from '../../helpers/console-capture';
import { lambdaContext } from '../../helpers/lambda-context';

/** An SQS record as Lambda delivers it (aws-facts C.2). */
function sqsRecord(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1767225600000',
      SenderId: 'AROAEXAMPLE:pipe',
      ApproximateFirstReceiveTimestamp: '1767225600001',
    },
    messageAttributes: {},
    md5OfBody: '00000000000000000000000000000000',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:product-events',
    awsRegion: 'us-east-1',
  };
}

function batch(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

const message = (productId: string, sizeClass: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ productId, sizeClass, ...extra });

let telemetry: ConsoleCapture;

beforeEach(() => {
  metrics.clearMetrics();
  telemetry = new ConsoleCapture();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parseProductEvent', () => {
  it('reads the top-level productId and sizeClass and ignores the rest', () => {
    // Act
    const product = parseProductEvent(message('p-1', 'large', { snapshot: { a: { S: 'b' } } }));
    // Assert
    expect(product).toEqual({ productId: 'p-1', sizeClass: 'large' });
  });

  it.each([
    ['not JSON', 'not json'],
    ['an array', '[]'],
    ['no productId', JSON.stringify({ sizeClass: 'small' })],
    ['an unknown sizeClass', message('p-1', 'medium')],
  ])('rejects a body that is %s', (_label, body) => {
    // Act + Assert
    expect(() => parseProductEvent(body)).toThrow(PoisonRecordError);
  });
});

describe('processBatch', () => {
  it('counts small and large products delivered, one per message', async () => {
    // Arrange
    const event = batch(
      sqsRecord('m1', message('p-1', 'small')),
      sqsRecord('m2', message('p-2', 'large')),
      sqsRecord('m3', message('p-3', 'small'))
    );
    // Act
    const response = await processBatch(event);
    metrics.publishStoredMetrics();
    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
    expect(telemetry.metricSum(MetricName.SmallProductsDelivered)).toBe(2);
    expect(telemetry.metricSum(MetricName.LargeProductsDelivered)).toBe(1);
    expect(telemetry.logs('product delivered')).toHaveLength(3);
  });

  it('reports an unreadable message as a batch item failure, logged once, and keeps the rest', async () => {
    // Arrange
    const event = batch(
      sqsRecord('m1', message('p-1', 'small')),
      sqsRecord('m2', '{"truncated": '),
      sqsRecord('m3', message('p-3', 'large'))
    );
    // Act
    const response = await processBatch(event);
    metrics.publishStoredMetrics();
    // Assert
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(telemetry.logs('product message unreadable')).toHaveLength(1);
    expect(telemetry.logs('product message unreadable')[0]).toMatchObject({ messageId: 'm2' });
    expect(telemetry.metricSum(MetricName.SmallProductsDelivered)).toBe(1);
    expect(telemetry.metricSum(MetricName.LargeProductsDelivered)).toBe(1);
  });
});

describe('handler', () => {
  it('publishes the delivered counts when the invocation ends', async () => {
    // Arrange
    const event = batch(sqsRecord('m1', message('p-1', 'large')));
    // Act
    const response = await handler(event, lambdaContext('consumer'));
    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
    expect(telemetry.metricSum(MetricName.LargeProductsDelivered)).toBe(1);
  });
});
