import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../emulator/core/clock';
import { MemoryLogSink, MemoryMetricSink } from '../../../emulator/core/memory-sinks';
import type { EmulatorEnv } from '../../../emulator/core/service';
import { createKinesisService } from '../../../emulator/services/kinesis';

function env(clock = new ManualClock()) {
  const metrics = new MemoryMetricSink();
  const e: EmulatorEnv = {
    clock,
    accountId: '000000000000',
    region: 'us-east-1',
    metrics,
    logs: new MemoryLogSink(),
    endpoint: () => 'http://127.0.0.1:4566',
  };
  return { env: e, clock, metrics };
}

describe('KinesisStore (programmatic API for CloudFormation and pollers)', () => {
  it('creates a stream with shard-level metrics enabled from the start', () => {
    // Arrange
    const { env: e, metrics } = env();
    const { store } = createKinesisService(e);
    // Act
    const stream = store.createStream({
      StreamName: 'cfn',
      ShardCount: 2,
      ShardLevelMetrics: ['IncomingRecords'],
      RetentionPeriodHours: 48,
    });
    store.put(
      stream,
      [{ PartitionKey: 'a', Data: Buffer.from('x').toString('base64') }],
      'PutRecords'
    );
    // Assert
    expect(stream.arn).toBe('arn:aws:kinesis:us-east-1:000000000000:stream/cfn');
    expect(stream.retentionHours).toBe(48);
    expect(
      metrics.data.some(
        (d) => d.dimensions.ShardId !== undefined && d.metricName === 'IncomingRecords'
      )
    ).toBe(true);
  });

  it('reads by iterator with the same read quota as GetRecords', () => {
    // Arrange
    const { env: e } = env();
    const { store } = createKinesisService(e);
    const stream = store.createStream({ StreamName: 'poll', ShardCount: 1 });
    store.put(
      stream,
      [{ PartitionKey: 'a', Data: Buffer.from('first').toString('base64') }],
      'PutRecords'
    );
    const { ShardIterator } = store.getShardIterator({
      StreamName: 'poll',
      ShardId: 'shardId-000000000000',
      ShardIteratorType: 'TRIM_HORIZON',
    });
    // Act
    const out = store.getRecords({ ShardIterator, Limit: 10 });
    for (let i = 0; i < 4; i++) store.getRecords({ ShardIterator: out.NextShardIterator });
    // Assert
    expect(Buffer.from(out.Records[0]?.Data ?? '', 'base64').toString()).toBe('first');
    expect(() => store.getRecords({ ShardIterator: out.NextShardIterator })).toThrow(
      'Rate exceeded for Shard - 000000000000/poll/shardId-000000000000'
    );
  });

  it('keeps two emulators apart: stores share nothing', () => {
    // Arrange
    const one = createKinesisService(env().env).store;
    const two = createKinesisService(env().env).store;
    // Act
    one.createStream({ StreamName: 'only-in-one', ShardCount: 1 });
    // Assert
    expect(two.listStreams()).toEqual([]);
  });
});
