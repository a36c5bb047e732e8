import {
  KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandInput,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { partitionKeyStrategies } from '../../../functions/shard-perpetrator/partition-key';
import {
  handler,
  type ProducerDeps,
  produceOrders,
  sendOrders,
} from '../../../functions/shard-perpetrator/producer';
import { shardForKey } from '../../../functions/shard-perpetrator/shard-for-key';
import { InvalidEventError, MissingEnvironmentError } from '../../../functions/shared/errors';
import { metrics } from '../../../functions/shared/powertools';
import { MAX_RECORDS_PER_PUT } from '../../../functions/shared/put-records';
import { Env, METRICS_NAMESPACE, MetricName } from '../../../infra/names';
import { ConsoleCapture } from '../../helpers/console-capture';
import { FakeClock } from '../../helpers/fake-clock';
import { lambdaContext } from '../../helpers/lambda-context';

const kinesisMock = mockClient(KinesisClient);

const THROTTLED = 'ProvisionedThroughputExceededException';

/** The PutRecords calls the mock received, in order. */
function putCalls(): PutRecordsCommandInput[] {
  return kinesisMock.commandCalls(PutRecordsCommand).map((call) => call.args[0].input);
}

function sentKeys(): string[] {
  return putCalls().flatMap((input) => (input.Records ?? []).map((r) => r.PartitionKey ?? ''));
}

/** Kinesis accepting every record. */
function acceptAll(): void {
  kinesisMock.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => ({
    FailedRecordCount: 0,
    Records: (input.Records ?? []).map((_, i) => ({
      SequenceNumber: String(i),
      ShardId: 'shardId-000000000000',
    })),
  }));
}

/**
 * A 4-shard stream that, like Kinesis, accepts 1,000 records per shard per second (by the
 * clock's second) and answers the rest with a per-record ProvisionedThroughputExceededException.
 */
function fourShardStream(clock: FakeClock): void {
  const perShardSecond = new Map<string, number>();
  kinesisMock.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => {
    const second = Math.floor(clock.now() / 1000);
    const records: PutRecordsResultEntry[] = (input.Records ?? []).map((entry) => {
      const shardId = shardForKey(entry.PartitionKey ?? '', 4);
      const key = `${second}:${shardId}`;
      const used = perShardSecond.get(key) ?? 0;
      if (used >= 1_000) {
        return {
          ErrorCode: THROTTLED,
          ErrorMessage: `Rate exceeded for shard ${shardId} in stream orders under account 111111111111.`,
        };
      }
      perShardSecond.set(key, used + 1);
      return { SequenceNumber: '1', ShardId: shardId };
    });
    return { FailedRecordCount: records.filter((r) => r.ErrorCode).length, Records: records };
  });
}

function deps(clock: FakeClock, variant: 'broken' | 'fixed'): ProducerDeps {
  return {
    client: new KinesisClient({}),
    clock,
    streamName: 'orders',
    partitionKey: partitionKeyStrategies[variant],
  };
}

let output: ConsoleCapture;

beforeEach(() => {
  kinesisMock.reset();
  output = new ConsoleCapture();
  process.env[Env.StreamName] = 'orders';
  process.env[Env.Variant] = 'broken';
});

afterEach(() => {
  // produceOrders leaves the last second's counts for the middleware to flush.
  metrics.clearMetrics();
  vi.restoreAllMocks();
});

