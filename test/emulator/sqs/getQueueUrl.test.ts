import { describe, expect, it } from 'vitest';
import { ACCOUNT, createTestSqs, ENDPOINT, expectAwsError } from './helpers';

describe('GetQueueUrl', () => {
  describe('validations', () => {
    it('returns MissingParameter without a QueueName', async () => {
      // Arrange
      const { call } = createTestSqs();
      // Act + Assert
      await expectAwsError(call('GetQueueUrl', {}), {
        code: 'MissingRequiredParameterException',
        queryCode: 'MissingParameter',
        message: 'The request must contain the parameter QueueName.',
      });
    });

    it('returns QueueDoesNotExist for an unknown queue', async () => {
      // Arrange
      const { call } = createTestSqs();
      // Act + Assert
      await expectAwsError(call('GetQueueUrl', { QueueName: 'nope' }), {
        code: 'QueueDoesNotExist',
        queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
        message: 'The specified queue does not exist.',
      });
    });

    it('returns QueueDoesNotExist for another owner account', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      await createQueue('q');
      // Act + Assert
      await expectAwsError(
        call('GetQueueUrl', { QueueName: 'q', QueueOwnerAWSAccountId: '111111111111' }),
        { code: 'QueueDoesNotExist' }
      );
    });
  });

  describe('functionality', () => {
    it('returns the QueueUrl CreateQueue returned', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expect(call('GetQueueUrl', { QueueName: 'q' })).resolves.toEqual({ QueueUrl: url });
      await expect(
        call('GetQueueUrl', { QueueName: 'q', QueueOwnerAWSAccountId: ACCOUNT })
      ).resolves.toEqual({ QueueUrl: url });
    });
  });
});

describe('queue addressing', () => {
  it('resolves a QueueUrl on another host by account and name', async () => {
    // Arrange
    const { call, createQueue } = createTestSqs();
    await createQueue('q');
    // Act
    const out = await call('SendMessage', {
      QueueUrl: `http://localhost:4566/${ACCOUNT}/q`,
      MessageBody: 'x',
    });
    // Assert
    expect(out.MessageId).toBeDefined();
    await expect(
      call('SendMessage', {
        QueueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/q`,
        MessageBody: 'x',
      })
    ).resolves.toHaveProperty('MessageId');
  });

  it('does not resolve another account, a bare name or a malformed URL', async () => {
    // Arrange
    const { call, createQueue } = createTestSqs();
    await createQueue('q');
    // Act + Assert
    for (const QueueUrl of [`${ENDPOINT}/111111111111/q`, 'q', `${ENDPOINT}/q`]) {
      await expectAwsError(call('SendMessage', { QueueUrl, MessageBody: 'x' }), {
        code: 'QueueDoesNotExist',
      });
    }
  });
});
