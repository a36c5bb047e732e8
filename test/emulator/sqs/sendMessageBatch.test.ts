import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { quotas } from '../../../emulator/core/quotas';
import { createTestSqs, expectAwsError } from './helpers';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const entries = (n: number, body = 'x') =>
  Array.from({ length: n }, (_, i) => ({ Id: `m${i}`, MessageBody: body }));

describe('SendMessageBatch', () => {
  describe('validations', () => {
    it('returns EmptyBatchRequest for no entries', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(call('SendMessageBatch', { QueueUrl: url, Entries: [] }), {
        code: 'EmptyBatchRequest',
        queryCode: 'AWS.SimpleQueueService.EmptyBatchRequest',
        message: 'There should be at least one SendMessageBatchRequestEntry in the request.',
      });
    });

    it('returns MissingParameter without Entries', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(call('SendMessageBatch', { QueueUrl: url }), {
        code: 'MissingRequiredParameterException',
        message: 'The request must contain the parameter Entries.',
      });
    });

    it('returns TooManyEntriesInBatchRequest for 11 entries', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(call('SendMessageBatch', { QueueUrl: url, Entries: entries(11) }), {
        code: 'TooManyEntriesInBatchRequest',
        queryCode: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
        message: 'Maximum number of entries per request are 10. You have sent 11.',
      });
    });

    it('returns BatchEntryIdsNotDistinct for a repeated id', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(
        call('SendMessageBatch', {
          QueueUrl: url,
          Entries: [
            { Id: 'a', MessageBody: '1' },
            { Id: 'a', MessageBody: '2' },
          ],
        }),
        {
          code: 'BatchEntryIdsNotDistinct',
          queryCode: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
          message: 'Id a repeated.',
        }
      );
    });

    it.each([[''], ['invalid:id'], ['x'.repeat(81)]])(
      'returns InvalidBatchEntryId for the id %j',
      async (id) => {
        // Arrange
        const { call, createQueue } = createTestSqs();
        const url = await createQueue('q');
        // Act + Assert
        await expectAwsError(
          call('SendMessageBatch', { QueueUrl: url, Entries: [{ Id: id, MessageBody: 'x' }] }),
          {
            code: 'InvalidBatchEntryId',
            queryCode: 'AWS.SimpleQueueService.InvalidBatchEntryId',
            message:
              'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
          }
        );
      }
    );
  });

  describe('quota: batch total', () => {
    it('accepts a batch totalling exactly 1 MiB', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      const half = quotas.sqsBatchMaxTotalBytes.value / 2;
      // Act
      const out = await call('SendMessageBatch', {
        QueueUrl: url,
        Entries: [
          { Id: 'a', MessageBody: 'a'.repeat(half) },
          { Id: 'b', MessageBody: 'b'.repeat(half) },
        ],
      });
      // Assert
      expect(out.Successful).toHaveLength(2);
      expect(out.Failed).toEqual([]);
    });

    it('returns BatchRequestTooLong one byte over 1 MiB, and sends nothing', async () => {
      // Arrange
      const { call, createQueue, metrics } = createTestSqs();
      const url = await createQueue('q');
      const half = quotas.sqsBatchMaxTotalBytes.value / 2;
      // Act + Assert
      await expectAwsError(
        call('SendMessageBatch', {
          QueueUrl: url,
          Entries: [
            { Id: 'a', MessageBody: 'a'.repeat(half) },
            { Id: 'b', MessageBody: 'b'.repeat(half + 1) },
          ],
        }),
        {
          code: 'BatchRequestTooLong',
          queryCode: 'AWS.SimpleQueueService.BatchRequestTooLong',
          message:
            'Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes.',
        }
      );
      expect(metrics.of('NumberOfMessagesSent', 'q')).toEqual([]);
    });
  });

  describe('functionality', () => {
    it('sends every entry and returns its MD5', async () => {
      // Arrange
      const { call, createQueue, metrics } = createTestSqs();
      const url = await createQueue('q');
      // Act
      const out = await call('SendMessageBatch', {
        QueueUrl: url,
        Entries: [
          { Id: 'a', MessageBody: 'first' },
          { Id: 'b', MessageBody: 'second', DelaySeconds: 5 },
        ],
      });
      // Assert
      expect(out).toEqual({
        Successful: [
          { Id: 'a', MessageId: expect.any(String), MD5OfMessageBody: md5('first') },
          { Id: 'b', MessageId: expect.any(String), MD5OfMessageBody: md5('second') },
        ],
        Failed: [],
      });
      expect(metrics.sum('NumberOfMessagesSent', 'q')).toBe(2);
    });

    it("reports an entry over the queue's MaximumMessageSize in Failed and sends the rest", async () => {
      // Arrange
      const { call, createQueue, metrics } = createTestSqs();
      const url = await createQueue('q', { MaximumMessageSize: '1024' });
      // Act
      const out = await call('SendMessageBatch', {
        QueueUrl: url,
        Entries: [
          { Id: 'ok', MessageBody: 'x'.repeat(1024) },
          { Id: 'big', MessageBody: 'x'.repeat(1025) },
          { Id: 'empty', MessageBody: '' },
        ],
      });
      // Assert
      expect(out.Successful.map((e: { Id: string }) => e.Id)).toEqual(['ok']);
      expect(out.Failed).toEqual([
        {
          Id: 'big',
          SenderFault: true,
          Code: 'InvalidParameterValue',
          Message:
            'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.',
        },
        {
          Id: 'empty',
          SenderFault: true,
          Code: 'MissingParameter',
          Message: 'The request must contain the parameter MessageBody.',
        },
      ]);
      expect(metrics.sum('NumberOfMessagesSent', 'q')).toBe(1);
    });
  });
});
