import { describe, expect, it } from 'vitest';
import { ACCOUNT, createTestSqs } from './helpers';

async function queueWithDlq(maxReceiveCount: number) {
  const sqs = createTestSqs();
  const dlq = await sqs.createQueue('orders-dlq');
  const url = await sqs.createQueue('orders', {
    VisibilityTimeout: '30',
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders-dlq`,
      maxReceiveCount,
    }),
  });
  return { ...sqs, url, dlq };
}

describe('RedrivePolicy', () => {
  describe('functionality', () => {
    it('moves a message to the DLQ on the receive after maxReceiveCount', async () => {
      // Arrange
      const { call, clock, url, dlq, metrics } = await queueWithDlq(3);
      const sent = await call('SendMessage', { QueueUrl: url, MessageBody: 'poison' });
      // Act
      for (let receive = 1; receive <= 3; receive++) {
        const out = await call('ReceiveMessage', { QueueUrl: url, AttributeNames: ['All'] });
        expect(out.Messages[0].Attributes.ApproximateReceiveCount).toBe(String(receive));
        await clock.advance(30_000);
      }
      // The 4th receive would exceed maxReceiveCount: the message goes to the DLQ instead.
      // Assert
      await expect(call('ReceiveMessage', { QueueUrl: url })).resolves.toEqual({});
      const moved = await call('ReceiveMessage', { QueueUrl: dlq, AttributeNames: ['All'] });
      expect(moved.Messages[0]).toMatchObject({
        MessageId: sent.MessageId,
        Body: 'poison',
        Attributes: {
          ApproximateReceiveCount: '1',
          DeadLetterQueueSourceArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`,
        },
      });
      // A redrive is not a send (aws-facts B.4).
      expect(metrics.of('NumberOfMessagesSent', 'orders-dlq')).toEqual([]);
    });

    it('leaves a message that is deleted in time in the source queue', async () => {
      // Arrange
      const { call, clock, url, dlq } = await queueWithDlq(1);
      await call('SendMessage', { QueueUrl: url, MessageBody: 'ok' });
      const out = await call('ReceiveMessage', { QueueUrl: url });
      await call('DeleteMessage', { QueueUrl: url, ReceiptHandle: out.Messages[0].ReceiptHandle });
      // Act
      await clock.advance(30_000);
      // Assert
      await expect(call('ReceiveMessage', { QueueUrl: dlq })).resolves.toEqual({});
    });

    it('keeps the original enqueue time, so the DLQ retention counts from the first send', async () => {
      // Arrange
      const { call, clock, createQueue } = createTestSqs();
      const dlq = await createQueue('dlq', { MessageRetentionPeriod: '120' });
      const url = await createQueue('src', {
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`,
          maxReceiveCount: 1,
        }),
      });
      await call('SendMessage', { QueueUrl: url, MessageBody: 'x' });
      await call('ReceiveMessage', { QueueUrl: url });
      await clock.advance(100_000);
      await call('ReceiveMessage', { QueueUrl: url });
      // Act
      await clock.advance(20_000);
      // Assert
      await expect(call('ReceiveMessage', { QueueUrl: dlq })).resolves.toEqual({});
    });
  });
});
