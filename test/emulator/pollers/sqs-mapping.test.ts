import { afterEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../../emulator/core/errors';
import { pollerHarness, settle, waitReal } from './harness';

type Harness = ReturnType<typeof pollerHarness>;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

function bodies(harness: Harness, queueArn: string): string[] {
  return [...harness.sqs.getQueue(queueArn).messages()].map((m) => m.body);
}

/** Advances the clock `ms` in 1 s steps, letting woken pollers run between steps. */
async function advance(harness: Harness, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 1000) {
    await harness.clock.advance(Math.min(1000, ms - t));
    await settle();
  }
}

describe('SQS event source mapping', () => {
  describe('functionality', () => {
    it('leaves a timed-out batch in the queue: it comes back after the visibility timeout, then goes to the DLQ', async () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('processor', 'sqs-hang', { timeout: 3 });
      const dlq = harness.sqs.createQueue('orders-dlq');
      const queue = harness.sqs.createQueue('orders', {
        VisibilityTimeout: '30',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 }),
      });
      harness.sqs.send(queue.arn, { MessageBody: 'order-1' });
      const counts = () =>
        harness.logged('processor').flatMap((l) => (l.receiveCounts as string[] | undefined) ?? []);
      // Act
      harness.lambda.store.mappings.create({
        FunctionName: 'processor',
        EventSourceArn: queue.arn,
        BatchSize: 1,
      });
      for (let attempt = 1; attempt <= 3; attempt++) {
        // The handler runs (and logs) in real time; then its deadline passes and it is stopped.
        await waitReal(() => counts().length >= attempt, `delivery ${attempt}`);
        await advance(harness, 3_000);
        await waitReal(harness.idle, 'the timed-out invocation to end');
        expect(bodies(harness, dlq.arn)).toEqual([]);
        // Until the visibility timeout has passed and the poller receives the message again.
        for (let s = 0; s < 40 && harness.idle() && bodies(harness, dlq.arn).length === 0; s++) {
          await advance(harness, 1_000);
        }
      }
      // Assert
      expect(counts()).toEqual(['1', '2', '3']);
      expect(bodies(harness, queue.arn)).toEqual([]);
      expect(bodies(harness, dlq.arn)).toEqual(['order-1']);
      const fn = { FunctionName: 'processor' };
      expect(harness.metrics.sum('AWS/Lambda', 'Invocations', fn)).toBe(3);
      expect(harness.metrics.sum('AWS/Lambda', 'Errors', fn)).toBe(3);
      expect(
        harness.lines('processor').filter((l) => l.includes('Task timed out after 3.00 seconds'))
      ).toHaveLength(3);
      expect(
        harness.metrics.sum('AWS/SQS', 'NumberOfMessagesDeleted', { QueueName: 'orders' })
      ).toBe(0);
    });

    it('sends the C.2 event and deletes only the successes of a partial batch response', async () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('consumer', 'sqs-partial', { timeout: 30 });
      const queue = harness.sqs.createQueue('events', { VisibilityTimeout: '60' });
      for (const body of ['good-1', 'bad', 'good-2'])
        harness.sqs.send(queue.arn, { MessageBody: body });
      // Act
      const mapping = harness.lambda.store.mappings.create({
        FunctionName: 'consumer',
        EventSourceArn: queue.arn,
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MetricsConfig: { Metrics: ['EventCount'] },
      });
      await harness.drive(() => harness.logged('consumer').length >= 1);
      await waitReal(() => bodies(harness, queue.arn).length === 1, 'the deletes');
      // Assert
      const [first] = harness.logged('consumer');
      expect(first?.bodies).toEqual(['good-1', 'bad', 'good-2']);
      const record = ((first?.records ?? []) as Record<string, unknown>[])[0] as Record<
        string,
        unknown
      >;
      expect(Object.keys(record)).toEqual([
        'messageId',
        'receiptHandle',
        'body',
        'attributes',
        'messageAttributes',
        'md5OfBody',
        'eventSource',
        'eventSourceARN',
        'awsRegion',
      ]);
      expect(record).toMatchObject({
        body: 'good-1',
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(harness.clock.now()),
          SenderId: expect.any(String),
          ApproximateFirstReceiveTimestamp: expect.any(String),
        },
        messageAttributes: {},
        md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
        eventSource: 'aws:sqs',
        eventSourceARN: queue.arn,
        awsRegion: 'us-east-1',
      });
      expect(bodies(harness, queue.arn)).toEqual(['bad']);
      const esm = { EventSourceMappingUUID: mapping.UUID };
      expect(harness.metrics.sum('AWS/Lambda', 'InvokedEventCount', esm)).toBe(3);
      expect(harness.metrics.sum('AWS/Lambda', 'FailedInvokeEventCount', esm)).toBe(1);
      expect(harness.metrics.sum('AWS/Lambda', 'DeletedEventCount', esm)).toBe(2);
    });

    it('polls with at most ScalingConfig.MaximumConcurrency workers', async () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('consumer', 'sqs-partial', { timeout: 30 });
      const queue = harness.sqs.createQueue('events');
      // Act
      const mapping = harness.lambda.store.mappings.create({
        FunctionName: 'consumer',
        EventSourceArn: queue.arn,
        ScalingConfig: { MaximumConcurrency: 2 },
      });
      await settle();
      // Assert: two long polls are waiting on the queue (one sleeper each on the manual clock)
      expect(harness.clock.pendingSleepers).toBe(2);
      expect(mapping.ScalingConfig).toEqual({ MaximumConcurrency: 2 });
    });
  });

  describe('validations', () => {
    it('fails to map a function whose timeout exceeds the queue visibility timeout', () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('processor', 'sqs-hang', { timeout: 60 });
      const queue = harness.sqs.createQueue('orders', { VisibilityTimeout: '30' });
      // Act
      let error: unknown;
      try {
        harness.lambda.store.mappings.create({
          FunctionName: 'processor',
          EventSourceArn: queue.arn,
        });
      } catch (e) {
        error = e;
      }
      // Assert
      expect(error).toBeInstanceOf(AwsError);
      expect(error).toMatchObject({
        code: 'InvalidParameterValueException',
        message: 'Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds',
      });
    });

    it('fails a BatchSize over 10 without a batching window, and an on-failure destination', () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('processor', 'sqs-hang', { timeout: 3 });
      const queue = harness.sqs.createQueue('orders');
      const create = (extra: Record<string, unknown>) => () =>
        harness.lambda.store.mappings.create({
          FunctionName: 'processor',
          EventSourceArn: queue.arn,
          ...extra,
        });
      // Act + Assert
      expect(create({ BatchSize: 11 })).toThrow(
        'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10'
      );
      expect(create({ DestinationConfig: { OnFailure: { Destination: queue.arn } } })).toThrow(
        'Unsupported DestinationConfig parameter for given event source mapping type.'
      );
    });
  });
});
