import { describe, expect, it } from 'vitest';
import { createTestSqs } from './helpers';

describe('AWS/SQS gauges (sampleGauges)', () => {
  describe('functionality', () => {
    it('publishes the Approximate* gauges with AWS names, dimension and units', async () => {
      // Arrange
      const { call, clock, createQueue, metrics, store } = createTestSqs();
      const url = await createQueue('q');
      await call('SendMessage', { QueueUrl: url, MessageBody: 'a' });
      await clock.advance(10_000);
      await call('SendMessage', { QueueUrl: url, MessageBody: 'b' });
      await call('SendMessage', { QueueUrl: url, MessageBody: 'c', DelaySeconds: 60 });
      await call('ReceiveMessage', { QueueUrl: url, VisibilityTimeout: 300 });
      await clock.advance(50_000);
      metrics.data.length = 0;
      // Act
      store.sampleGauges();
      const byName = Object.fromEntries(metrics.data.map((d) => [d.metricName, d]));
      // Assert
      expect(byName.ApproximateNumberOfMessagesVisible).toEqual({
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: 'q' },
        value: 1,
        unit: 'Count',
        timestamp: clock.now(),
      });
      expect(byName.ApproximateNumberOfMessagesNotVisible).toMatchObject({
        value: 1,
        unit: 'Count',
      });
      expect(byName.ApproximateNumberOfMessagesDelayed).toMatchObject({ value: 1, unit: 'Count' });
      expect(byName.ApproximateAgeOfOldestMessage).toMatchObject({ value: 60, unit: 'Seconds' });
      for (const counter of [
        'NumberOfMessagesSent',
        'NumberOfMessagesReceived',
        'NumberOfEmptyReceives',
        'NumberOfMessagesDeleted',
      ]) {
        expect(byName[counter]).toMatchObject({ value: 0, unit: 'Count' });
      }
    });

    it('is not called from requests: nothing is sampled until the composition asks', async () => {
      // Arrange
      const { call, createQueue, metrics } = createTestSqs();
      const url = await createQueue('q');
      await call('SendMessage', { QueueUrl: url, MessageBody: 'a' });
      // Act
      await call('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['All'] });
      // Assert
      expect(metrics.data.filter((d) => d.metricName.startsWith('Approximate'))).toEqual([]);
    });

    it('skips a message received 3 times for ApproximateAgeOfOldestMessage', async () => {
      // Arrange
      const { call, clock, createQueue, metrics, store } = createTestSqs();
      const url = await createQueue('q', { VisibilityTimeout: '0' });
      await call('SendMessage', { QueueUrl: url, MessageBody: 'poison' });
      for (let i = 0; i < 3; i++) await call('ReceiveMessage', { QueueUrl: url });
      await clock.advance(100_000);
      await call('SendMessage', { QueueUrl: url, MessageBody: 'fresh' });
      await clock.advance(20_000);
      // Act
      store.sampleGauges();
      const [age] = metrics.of('ApproximateAgeOfOldestMessage', 'q');
      // Assert
      expect(age?.value).toBe(20);
    });

    it('stops publishing for a queue idle for 6 hours with no messages', async () => {
      // Arrange
      const { clock, createQueue, metrics, store } = createTestSqs();
      await createQueue('idle');
      await clock.advance(6 * 3600 * 1000 - 1);
      // Act
      store.sampleGauges();
      // Assert
      expect(metrics.of('ApproximateNumberOfMessagesVisible', 'idle')).toHaveLength(1);
      await clock.advance(1);
      store.sampleGauges();
      expect(metrics.of('ApproximateNumberOfMessagesVisible', 'idle')).toHaveLength(1);
    });

    it('samples at every emulated minute boundary with startGaugeSampler, until stopped', async () => {
      // Arrange
      const { clock, createQueue, metrics, store } = createTestSqs();
      await createQueue('q');
      const start = clock.now();
      // Act
      const stop = store.startGaugeSampler();
      await clock.advance(150_000);
      stop();
      await clock.advance(120_000);
      // Assert
      const samples = metrics.of('ApproximateNumberOfMessagesVisible', 'q');
      expect(samples.map((d) => d.timestamp - start)).toEqual([60_000, 120_000]);
      expect(clock.pendingSleepers).toBe(0);
    });
  });
});
