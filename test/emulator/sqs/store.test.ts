import { describe, expect, it } from 'vitest';
import { ACCOUNT, createTestSqs, expectAwsError } from './helpers';

const ARN = `arn:aws:sqs:us-east-1:${ACCOUNT}:events`;

describe('SqsStore (poller API)', () => {
  describe('validations', () => {
    it('enforces the same MaximumMessageSize as SendMessage', async () => {
      // Arrange
      const { store } = createTestSqs();
      // Act
      store.createQueue('events', { MaximumMessageSize: 1024 });
      // Assert
      expect(() => store.send(ARN, { MessageBody: 'x'.repeat(1024) })).not.toThrow();
      await expectAwsError(() => store.send(ARN, { MessageBody: 'x'.repeat(1025) }), {
        code: 'InvalidParameterValueException',
        message:
          'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.',
      });
    });

    it('returns QueueDoesNotExist for an unknown ARN or one in another region', async () => {
      // Arrange
      const { store } = createTestSqs();
      // Act
      store.createQueue('events');
      // Assert
      await expectAwsError(() => store.getQueue(`arn:aws:sqs:eu-west-1:${ACCOUNT}:events`), {
        code: 'QueueDoesNotExist',
      });
      await expectAwsError(() => store.send(`${ARN}-nope`, { MessageBody: 'x' }), {
        code: 'QueueDoesNotExist',
      });
    });
  });

  describe('functionality', () => {
    it('sends, receives, changes visibility and deletes by queue ARN, with metrics', async () => {
      // Arrange
      const { store, metrics, clock } = createTestSqs();
      store.createQueue('events', { VisibilityTimeout: 30 });
      store.sendBatch(ARN, [
        { Id: '1', MessageBody: 'a' },
        { Id: '2', MessageBody: 'b' },
      ]);
      // Act
      const { Messages = [] } = await store.receive(ARN, {
        maxNumberOfMessages: 10,
        attributeNames: ['All'],
        messageAttributeNames: ['All'],
      });
      // Assert
      expect(Messages.map((m) => m.Body)).toEqual(['a', 'b']);
      const [first, second] = Messages as [(typeof Messages)[0], (typeof Messages)[0]];
      store.delete(ARN, first.ReceiptHandle);
      store.changeVisibility(ARN, second.ReceiptHandle, 0);
      const again = await store.receive(ARN, { attributeNames: ['ApproximateReceiveCount'] });
      expect(again.Messages?.[0]?.Attributes).toEqual({ ApproximateReceiveCount: '2' });
      expect(store.getAttributes(ARN, ['ApproximateNumberOfMessagesNotVisible'])).toEqual({
        ApproximateNumberOfMessagesNotVisible: '1',
      });
      await clock.advance(1);
      expect(metrics.sum('NumberOfMessagesSent', 'events')).toBe(2);
      expect(metrics.sum('NumberOfMessagesReceived', 'events')).toBe(3);
      expect(metrics.sum('NumberOfMessagesDeleted', 'events')).toBe(1);
    });

    it('long-polls by ARN on the emulator clock', async () => {
      // Arrange
      const { store, clock } = createTestSqs();
      store.createQueue('events');
      const poll = store.receive(ARN, { waitTimeSeconds: 20 });
      await clock.advance(3_000);
      // Act
      store.send(ARN, { MessageBody: 'late' });
      const out = await poll;
      // Assert
      expect(out.Messages?.[0]?.Body).toBe('late');
    });

    it('keeps two stores apart', () => {
      // Arrange
      const a = createTestSqs();
      const b = createTestSqs();
      // Act
      a.store.createQueue('events');
      // Assert
      expect(b.store.findQueue(ARN)).toBeUndefined();
    });
  });
});
