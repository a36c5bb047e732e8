import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  DisableEnhancedMonitoringCommand,
  EnableEnhancedMonitoringCommand,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, errorOf, type KinesisHarness, startKinesisHarness } from './harness';

let h: KinesisHarness;

beforeAll(async () => {
  h = await startKinesisHarness();
  await h.kinesis.send(new CreateStreamCommand({ StreamName: 'watched', ShardCount: 2 }));
});

afterAll(async () => {
  await h.close();
});

describe('EnableEnhancedMonitoring', () => {
  describe('validations', () => {
    it('refuses an unknown metric name', async () => {
      // Act
      const error = await errorOf(
        h.kinesis.send(
          new EnableEnhancedMonitoringCommand({
            StreamName: 'watched',
            ShardLevelMetrics: ['Latency' as never],
          })
        )
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(
        "1 validation error detected: Value 'Latency' at 'shardLevelMetrics.1.member' failed to satisfy constraint: " +
          'Member must satisfy enum value set: [IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, ' +
          'WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds, ALL]'
      );
    });

    it('answers ResourceNotFoundException for an unknown stream', async () => {
      // Act
      const error = await errorOf(
        h.kinesis.send(
          new EnableEnhancedMonitoringCommand({ StreamName: 'nope', ShardLevelMetrics: ['ALL'] })
        )
      );
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
    });
  });

  describe('functionality', () => {
    it('returns the metrics before and after, and shows them in DescribeStreamSummary', async () => {
      // Act
      const out = await h.kinesis.send(
        new EnableEnhancedMonitoringCommand({
          StreamName: 'watched',
          ShardLevelMetrics: ['IncomingRecords', 'WriteProvisionedThroughputExceeded'],
        })
      );
      const summary = await h.kinesis.send(
        new DescribeStreamSummaryCommand({ StreamName: 'watched' })
      );
      // Assert
      expect(out).toMatchObject({
        StreamName: 'watched',
        StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/watched`,
        CurrentShardLevelMetrics: [],
        DesiredShardLevelMetrics: ['IncomingRecords', 'WriteProvisionedThroughputExceeded'],
      });
      expect(summary.StreamDescriptionSummary?.EnhancedMonitoring).toEqual([
        { ShardLevelMetrics: ['IncomingRecords', 'WriteProvisionedThroughputExceeded'] },
      ]);
    });

    it('expands ALL to the seven shard-level metrics', async () => {
      // Act
      const out = await h.kinesis.send(
        new EnableEnhancedMonitoringCommand({ StreamName: 'watched', ShardLevelMetrics: ['ALL'] })
      );
      // Assert
      expect(out.DesiredShardLevelMetrics).toHaveLength(7);
    });
  });
});

describe('DisableEnhancedMonitoring', () => {
  describe('functionality', () => {
    it('turns the named metrics off', async () => {
      // Act
      const out = await h.kinesis.send(
        new DisableEnhancedMonitoringCommand({ StreamName: 'watched', ShardLevelMetrics: ['ALL'] })
      );
      // Assert
      expect(out.CurrentShardLevelMetrics).toHaveLength(7);
      expect(out.DesiredShardLevelMetrics).toEqual([]);
    });
  });
});