describe('producer handler', () => {
  it('sends every record with the partition key HOT_PARTITION in the broken variant', async () => {
    // Arrange
    acceptAll();
    process.env[Env.Variant] = 'broken';
    // Act
    await handler({ ratePerSecond: 700, durationSeconds: 1 }, lambdaContext());
    // Assert
    expect(kinesisMock).toHaveReceivedCommandWith(PutRecordsCommand, { StreamName: 'orders' });
    const keys = sentKeys();
    expect(keys).toHaveLength(700);
    expect(new Set(keys)).toEqual(new Set(['HOT_PARTITION']));
  });

  it('sends each record with its own order id as the partition key in the fixed variant', async () => {
    // Arrange
    acceptAll();
    process.env[Env.Variant] = 'fixed';
    // Act
    await handler({ ratePerSecond: 700, durationSeconds: 1 }, lambdaContext());
    // Assert
    const records = putCalls().flatMap((input) => input.Records ?? []);
    expect(records).toHaveLength(700);
    expect(new Set(records.map((r) => r.PartitionKey)).size).toBe(700);
    for (const record of records) {
      const order = JSON.parse(Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'));
      expect(record.PartitionKey).toBe(order.orderId);
    }
  });

  it('writes order events of about 200 bytes with the fields consumers read', async () => {
    // Arrange
    acceptAll();
    // Act
    await handler({ ratePerSecond: 50, durationSeconds: 1 }, lambdaContext());
    // Assert
    for (const record of putCalls().flatMap((input) => input.Records ?? [])) {
      const bytes = record.Data?.byteLength ?? 0;
      expect(bytes).toBeGreaterThanOrEqual(150);
      expect(bytes).toBeLessThanOrEqual(250);
      expect(JSON.parse(Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'))).toEqual({
        orderId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        customerId: expect.stringMatching(/^customer-\d{6}$/),
        amount: expect.any(Number),
        currency: 'USD',
        itemCount: expect.any(Number),
        channel: expect.stringMatching(/^(web|mobile|store)$/),
        ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    }
  });

  it('publishes OrdersAttempted, OrdersAccepted and OrdersThrottled and logs the totals', async () => {
    // Arrange
    acceptAll();
    // Act
    const summary = await handler({ ratePerSecond: 120, durationSeconds: 1 }, lambdaContext());
    // Assert
    expect(summary).toMatchObject({ attempted: 120, accepted: 120, throttled: 0, failed: 0 });
    expect(output.metricSum(MetricName.OrdersAttempted)).toBe(120);
    expect(output.metricSum(MetricName.OrdersAccepted)).toBe(120);
    expect(output.metricSum(MetricName.OrdersThrottled)).toBe(0);
    const emf = output.entries().find((line) => MetricName.OrdersAttempted in line) as {
      _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] };
      service: string;
    };
    expect(emf._aws.CloudWatchMetrics[0]?.Namespace).toBe(METRICS_NAMESPACE);
    expect(emf._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    expect(output.entries()).toContainEqual(
      expect.objectContaining({ message: 'traffic finished', attempted: 120, variant: 'broken' })
    );
    // Powertools warns in plain text, not JSON: look at the raw lines.
    expect(output.raw().some((line) => line.includes('No application metrics'))).toBe(false);
  });

  it('rejects a negative rate before sending anything', async () => {
    // Act + Assert
    await expect(handler({ ratePerSecond: -5 }, lambdaContext())).rejects.toThrow(
      InvalidEventError
    );
    expect(kinesisMock).not.toHaveReceivedCommand(PutRecordsCommand);
  });

  it('rejects a rate above the 4-shard ceiling of 4,000 records/s', async () => {
    // Act + Assert
    await expect(handler({ ratePerSecond: 4_001 }, lambdaContext())).rejects.toThrow(
      /ratePerSecond must be greater than 0 and at most 4000 \(got 4001\)/
    );
  });

  it('rejects an absurd duration', async () => {
    // Act + Assert
    await expect(handler({ durationSeconds: 86_400 }, lambdaContext())).rejects.toThrow(
      /durationSeconds must be between 1 and 600 \(got 86400\)/
    );
    expect(kinesisMock).not.toHaveReceivedCommand(PutRecordsCommand);
  });

  it('fails with a clear error when VARIANT is not broken or fixed', async () => {
    // Arrange
    process.env[Env.Variant] = 'hot';
    // Act + Assert
    await expect(handler({ durationSeconds: 1 }, lambdaContext())).rejects.toThrow(
      MissingEnvironmentError
    );
    expect(kinesisMock).not.toHaveReceivedCommand(PutRecordsCommand);
  });
});

describe('sendOrders', () => {
  it.each([
    [1_600, [500, 500, 500, 100]],
    [1_234, [500, 500, 234]],
    [500, [500]],
    [4_000, [500, 500, 500, 500, 500, 500, 500, 500]],
  ])('splits %i orders into PutRecords calls of at most 500 records', async (count, sizes) => {
    // Arrange
    acceptAll();
    // Act
    const outcome = await sendOrders(count, deps(new FakeClock(), 'fixed'));
    // Assert
    expect(putCalls().map((input) => input.Records?.length)).toEqual(sizes);
    expect(Math.max(...putCalls().map((input) => input.Records?.length ?? 0))).toBeLessThanOrEqual(
      MAX_RECORDS_PER_PUT
    );
    expect(outcome).toMatchObject({ attempted: count, accepted: count });
  });

  it('counts per-record throttling as throttled and does not retry those records', async () => {
    // Arrange: Kinesis throttles every other record of the call
    kinesisMock.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => ({
      FailedRecordCount: Math.floor((input.Records ?? []).length / 2),
      Records: (input.Records ?? []).map((_, i) =>
        i % 2 === 1
          ? { ErrorCode: THROTTLED, ErrorMessage: 'Rate exceeded for shard shardId-000000000002' }
          : { SequenceNumber: String(i), ShardId: 'shardId-000000000002' }
      ),
    }));
    // Act
    const outcome = await sendOrders(10, deps(new FakeClock(), 'broken'));
    // Assert
    expect(outcome).toMatchObject({ attempted: 10, accepted: 5, throttled: 5, failed: 0 });
    expect(kinesisMock).toHaveReceivedCommandTimes(PutRecordsCommand, 1);
  });

  it('counts InternalFailure records as failed, not throttled', async () => {
    // Arrange
    kinesisMock.on(PutRecordsCommand).resolves({
      FailedRecordCount: 1,
      Records: [
        { SequenceNumber: '1', ShardId: 'shardId-000000000001' },
        { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' },
      ],
    });
    // Act
    const outcome = await sendOrders(2, deps(new FakeClock(), 'fixed'));
    // Assert
    expect(outcome).toMatchObject({ attempted: 2, accepted: 1, throttled: 0, failed: 1 });
  });

  it('counts a whole request rejected for throughput as throttled', async () => {
    // Arrange
    const error = Object.assign(new Error('Rate exceeded for stream orders'), { name: THROTTLED });
    kinesisMock.on(PutRecordsCommand).rejects(error);
    // Act
    const outcome = await sendOrders(3, deps(new FakeClock(), 'broken'));
    // Assert
    expect(outcome).toMatchObject({ attempted: 3, accepted: 0, throttled: 3, failed: 0 });
  });

  it('fails on any other PutRecords error', async () => {
    // Arrange
    const error = Object.assign(new Error('Stream orders not found'), {
      name: 'ResourceNotFoundException',
    });
    kinesisMock.on(PutRecordsCommand).rejects(error);
    // Act + Assert
    await expect(sendOrders(3, deps(new FakeClock(), 'broken'))).rejects.toThrow(
      'Stream orders not found'
    );
  });
});

describe('produceOrders', () => {
  it('sends the rate once per clock second for the duration, publishing each second', async () => {
    // Arrange
    acceptAll();
    const clock = new FakeClock();
    const start = clock.now();
    // Act
    const summary = await produceOrders(
      { ratePerSecond: 10, durationSeconds: 3 },
      deps(clock, 'fixed')
    );
    metrics.publishStoredMetrics();
    // Assert
    expect(summary).toMatchObject({ ticks: 3, attempted: 30, accepted: 30, throttled: 0 });
    expect(clock.now() - start).toBe(2_000);
    expect(kinesisMock).toHaveReceivedCommandTimes(PutRecordsCommand, 3);
    expect(output.metricValues(MetricName.OrdersAttempted)).toEqual([10, 10, 10]);
  });

  it('stops early when told to', async () => {
    // Arrange
    acceptAll();
    let calls = 0;
    // Act
    const summary = await produceOrders(
      { ratePerSecond: 10, durationSeconds: 60 },
      { ...deps(new FakeClock(), 'fixed'), shouldStop: () => ++calls > 2 }
    );
    // Assert
    expect(summary).toMatchObject({ ticks: 2, attempted: 20 });
  });

  it('loses ~40% to throttling at 1,600/s with the hot key on a 4-shard stream', async () => {
    // Arrange
    const clock = new FakeClock();
    fourShardStream(clock);
    // Act
    const summary = await produceOrders(
      { ratePerSecond: 1_600, durationSeconds: 3 },
      deps(clock, 'broken')
    );
    metrics.publishStoredMetrics();
    // Assert: one shard takes 1,000 of each second's 1,600; the other 600 are throttled
    expect(summary).toMatchObject({ attempted: 4_800, accepted: 3_000, throttled: 1_800 });
    expect(summary.throttled / summary.attempted).toBeCloseTo(0.375, 3);
    expect(output.metricSum(MetricName.OrdersThrottled)).toBe(1_800);
    expect(kinesisMock).toHaveReceivedCommandTimes(PutRecordsCommand, 12);
    expect(output.entries()).toContainEqual(
      expect.objectContaining({
        message: 'records throttled',
        level: 'WARN',
        throttled: 600,
        errorMessage: expect.stringContaining('shardId-000000000002'),
      })
    );
  });

  it('loses nothing at 1,600/s with order ids as keys on a 4-shard stream', async () => {
    // Arrange
    const clock = new FakeClock();
    fourShardStream(clock);
    // Act
    const summary = await produceOrders(
      { ratePerSecond: 1_600, durationSeconds: 3 },
      deps(clock, 'fixed')
    );
    metrics.publishStoredMetrics();
    // Assert
    expect(summary).toMatchObject({ attempted: 4_800, accepted: 4_800, throttled: 0 });
    expect(output.metricSum(MetricName.OrdersAccepted)).toBe(4_800);
    expect(output.entries()).not.toContainEqual(
      expect.objectContaining({ message: 'records throttled' })
    );
  });
});
