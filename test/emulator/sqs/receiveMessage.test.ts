import { describe, expect, it } from 'vitest';
import { ACCOUNT, createTestSqs, expectAwsError, flush, INVALID_PARAMETER } from './helpers';

describe('ReceiveMessage', () => {
  describe('validations', () => {
    it.each([[0], [11], ['ten']])(
      'returns InvalidParameterValue for MaxNumberOfMessages %s',
      async (n) => {
        // Arrange
        const { call, createQueue } = createTestSqs();
        const url = await createQueue('q');
        // Act + Assert
        await expectAwsError(call('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: n }), {
          ...INVALID_PARAMETER,
          message: `Value ${n} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.`,
        });
      }
    );

    it('returns InvalidParameterValue for WaitTimeSeconds above 20', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(call('ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 21 }), {
        ...INVALID_PARAMETER,
        message:
          'Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.',
      });
    });

    it('returns InvalidParameterValue for VisibilityTimeout above 43200', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act + Assert
      await expectAwsError(call('ReceiveMessage', { QueueUrl: url, VisibilityTimeout: 43_201 }), {
        ...INVALID_PARAMETER,
        message:
          'Value 43201 for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.',
      });
    });

    it('returns QueueDoesNotExist before waiting', async () => {
      // Arrange
      const { call } = createTestSqs();
      // Act + Assert
      await expectAwsError(
        call('ReceiveMessage', {
          QueueUrl: `http://127.0.0.1:4566/${ACCOUNT}/nope`,
          WaitTimeSeconds: 20,
        }),
        { code: 'QueueDoesNotExist' }
      );
    });
  });

  describe('functionality', () => {
    it('returns one message by default, up to MaxNumberOfMessages, in send order', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      for (let i = 0; i < 12; i++)
        await call('SendMessage', { QueueUrl: url, MessageBody: `m${i}` });
      // Act
      const one = await call('ReceiveMessage', { QueueUrl: url });
      // Assert
      expect(one.Messages.map((m: { Body: string }) => m.Body)).toEqual(['m0']);
      const ten = await call('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10 });
      expect(ten.Messages).toHaveLength(10);
      expect(ten.Messages[0].Body).toBe('m1');
    });

    it('returns the message shape the SDK verifies (MD5OfBody of the body)', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      await call('SendMessage', { QueueUrl: url, MessageBody: 'msg' });
      // Act
      const out = await call('ReceiveMessage', { QueueUrl: url });
      // Assert
      expect(out).toEqual({
        Messages: [
          {
            MessageId: expect.any(String),
            ReceiptHandle: expect.any(String),
            MD5OfBody: '6e2baaf3b97dbeef01c0043275f9a0e7',
            Body: 'msg',
          },
        ],
      });
    });

    it('hides a received message for the visibility timeout, then redelivers it', async () => {
      // Arrange
      const { call, clock, createQueue } = createTestSqs();
      const url = await createQueue('q', { VisibilityTimeout: '30' });
      await call('SendMessage', { QueueUrl: url, MessageBody: 'x' });
      // Act
      const first = await call('ReceiveMessage', { QueueUrl: url, AttributeNames: ['All'] });
      // Assert
      expect(first.Messages[0].Attributes.ApproximateReceiveCount).toBe('1');
      await clock.advance(29_999);
      await expect(call('ReceiveMessage', { QueueUrl: url })).resolves.toEqual({});
      await clock.advance(1);
      const second = await call('ReceiveMessage', { QueueUrl: url, AttributeNames: ['All'] });
      expect(second.Messages[0].MessageId).toBe(first.Messages[0].MessageId);
      expect(second.Messages[0].ReceiptHandle).not.toBe(first.Messages[0].ReceiptHandle);
      expect(second.Messages[0].Attributes.ApproximateReceiveCount).toBe('2');
    });

    it('uses the VisibilityTimeout of the request over the queue default', async () => {
      // Arrange
      const { call, clock, createQueue } = createTestSqs();
      const url = await createQueue('q');
      await call('SendMessage', { QueueUrl: url, MessageBody: 'x' });
      // Act
      await call('ReceiveMessage', { QueueUrl: url, VisibilityTimeout: 5 });
      await clock.advance(5_000);
      // Assert
      await expect(call('ReceiveMessage', { QueueUrl: url })).resolves.toHaveProperty('Messages');
    });

    it('returns the system attributes asked for, by either parameter', async () => {
      // Arrange
      const { call, clock, createQueue } = createTestSqs();
      const url = await createQueue('q', { VisibilityTimeout: '0' });
      const sentAt = clock.now();
      await call('SendMessage', {
        QueueUrl: url,
        MessageBody: 'x',
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1' } },
      });
      await clock.advance(1_500);
      // Act
      const all = await call('ReceiveMessage', {
        QueueUrl: url,
        MessageSystemAttributeNames: ['All'],
      });
      // Assert
      expect(all.Messages[0].Attributes).toEqual({
        SenderId: ACCOUNT,
        SentTimestamp: String(sentAt),
        ApproximateReceiveCount: '1',
        ApproximateFirstReceiveTimestamp: String(sentAt + 1_500),
        AWSTraceHeader: 'Root=1',
      });
      await clock.advance(1_000);
      const some = await call('ReceiveMessage', {
        QueueUrl: url,
        AttributeNames: ['ApproximateReceiveCount', 'ApproximateFirstReceiveTimestamp'],
      });
      expect(some.Messages[0].Attributes).toEqual({
        ApproximateReceiveCount: '2',
        ApproximateFirstReceiveTimestamp: String(sentAt + 1_500),
      });
    });

    it.each([
      [['All'], ['General', 'Hello', 'Help.Me'], '4c360f3fdafd970e05fae2f149d997f5'],
      [['.*'], ['General', 'Hello', 'Help.Me'], '4c360f3fdafd970e05fae2f149d997f5'],
      [['General', 'Hello'], ['General', 'Hello'], 'fca026605781cb4126a1e9044df24232'],
      [['Hello', 'Nope'], ['Hello'], 'a311262e065454b75da111d535b8dacd'],
      [['Hel.*'], ['Hello', 'Help.Me'], '83fee93c1bcd8b9a5a923ffacdc636c7'],
      [['Nope'], undefined, undefined],
    ])(
      'filters message attributes with %j and digests what it returns',
      async (filter, names, digest) => {
        // Arrange
        const { call, createQueue } = createTestSqs();
        const url = await createQueue('q', { VisibilityTimeout: '0' });
        const s = (v: string) => ({ DataType: 'String', StringValue: v });
        await call('SendMessage', {
          QueueUrl: url,
          MessageBody: 'msg',
          MessageAttributes: { General: s('Kenobi'), Hello: s('There'), 'Help.Me': s('Me') },
        });
        // Act
        const out = await call('ReceiveMessage', { QueueUrl: url, MessageAttributeNames: filter });
        const [message] = out.Messages;
        // Assert
        expect(message.MessageAttributes && Object.keys(message.MessageAttributes)).toEqual(names);
        // Digests recorded against AWS (LocalStack test_sqs.snapshot.json).
        expect(message.MD5OfMessageAttributes).toBe(digest);
      }
    );

    it('records NumberOfMessagesReceived and NumberOfEmptyReceives', async () => {
      // Arrange
      const { call, createQueue, metrics } = createTestSqs();
      const url = await createQueue('q');
      // Act
      await call('ReceiveMessage', { QueueUrl: url });
      for (const body of ['a', 'b', 'c'])
        await call('SendMessage', { QueueUrl: url, MessageBody: body });
      await call('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10 });
      // Assert
      expect(metrics.of('NumberOfEmptyReceives', 'q')).toMatchObject([{ value: 1, unit: 'Count' }]);
      expect(metrics.of('NumberOfMessagesReceived', 'q')).toMatchObject([
        { value: 3, unit: 'Count' },
      ]);
    });
  });

  describe('long polling', () => {
    it('resolves as soon as a message is sent, on the emulator clock', async () => {
      // Arrange
      const { call, clock, createQueue, metrics } = createTestSqs();
      const url = await createQueue('q');
      const start = clock.now();
      let done = false;
      // Act
      const poll = call('ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 }).finally(() => {
        done = true;
      });
      await clock.advance(5_000);
      await flush();
      // Assert
      expect(done).toBe(false);
      await call('SendMessage', { QueueUrl: url, MessageBody: 'wake' });
      const out = await poll;
      expect(out.Messages[0].Body).toBe('wake');
      expect(clock.now()).toBe(start + 5_000);
      expect(metrics.of('NumberOfEmptyReceives', 'q')).toEqual([]);
      // The poll's timer was cancelled, not left to fire later.
      expect(clock.pendingSleepers).toBe(0);
    });

    it('returns empty when the wait ends and counts one empty receive', async () => {
      // Arrange
      const { call, clock, createQueue, metrics } = createTestSqs();
      const url = await createQueue('q');
      let done = false;
      // Act
      const poll = call('ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 }).finally(() => {
        done = true;
      });
      await clock.advance(19_999);
      await flush();
      // Assert
      expect(done).toBe(false);
      await clock.advance(1);
      await expect(poll).resolves.toEqual({});
      expect(metrics.sum('NumberOfEmptyReceives', 'q')).toBe(1);
    });

    it('wakes when a delayed or in-flight message becomes visible', async () => {
      // Arrange
      const { call, clock, createQueue } = createTestSqs();
      const url = await createQueue('q');
      await call('SendMessage', { QueueUrl: url, MessageBody: 'delayed', DelaySeconds: 7 });
      const start = clock.now();
      // Act
      const poll = call('ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 });
      await clock.advance(7_000);
      const out = await poll;
      // Assert
      expect(out.Messages[0].Body).toBe('delayed');
      expect(clock.now()).toBe(start + 7_000);
    });

    it("uses the queue's ReceiveMessageWaitTimeSeconds when the request has none", async () => {
      // Arrange
      const { call, clock, createQueue } = createTestSqs();
      const url = await createQueue('q', { ReceiveMessageWaitTimeSeconds: '10' });
      let done = false;
      // Act
      const poll = call('ReceiveMessage', { QueueUrl: url }).finally(() => {
        done = true;
      });
      await clock.advance(9_000);
      await flush();
      // Assert
      expect(done).toBe(false);
      await clock.advance(1_000);
      await expect(poll).resolves.toEqual({});
    });

    it('returns empty when the queue is deleted during the wait', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('q');
      // Act
      const poll = call('ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 });
      await call('DeleteQueue', { QueueUrl: url });
      // Assert
      await expect(poll).resolves.toEqual({});
    });
  });
});
