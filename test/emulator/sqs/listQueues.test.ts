import { describe, expect, it } from 'vitest';
import { ACCOUNT, createTestSqs, ENDPOINT, expectAwsError, INVALID_PARAMETER } from './helpers';

describe('ListQueues', () => {
  describe('validations', () => {
    it.each([[0], [1001], ['x']])('returns InvalidParameterValue for MaxResults %s', async (n) => {
      // Arrange
      const { call } = createTestSqs();
      // Act + Assert
      await expectAwsError(call('ListQueues', { MaxResults: n }), {
        ...INVALID_PARAMETER,
        message: `Value ${n} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.`,
      });
    });
  });

  describe('functionality', () => {
    it('returns no QueueUrls member when there are no queues', async () => {
      // Arrange
      const { call } = createTestSqs();
      // Act + Assert
      await expect(call('ListQueues', {})).resolves.toEqual({});
    });

    it('lists queues by prefix, in name order', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      for (const name of ['orders', 'orders-dlq', 'audit']) await createQueue(name);
      // Act + Assert
      await expect(call('ListQueues', { QueueNamePrefix: 'orders' })).resolves.toEqual({
        QueueUrls: [`${ENDPOINT}/${ACCOUNT}/orders`, `${ENDPOINT}/${ACCOUNT}/orders-dlq`],
      });
    });

    it('pages with MaxResults and NextToken', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      for (const name of ['a', 'b', 'c']) await createQueue(name);
      // Act
      const first = await call('ListQueues', { MaxResults: 2 });
      // Assert
      expect(first.QueueUrls).toEqual([`${ENDPOINT}/${ACCOUNT}/a`, `${ENDPOINT}/${ACCOUNT}/b`]);
      const second = await call('ListQueues', { MaxResults: 2, NextToken: first.NextToken });
      expect(second).toEqual({ QueueUrls: [`${ENDPOINT}/${ACCOUNT}/c`] });
    });
  });
});

describe('ListDeadLetterSourceQueues', () => {
  describe('validations', () => {
    it('returns QueueDoesNotExist for an unknown queue', async () => {
      // Arrange
      const { call } = createTestSqs();
      // Act + Assert
      await expectAwsError(
        call('ListDeadLetterSourceQueues', { QueueUrl: `${ENDPOINT}/${ACCOUNT}/nope` }),
        { code: 'QueueDoesNotExist' }
      );
    });
  });

  describe('functionality', () => {
    it('lists the queues whose RedrivePolicy targets the queue', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      const dlq = await createQueue('dlq');
      const redrive = JSON.stringify({
        deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`,
        maxReceiveCount: 5,
      });
      const source = await createQueue('source', { RedrivePolicy: redrive });
      await createQueue('other');
      // Act + Assert
      await expect(call('ListDeadLetterSourceQueues', { QueueUrl: dlq })).resolves.toEqual({
        queueUrls: [source],
      });
    });
  });
});
