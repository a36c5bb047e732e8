import { describe, expect, it } from 'vitest';
import { ACCOUNT, createTestSqs, ENDPOINT, expectAwsError, INVALID_PARAMETER } from './helpers';

describe('CreateQueue', () => {
  describe('validations', () => {
    it('returns MissingParameter without a QueueName', async () => {
      // Arrange
      const { call } = createTestSqs();
      // Act + Assert
      await expectAwsError(call('CreateQueue', {}), {
        code: 'MissingRequiredParameterException',
        queryCode: 'MissingParameter',
        message: 'The request must contain the parameter QueueName.',
      });
    });

    it.each([['bad name'], ['a'.repeat(81)], ['standard.fifo'], ['dots.not.allowed']])(
      'returns InvalidParameterValue for the name %s',
      async (name) => {
        // Arrange
        const { call } = createTestSqs();
        // Act + Assert
        await expectAwsError(call('CreateQueue', { QueueName: name }), {
          ...INVALID_PARAMETER,
          message:
            'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
        });
      }
    );

    it.each([
      ['VisibilityTimeout', '43201'],
      ['VisibilityTimeout', '-1'],
      ['MaximumMessageSize', '1023'],
      ['MaximumMessageSize', '1048577'],
      ['MessageRetentionPeriod', '59'],
      ['DelaySeconds', '901'],
      ['ReceiveMessageWaitTimeSeconds', '21'],
      ['SqsManagedSseEnabled', 'yes'],
    ])('returns InvalidAttributeValue for %s=%s', async (name, value) => {
      // Arrange
      const { call } = createTestSqs();
      // Act + Assert
      await expectAwsError(call('CreateQueue', { QueueName: 'q', Attributes: { [name]: value } }), {
        code: 'InvalidAttributeValue',
        queryCode: 'InvalidAttributeValue',
        message: `Invalid value for the parameter ${name}.`,
      });
    });

    it('returns InvalidAttributeName for an unknown or read-only attribute', async () => {
      // Arrange
      const { call } = createTestSqs();
      // Act + Assert
      await expectAwsError(
        call('CreateQueue', { QueueName: 'q', Attributes: { ApproximateNumberOfMessages: '1' } }),
        { code: 'InvalidAttributeName', message: 'Unknown Attribute ApproximateNumberOfMessages.' }
      );
    });

    it('refuses FIFO queues as an unsupported operation', async () => {
      // Arrange
      const { call } = createTestSqs();
      // Act + Assert
      await expectAwsError(
        call('CreateQueue', { QueueName: 'q.fifo', Attributes: { FifoQueue: 'true' } }),
        {
          code: 'UnsupportedOperation',
          queryCode: 'AWS.SimpleQueueService.UnsupportedOperation',
          message: 'FIFO queues are not supported by this emulator. Create a standard queue.',
        }
      );
    });

    it('returns QueueAlreadyExists when an attribute differs from the existing queue', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      await createQueue('q', { DelaySeconds: '1' });
      // Act + Assert
      await expectAwsError(
        call('CreateQueue', { QueueName: 'q', Attributes: { DelaySeconds: '2' } }),
        {
          code: 'QueueNameExists',
          queryCode: 'QueueAlreadyExists',
          message:
            'A queue already exists with the same name and a different value for attribute DelaySeconds',
        }
      );
    });

    it('returns QueueDeletedRecently within 60 s of deleting the same name', async () => {
      // Arrange
      const { call, clock, createQueue } = createTestSqs();
      const url = await createQueue('q');
      await call('DeleteQueue', { QueueUrl: url });
      await clock.advance(59_999);
      // Act + Assert
      await expectAwsError(call('CreateQueue', { QueueName: 'q' }), {
        code: 'QueueDeletedRecently',
        queryCode: 'AWS.SimpleQueueService.QueueDeletedRecently',
        message:
          'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
      });
      await clock.advance(1);
      await expect(createQueue('q')).resolves.toBe(url);
    });

    it('rejects a RedrivePolicy whose target queue does not exist', async () => {
      // Arrange
      const { call } = createTestSqs();
      const policy = JSON.stringify({
        deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:missing`,
        maxReceiveCount: 3,
      });
      // Act + Assert
      await expectAwsError(
        call('CreateQueue', { QueueName: 'q', Attributes: { RedrivePolicy: policy } }),
        {
          ...INVALID_PARAMETER,
          message: `Value ${policy} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`,
        }
      );
    });

    it('rejects a RedrivePolicy with a malformed target ARN', async () => {
      // Arrange
      const { call } = createTestSqs();
      const policy = '{"deadLetterTargetArn": "dummy", "maxReceiveCount": 42}';
      // Act + Assert
      await expectAwsError(
        call('CreateQueue', { QueueName: 'q', Attributes: { RedrivePolicy: policy } }),
        {
          ...INVALID_PARAMETER,
          message: `Value ${policy} for parameter RedrivePolicy is invalid. Reason: Invalid value for deadLetterTargetArn.`,
        }
      );
    });

    it('rejects a maxReceiveCount outside 1-1000', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      await createQueue('dlq');
      const policy = JSON.stringify({
        deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`,
        maxReceiveCount: 0,
      });
      // Act + Assert
      await expectAwsError(
        call('CreateQueue', { QueueName: 'q', Attributes: { RedrivePolicy: policy } }),
        {
          ...INVALID_PARAMETER,
          message: `Value ${policy} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive.`,
        }
      );
    });
  });

  describe('functionality', () => {
    it('returns a QueueUrl on the emulator endpoint', async () => {
      // Arrange
      const { call } = createTestSqs();
      // Act
      const out = await call('CreateQueue', { QueueName: 'orders' });
      // Assert
      expect(out).toEqual({ QueueUrl: `${ENDPOINT}/${ACCOUNT}/orders` });
    });

    it('is idempotent when the attributes match', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q', { VisibilityTimeout: '60' });
      // Act
      const again = await call('CreateQueue', {
        QueueName: 'q',
        Attributes: { VisibilityTimeout: '60' },
      });
      // Assert
      expect(again.QueueUrl).toBe(url);
    });

    it('accepts attributes as CloudFormation carries them (numbers, objects)', async () => {
      // Arrange
      const { store, call } = createTestSqs();
      store.createQueue('dlq');
      store.createQueue('q', {
        VisibilityTimeout: 45,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`,
          maxReceiveCount: '3',
        },
      });
      // Act
      const out = await call('GetQueueAttributes', {
        QueueUrl: `${ENDPOINT}/${ACCOUNT}/q`,
        AttributeNames: ['VisibilityTimeout', 'RedrivePolicy', 'SqsManagedSseEnabled'],
      });
      // Assert
      expect(out.Attributes).toEqual({
        VisibilityTimeout: '45',
        SqsManagedSseEnabled: 'true',
        RedrivePolicy: `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:${ACCOUNT}:dlq","maxReceiveCount":3}`,
      });
    });

    it('keeps the tags given at creation', async () => {
      // Arrange
      const { call } = createTestSqs();
      // Act
      const { QueueUrl } = await call('CreateQueue', { QueueName: 'q', tags: { team: 'lab' } });
      // Assert
      await expect(call('ListQueueTags', { QueueUrl })).resolves.toEqual({
        Tags: { team: 'lab' },
      });
    });
  });
});

describe('DeleteQueue', () => {
  describe('validations', () => {
    it('returns QueueDoesNotExist for an unknown queue', async () => {
      // Arrange
      const { call } = createTestSqs();
      // Act + Assert
      await expectAwsError(call('DeleteQueue', { QueueUrl: `${ENDPOINT}/${ACCOUNT}/nope` }), {
        code: 'QueueDoesNotExist',
        queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
        status: 400,
        message: 'The specified queue does not exist.',
      });
    });
  });

  describe('functionality', () => {
    it('deletes the queue and its messages', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      await call('SendMessage', { QueueUrl: url, MessageBody: 'x' });
      // Act + Assert
      await expect(call('DeleteQueue', { QueueUrl: url })).resolves.toEqual({});
      await expectAwsError(call('SendMessage', { QueueUrl: url, MessageBody: 'x' }), {
        code: 'QueueDoesNotExist',
      });
    });
  });
});
