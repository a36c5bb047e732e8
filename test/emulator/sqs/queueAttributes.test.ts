import { describe, expect, it } from 'vitest';
import { ACCOUNT, createTestSqs, expectAwsError } from './helpers';

describe('GetQueueAttributes', () => {
  describe('validations', () => {
    it('returns InvalidAttributeName for an unknown attribute', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(
        call('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['Nope'] }),
        {
          code: 'InvalidAttributeName',
          queryCode: 'InvalidAttributeName',
          message: 'Unknown Attribute Nope.',
        }
      );
    });

    it('returns InvalidAttributeName for FIFO attributes on a standard queue', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(
        call('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['FifoQueue'] }),
        { code: 'InvalidAttributeName', message: 'Unknown Attribute FifoQueue.' }
      );
    });
  });

  describe('functionality', () => {
    it('returns every attribute of a new queue with AWS defaults for All', async () => {
      // Arrange
      const { call, clock, createQueue } = createTestSqs();
      const url = await createQueue('q');
      const seconds = String(Math.floor(clock.now() / 1000));
      // Act + Assert
      await expect(
        call('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['All'] })
      ).resolves.toEqual({
        Attributes: {
          ApproximateNumberOfMessages: '0',
          ApproximateNumberOfMessagesDelayed: '0',
          ApproximateNumberOfMessagesNotVisible: '0',
          CreatedTimestamp: seconds,
          DelaySeconds: '0',
          LastModifiedTimestamp: seconds,
          MaximumMessageSize: '1048576',
          MessageRetentionPeriod: '345600',
          QueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:q`,
          ReceiveMessageWaitTimeSeconds: '0',
          SqsManagedSseEnabled: 'true',
          VisibilityTimeout: '30',
        },
      });
    });

    it('returns nothing when no attribute is named', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expect(call('GetQueueAttributes', { QueueUrl: url })).resolves.toEqual({});
    });

    it('counts visible, in-flight and delayed messages', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      for (const body of ['a', 'b', 'c'])
        await call('SendMessage', { QueueUrl: url, MessageBody: body });
      await call('SendMessage', { QueueUrl: url, MessageBody: 'later', DelaySeconds: 60 });
      await call('ReceiveMessage', { QueueUrl: url });
      // Act
      const out = await call('GetQueueAttributes', {
        QueueUrl: url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      });
      // Assert
      expect(out.Attributes).toEqual({
        ApproximateNumberOfMessages: '2',
        ApproximateNumberOfMessagesNotVisible: '1',
        ApproximateNumberOfMessagesDelayed: '1',
      });
    });
  });
});

describe('SetQueueAttributes', () => {
  describe('validations', () => {
    it('returns InvalidAttributeName for FifoQueue, which only CreateQueue takes', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(
        call('SetQueueAttributes', { QueueUrl: url, Attributes: { FifoQueue: 'true' } }),
        { code: 'InvalidAttributeName', message: 'Unknown Attribute FifoQueue.' }
      );
    });

    it('returns InvalidAttributeValue and changes nothing when one value is out of range', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(
        call('SetQueueAttributes', {
          QueueUrl: url,
          Attributes: { DelaySeconds: '5', MaximumMessageSize: '2000000' },
        }),
        {
          code: 'InvalidAttributeValue',
          message: 'Invalid value for the parameter MaximumMessageSize.',
        }
      );
      const out = await call('GetQueueAttributes', {
        QueueUrl: url,
        AttributeNames: ['DelaySeconds'],
      });
      expect(out.Attributes).toEqual({ DelaySeconds: '0' });
    });

    it('returns InvalidAttributeName when both KMS and SQS-managed SSE are asked for', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(
        call('SetQueueAttributes', {
          QueueUrl: url,
          Attributes: { KmsMasterKeyId: 'alias/aws/sqs', SqsManagedSseEnabled: 'true' },
        }),
        {
          code: 'InvalidAttributeName',
          message:
            'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.',
        }
      );
    });
  });

  describe('functionality', () => {
    it('updates attributes and LastModifiedTimestamp', async () => {
      // Arrange
      const { call, clock, createQueue } = createTestSqs();
      const url = await createQueue('q');
      await clock.advance(10_000);
      // Act
      await call('SetQueueAttributes', {
        QueueUrl: url,
        Attributes: { VisibilityTimeout: '0120', MaximumMessageSize: '2048' },
      });
      const out = await call('GetQueueAttributes', {
        QueueUrl: url,
        AttributeNames: ['VisibilityTimeout', 'MaximumMessageSize', 'LastModifiedTimestamp'],
      });
      // Assert
      expect(out.Attributes).toEqual({
        VisibilityTimeout: '120',
        MaximumMessageSize: '2048',
        LastModifiedTimestamp: String(Math.floor(clock.now() / 1000)),
      });
    });

    it('removes the RedrivePolicy when set to an empty string', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      await createQueue('dlq');
      const url = await createQueue('q', {
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`,
          maxReceiveCount: 1,
        }),
      });
      // Act
      await call('SetQueueAttributes', { QueueUrl: url, Attributes: { RedrivePolicy: '' } });
      const out = await call('GetQueueAttributes', {
        QueueUrl: url,
        AttributeNames: ['RedrivePolicy'],
      });
      // Assert
      expect(out.Attributes).toEqual({});
    });
  });
});

describe('TagQueue, UntagQueue, ListQueueTags', () => {
  describe('functionality', () => {
    it('adds and removes tags', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act
      await call('TagQueue', { QueueUrl: url, Tags: { a: '1', b: '2' } });
      await call('UntagQueue', { QueueUrl: url, TagKeys: ['a'] });
      // Assert
      await expect(call('ListQueueTags', { QueueUrl: url })).resolves.toEqual({ Tags: { b: '2' } });
      await call('UntagQueue', { QueueUrl: url, TagKeys: ['b'] });
      await expect(call('ListQueueTags', { QueueUrl: url })).resolves.toEqual({});
    });
  });
});
