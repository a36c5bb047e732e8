import { describe, expect, it } from 'vitest';
import { createTestSqs, expectAwsError } from './helpers';

describe('PurgeQueue', () => {
  describe('validations', () => {
    it('returns PurgeQueueInProgress for a second purge within 60 s', async () => {
      // Arrange
      const { call, clock, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act
      await call('PurgeQueue', { QueueUrl: url });
      await clock.advance(59_999);
      // Assert
      await expectAwsError(call('PurgeQueue', { QueueUrl: url }), {
        code: 'PurgeQueueInProgress',
        queryCode: 'AWS.SimpleQueueService.PurgeQueueInProgress',
        status: 403,
        message: 'Only one PurgeQueue operation on q is allowed every 60 seconds.',
      });
      await clock.advance(1);
      await expect(call('PurgeQueue', { QueueUrl: url })).resolves.toEqual({});
    });
  });

  describe('functionality', () => {
    it('deletes visible, in-flight and delayed messages', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      await call('SendMessage', { QueueUrl: url, MessageBody: 'a' });
      await call('SendMessage', { QueueUrl: url, MessageBody: 'b' });
      await call('SendMessage', { QueueUrl: url, MessageBody: 'c', DelaySeconds: 5 });
      await call('ReceiveMessage', { QueueUrl: url });
      // Act
      await call('PurgeQueue', { QueueUrl: url });
      const out = await call('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['All'] });
      // Assert
      expect(out.Attributes).toMatchObject({
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
        ApproximateNumberOfMessagesDelayed: '0',
      });
    });
  });
});
