import { describe, expect, it } from 'vitest';
import { createTestSqs, expectAwsError } from './helpers';

async function receivedMessage(visibility = '30') {
  const sqs = createTestSqs();
  const url = await sqs.createQueue('q', { VisibilityTimeout: visibility });
  await sqs.call('SendMessage', { QueueUrl: url, MessageBody: 'x' });
  const { Messages } = await sqs.call('ReceiveMessage', { QueueUrl: url });
  return { ...sqs, url, handle: Messages[0].ReceiptHandle as string };
}

describe('DeleteMessage', () => {
  describe('validations', () => {
    it('returns MissingParameter without a ReceiptHandle', async () => {
      // Arrange
      const { call, url } = await receivedMessage();
      // Act + Assert
      await expectAwsError(call('DeleteMessage', { QueueUrl: url }), {
        code: 'MissingRequiredParameterException',
        message: 'The request must contain the parameter ReceiptHandle.',
      });
    });

    it('returns ReceiptHandleIsInvalid for a handle the queue never issued', async () => {
      // Arrange
      const { call, url } = await receivedMessage();
      // Act + Assert
      await expectAwsError(call('DeleteMessage', { QueueUrl: url, ReceiptHandle: 'garbage' }), {
        code: 'ReceiptHandleIsInvalid',
        queryCode: 'ReceiptHandleIsInvalid',
        status: 404,
        message: 'The input receipt handle "garbage" is not a valid receipt handle.',
      });
    });

    it("returns ReceiptHandleIsInvalid for another queue's handle", async () => {
      // Arrange
      const { call, createQueue, handle } = await receivedMessage();
      const other = await createQueue('other');
      // Act + Assert
      await expectAwsError(call('DeleteMessage', { QueueUrl: other, ReceiptHandle: handle }), {
        code: 'ReceiptHandleIsInvalid',
      });
    });
  });

  describe('functionality', () => {
    it('deletes the message and records NumberOfMessagesDeleted', async () => {
      // Arrange
      const { call, clock, metrics, url, handle } = await receivedMessage();
      // Act + Assert
      await expect(
        call('DeleteMessage', { QueueUrl: url, ReceiptHandle: handle })
      ).resolves.toEqual({});
      await clock.advance(60_000);
      await expect(call('ReceiveMessage', { QueueUrl: url })).resolves.toEqual({});
      expect(metrics.of('NumberOfMessagesDeleted', 'q')).toMatchObject([
        { value: 1, unit: 'Count' },
      ]);
    });

    it('succeeds again for a message already deleted, and counts it again', async () => {
      // Arrange
      const { call, metrics, url, handle } = await receivedMessage();
      // Act
      await call('DeleteMessage', { QueueUrl: url, ReceiptHandle: handle });
      await call('DeleteMessage', { QueueUrl: url, ReceiptHandle: handle });
      // Assert
      expect(metrics.sum('NumberOfMessagesDeleted', 'q')).toBe(2);
    });

    it('succeeds without deleting for a handle from an earlier receive', async () => {
      // Arrange
      const { call, clock, url, handle } = await receivedMessage('10');
      await clock.advance(10_000);
      const again = await call('ReceiveMessage', { QueueUrl: url, VisibilityTimeout: 10 });
      // Act
      await call('DeleteMessage', { QueueUrl: url, ReceiptHandle: handle });
      await clock.advance(10_000);
      const third = await call('ReceiveMessage', { QueueUrl: url });
      // Assert
      expect(third.Messages[0].MessageId).toBe(again.Messages[0].MessageId);
    });

    it('deletes a message whose visibility timeout expired if not received since', async () => {
      // Arrange
      const { call, clock, url, handle } = await receivedMessage('10');
      await clock.advance(20_000);
      // Act
      await call('DeleteMessage', { QueueUrl: url, ReceiptHandle: handle });
      // Assert
      await expect(call('ReceiveMessage', { QueueUrl: url })).resolves.toEqual({});
    });
  });
});

describe('DeleteMessageBatch', () => {
  describe('validations', () => {
    it('returns EmptyBatchRequest, TooManyEntriesInBatchRequest and BatchEntryIdsNotDistinct', async () => {
      // Arrange
      const { call, url, handle } = await receivedMessage();
      // Act + Assert
      await expectAwsError(call('DeleteMessageBatch', { QueueUrl: url, Entries: [] }), {
        code: 'EmptyBatchRequest',
        message: 'There should be at least one DeleteMessageBatchRequestEntry in the request.',
      });
      const many = Array.from({ length: 20 }, (_, i) => ({ Id: `e${i}`, ReceiptHandle: handle }));
      await expectAwsError(call('DeleteMessageBatch', { QueueUrl: url, Entries: many }), {
        code: 'TooManyEntriesInBatchRequest',
        message: 'Maximum number of entries per request are 10. You have sent 20.',
      });
      await expectAwsError(
        call('DeleteMessageBatch', {
          QueueUrl: url,
          Entries: [
            { Id: 'a', ReceiptHandle: handle },
            { Id: 'a', ReceiptHandle: handle },
          ],
        }),
        { code: 'BatchEntryIdsNotDistinct', message: 'Id a repeated.' }
      );
    });
  });

  describe('functionality', () => {
    it('deletes the valid entries and reports invalid handles in Failed', async () => {
      // Arrange
      const { call, metrics, url, handle } = await receivedMessage();
      // Act
      const out = await call('DeleteMessageBatch', {
        QueueUrl: url,
        Entries: [
          { Id: 'good', ReceiptHandle: handle },
          { Id: 'bad', ReceiptHandle: 'fake-receipt-handle' },
        ],
      });
      // Assert
      expect(out).toEqual({
        Successful: [{ Id: 'good' }],
        Failed: [
          {
            Id: 'bad',
            SenderFault: true,
            Code: 'ReceiptHandleIsInvalid',
            Message:
              'The input receipt handle "fake-receipt-handle" is not a valid receipt handle.',
          },
        ],
      });
      expect(metrics.sum('NumberOfMessagesDeleted', 'q')).toBe(1);
    });
  });
});
