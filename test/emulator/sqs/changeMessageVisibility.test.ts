import { describe, expect, it } from 'vitest';
import { createTestSqs, expectAwsError, INVALID_PARAMETER } from './helpers';

async function receivedMessage() {
  const sqs = createTestSqs();
  const url = await sqs.createQueue('q', { VisibilityTimeout: '30' });
  await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'x' });
  const { Messages } = await sqs.call('ReceiveMessage', { QueueUrl: url });
  return { ...sqs, url, handle: Messages[0].ReceiptHandle as string };
}

describe('ChangeMessageVisibility', () => {
  describe('validations', () => {
    it('returns MissingParameter without a VisibilityTimeout', async () => {
      // Arrange
      const { call, url, handle } = await receivedMessage();
      // Act + Assert
      await expectAwsError(
        call('ChangeMessageVisibility', { QueueUrl: url, ReceiptHandle: handle }),
        {
          code: 'MissingRequiredParameterException',
          message: 'The request must contain the parameter VisibilityTimeout.',
        }
      );
    });

    it('returns InvalidParameterValue for a timeout above 43200', async () => {
      // Arrange
      const { call, url, handle } = await receivedMessage();
      // Act + Assert
      await expectAwsError(
        call('ChangeMessageVisibility', {
          QueueUrl: url,
          ReceiptHandle: handle,
          VisibilityTimeout: 43_201,
        }),
        {
          ...INVALID_PARAMETER,
          message:
            'Value 43201 for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.',
        }
      );
    });

    it('returns InvalidParameterValue past 12 hours since the receive', async () => {
      // Arrange
      const { call, clock, url, handle } = await receivedMessage();
      // Act
      await call('ChangeMessageVisibility', {
        QueueUrl: url,
        ReceiptHandle: handle,
        VisibilityTimeout: 43_200,
      });
      await clock.advance(60_000);
      // Assert
      await expectAwsError(
        call('ChangeMessageVisibility', {
          QueueUrl: url,
          ReceiptHandle: handle,
          VisibilityTimeout: 43_200,
        }),
        {
          ...INVALID_PARAMETER,
          message:
            'Value 43200 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]',
        }
      );
    });

    it('returns ReceiptHandleIsInvalid for a handle the queue never issued', async () => {
      // Arrange
      const { call, url } = await receivedMessage();
      // Act + Assert
      await expectAwsError(
        call('ChangeMessageVisibility', {
          QueueUrl: url,
          ReceiptHandle: 'nope',
          VisibilityTimeout: 0,
        }),
        { code: 'ReceiptHandleIsInvalid', status: 404 }
      );
    });

    it('returns InvalidParameterValue for a handle from an earlier receive', async () => {
      // Arrange
      const { call, clock, url, handle } = await receivedMessage();
      await clock.advance(30_000);
      await call('ReceiveMessage', { QueueUrl: url });
      // Act + Assert
      await expectAwsError(
        call('ChangeMessageVisibility', {
          QueueUrl: url,
          ReceiptHandle: handle,
          VisibilityTimeout: 0,
        }),
        {
          ...INVALID_PARAMETER,
          message: `Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
        }
      );
    });
  });

  describe('functionality', () => {
    it('extends the visibility timeout from now', async () => {
      // Arrange
      const { call, clock, url, handle } = await receivedMessage();
      await clock.advance(20_000);
      // Act
      await call('ChangeMessageVisibility', {
        QueueUrl: url,
        ReceiptHandle: handle,
        VisibilityTimeout: 60,
      });
      await clock.advance(59_999);
      // Assert
      await expect(call('ReceiveMessage', { QueueUrl: url })).resolves.toEqual({});
      await clock.advance(1);
      await expect(call('ReceiveMessage', { QueueUrl: url })).resolves.toHaveProperty('Messages');
    });

    it('makes the message visible at once with 0, waking a long poll', async () => {
      // Arrange
      const { call, url, handle } = await receivedMessage();
      const poll = call('ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 });
      // Act
      await call('ChangeMessageVisibility', {
        QueueUrl: url,
        ReceiptHandle: handle,
        VisibilityTimeout: 0,
      });
      const out = await poll;
      // Assert
      expect(out.Messages[0].Body).toBe('x');
    });
  });
});

describe('ChangeMessageVisibilityBatch', () => {
  describe('validations', () => {
    it('returns EmptyBatchRequest for no entries', async () => {
      // Arrange
      const { call, url } = await receivedMessage();
      // Act + Assert
      await expectAwsError(call('ChangeMessageVisibilityBatch', { QueueUrl: url, Entries: [] }), {
        code: 'EmptyBatchRequest',
        message:
          'There should be at least one ChangeMessageVisibilityBatchRequestEntry in the request.',
      });
    });
  });

  describe('functionality', () => {
    it('changes the valid entries and reports the others in Failed', async () => {
      // Arrange
      const { call, url, handle } = await receivedMessage();
      // Act
      const out = await call('ChangeMessageVisibilityBatch', {
        QueueUrl: url,
        Entries: [
          { Id: 'ok', ReceiptHandle: handle, VisibilityTimeout: 0 },
          { Id: 'range', ReceiptHandle: handle, VisibilityTimeout: 50_000 },
          { Id: 'bad', ReceiptHandle: 'nope', VisibilityTimeout: 0 },
        ],
      });
      // Assert
      expect(out).toEqual({
        Successful: [{ Id: 'ok' }],
        Failed: [
          {
            Id: 'range',
            SenderFault: true,
            Code: 'InvalidParameterValue',
            Message:
              'Value 50000 for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.',
          },
          {
            Id: 'bad',
            SenderFault: true,
            Code: 'ReceiptHandleIsInvalid',
            Message: 'The input receipt handle "nope" is not a valid receipt handle.',
          },
        ],
      });
      await expect(call('ReceiveMessage', { QueueUrl: url })).resolves.toHaveProperty('Messages');
    });
  });
});
