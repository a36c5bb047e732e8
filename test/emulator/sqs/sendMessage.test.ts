import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { quotas } from '../../../emulator/core/quotas';
import { ACCOUNT, createTestSqs, ENDPOINT, expectAwsError, INVALID_PARAMETER } from './helpers';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const stringAttribute = (value: string) => ({ DataType: 'String', StringValue: value });

describe('SendMessage', () => {
  describe('validations', () => {
    it('returns MissingParameter without a MessageBody, or with an empty one', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act
      for (const input of [{ QueueUrl: url }, { QueueUrl: url, MessageBody: '' }]) {
        await expectAwsError(call('SendMessage', input), {
          code: 'MissingRequiredParameterException',
          queryCode: 'MissingParameter',
          message: 'The request must contain the parameter MessageBody.',
        });
      }
    });

    it('returns MissingParameter without a QueueUrl', async () => {
      // Arrange
      const { call } = createTestSqs();
      // Act + Assert
      await expectAwsError(call('SendMessage', { MessageBody: 'x' }), {
        code: 'MissingRequiredParameterException',
        message: 'The request must contain the parameter QueueUrl.',
      });
    });

    it('returns QueueDoesNotExist for an unknown queue', async () => {
      // Arrange
      const { call } = createTestSqs();
      // Act + Assert
      await expectAwsError(
        call('SendMessage', { QueueUrl: `${ENDPOINT}/${ACCOUNT}/nope`, MessageBody: 'x' }),
        {
          code: 'QueueDoesNotExist',
          queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
          message: 'The specified queue does not exist.',
        }
      );
    });

    it.each([['\u0000'], ['\u0008'], ['\uFFFF'], ['\uD800']])(
      'returns InvalidMessageContents for a body with %j',
      async (character) => {
        // Arrange
        const { call, createQueue } = createTestSqs();
        const url = await createQueue('q');
        // Act + Assert
        await expectAwsError(
          call('SendMessage', { QueueUrl: url, MessageBody: `a${character}b` }),
          {
            code: 'InvalidMessageContents',
            queryCode: 'InvalidMessageContents',
            message:
              'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
          }
        );
      }
    );

    it('returns InvalidParameterValue for DelaySeconds above 900', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(
        call('SendMessage', { QueueUrl: url, MessageBody: 'x', DelaySeconds: 901 }),
        {
          ...INVALID_PARAMETER,
          message:
            'Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.',
        }
      );
    });

    it('returns InvalidParameterValue for a MessageDeduplicationId on a standard queue', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(
        call('SendMessage', { QueueUrl: url, MessageBody: 'x', MessageDeduplicationId: 'd' }),
        {
          ...INVALID_PARAMETER,
          message:
            'Value d for parameter MessageDeduplicationId is invalid. Reason: The request include parameter that is not valid for this queue type.',
        }
      );
    });

    it('returns InvalidParameterValue for more than 10 message attributes', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      const attributes = Object.fromEntries(
        Array.from({ length: 11 }, (_, i) => [`a${i}`, stringAttribute('v')])
      );
      // Act + Assert
      await expectAwsError(
        call('SendMessage', { QueueUrl: url, MessageBody: 'x', MessageAttributes: attributes }),
        {
          ...INVALID_PARAMETER,
          message: 'Number of message attributes [11] exceeds the allowed maximum [10].',
        }
      );
    });

    it.each([
      [
        { DataType: 'String', StringValue: '' },
        "Message (user) attribute 'k' must contain a non-empty value of type 'String'.",
      ],
      [
        { DataType: 'Number', StringValue: 'abc' },
        "Can't cast the value of message (user) attribute 'k' to a number.",
      ],
      [
        { DataType: 'Text', StringValue: 'v' },
        "The type of message (user) attribute 'k' is invalid. You must use only the following supported type prefixes: Binary, Number, String.",
      ],
      [
        { StringValue: 'v' },
        "The message attribute 'k' must contain non-empty message attribute type.",
      ],
    ])('returns InvalidParameterValue for the attribute %j', async (value, message) => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(
        call('SendMessage', { QueueUrl: url, MessageBody: 'x', MessageAttributes: { k: value } }),
        { ...INVALID_PARAMETER, message }
      );
    });

    it('returns InvalidParameterValue for a reserved attribute name', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(
        call('SendMessage', {
          QueueUrl: url,
          MessageBody: 'x',
          MessageAttributes: { 'AWS.thing': stringAttribute('v') },
        }),
        { ...INVALID_PARAMETER, message: /reserved for internal use/ }
      );
    });
  });

  describe('quota: MaximumMessageSize', () => {
    it('accepts a body of exactly the default 1 MiB limit', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      const body = 'x'.repeat(quotas.sqsMaximumMessageSizeDefault.value);
      // Act
      const out = await call('SendMessage', { QueueUrl: url, MessageBody: body });
      // Assert
      expect(out.MD5OfMessageBody).toBe(md5(body));
    });

    it('refuses a body one byte over the default limit', async () => {
      // Arrange
      const { call, createQueue, metrics } = createTestSqs();
      const url = await createQueue('q');
      const body = 'x'.repeat(quotas.sqsMaximumMessageSizeDefault.value + 1);
      // Act + Assert
      await expectAwsError(call('SendMessage', { QueueUrl: url, MessageBody: body }), {
        ...INVALID_PARAMETER,
        message:
          'One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.',
      });
      // A refused message is never "added to the queue" (aws-facts B.4).
      expect(metrics.of('NumberOfMessagesSent', 'q')).toEqual([]);
      expect(metrics.of('SentMessageSize', 'q')).toEqual([]);
    });

    it("quotes the queue's own MaximumMessageSize and counts attributes toward it", async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('small', { MaximumMessageSize: '1024' });
      // name (4) + data type (6) + value (10) = 20 attribute bytes
      const attributes = { attr: stringAttribute('0123456789') };
      // Act + Assert
      await expect(
        call('SendMessage', {
          QueueUrl: url,
          MessageBody: 'x'.repeat(1004),
          MessageAttributes: attributes,
        })
      ).resolves.toHaveProperty('MessageId');
      await expectAwsError(
        call('SendMessage', {
          QueueUrl: url,
          MessageBody: 'x'.repeat(1005),
          MessageAttributes: attributes,
        }),
        {
          ...INVALID_PARAMETER,
          message:
            'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.',
        }
      );
    });

    it('counts the body in UTF-8 bytes', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('small', { MaximumMessageSize: '1024' });
      // Act + Assert
      await expectAwsError(call('SendMessage', { QueueUrl: url, MessageBody: 'é'.repeat(513) }), {
        ...INVALID_PARAMETER,
        message: /shorter than 1024 bytes/,
      });
    });

    it('applies a lowered MaximumMessageSize to the next send', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      await call('SetQueueAttributes', {
        QueueUrl: url,
        Attributes: { MaximumMessageSize: '262144' },
      });
      // Act + Assert
      await expectAwsError(
        call('SendMessage', { QueueUrl: url, MessageBody: 'x'.repeat(262_145) }),
        { ...INVALID_PARAMETER, message: /shorter than 262144 bytes/ }
      );
    });
  });

  describe('functionality', () => {
    it('returns the MessageId and the MD5 of the body', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act
      const out = await call('SendMessage', { QueueUrl: url, MessageBody: 'hello' });
      // Assert
      expect(out).toEqual({ MessageId: expect.any(String), MD5OfMessageBody: md5('hello') });
    });

    it('returns MD5OfMessageAttributes as AWS computes it', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Digests recorded against AWS (LocalStack test_sqs.snapshot.json).
      // Act
      const out = await call('SendMessage', {
        QueueUrl: url,
        MessageBody: 'msg',
        MessageAttributes: {
          Hello: stringAttribute('There'),
          General: stringAttribute('Kenobi'),
          'Help.Me': stringAttribute('Me'),
        },
      });
      // Assert
      expect(out.MD5OfMessageBody).toBe('6e2baaf3b97dbeef01c0043275f9a0e7');
      expect(out.MD5OfMessageAttributes).toBe('4c360f3fdafd970e05fae2f149d997f5');
    });

    it('accepts binary and number attributes and an AWSTraceHeader', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act
      const out = await call('SendMessage', {
        QueueUrl: url,
        MessageBody: 'x',
        MessageAttributes: {
          bin: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2]).toString('base64') },
          num: { DataType: 'Number.int', StringValue: '42' },
        },
        MessageSystemAttributes: {
          AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-abc' },
        },
      });
      // Assert
      expect(out.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
      expect(out.MD5OfMessageSystemAttributes).toMatch(/^[0-9a-f]{32}$/);
    });

    it('delays delivery by the message DelaySeconds', async () => {
      // Arrange
      const { call, clock, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act
      await call('SendMessage', { QueueUrl: url, MessageBody: 'x', DelaySeconds: 10 });
      // Assert
      await expect(call('ReceiveMessage', { QueueUrl: url })).resolves.toEqual({});
      await clock.advance(10_000);
      const out = await call('ReceiveMessage', { QueueUrl: url });
      expect(out.Messages).toHaveLength(1);
    });

    it("delays delivery by the queue's DelaySeconds unless the message sets its own", async () => {
      // Arrange
      const { call, clock, createQueue } = createTestSqs();
      const url = await createQueue('q', { DelaySeconds: '30' });
      // Act
      await call('SendMessage', { QueueUrl: url, MessageBody: 'queue-delay' });
      await call('SendMessage', { QueueUrl: url, MessageBody: 'no-delay', DelaySeconds: 0 });
      const first = await call('ReceiveMessage', {
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 300,
      });
      // Assert
      expect(first.Messages.map((m: { Body: string }) => m.Body)).toEqual(['no-delay']);
      await clock.advance(30_000);
      const second = await call('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10 });
      expect(second.Messages.map((m: { Body: string }) => m.Body)).toEqual(['queue-delay']);
    });

    it('drops messages older than the MessageRetentionPeriod', async () => {
      // Arrange
      const { call, clock, createQueue } = createTestSqs();
      const url = await createQueue('q', { MessageRetentionPeriod: '60' });
      // Act
      await call('SendMessage', { QueueUrl: url, MessageBody: 'old' });
      await clock.advance(59_999);
      await call('SendMessage', { QueueUrl: url, MessageBody: 'new' });
      await clock.advance(1);
      const out = await call('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10 });
      // Assert
      expect(out.Messages.map((m: { Body: string }) => m.Body)).toEqual(['new']);
    });

    it('records NumberOfMessagesSent and SentMessageSize at the time of the send', async () => {
      // Arrange
      const { call, clock, createQueue, metrics } = createTestSqs();
      const url = await createQueue('q');
      // Act
      await call('SendMessage', {
        QueueUrl: url,
        MessageBody: 'hello',
        MessageAttributes: { k: stringAttribute('v') },
      });
      // Assert
      expect(metrics.of('NumberOfMessagesSent', 'q')).toEqual([
        {
          namespace: 'AWS/SQS',
          metricName: 'NumberOfMessagesSent',
          dimensions: { QueueName: 'q' },
          value: 1,
          unit: 'Count',
          timestamp: clock.now(),
        },
      ]);
      // 5 body bytes + 'k' + 'String' + 'v'
      expect(metrics.of('SentMessageSize', 'q')).toMatchObject([{ value: 13, unit: 'Bytes' }]);
    });
  });
});
