import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, pollerHarness, REGION, settle } from './harness';

type Harness = ReturnType<typeof pollerHarness>;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Puts `data` records in order on a one-shard stream; returns their sequence numbers. */
function putAll(harness: Harness, streamName: string, data: string[]): string[] {
  const stream = harness.kinesis.stream({ StreamName: streamName });
  return data.map((text) => {
    const [result] = harness.kinesis.put(
      stream,
      [{ Data: Buffer.from(text).toString('base64'), PartitionKey: 'pk' }],
      'PutRecord'
    );
    if (!result || !('SequenceNumber' in result)) throw new Error('put failed');
    return result.SequenceNumber;
  });
}

function ofdMessages(harness: Harness, queueArn: string): string[] {
  const queue = harness.sqs.getQueue(queueArn);
  return [...queue.messages()].map((m) => m.body);
}

describe('Kinesis event source mapping', () => {
  describe('functionality', () => {
    it('retries a failing batch MaximumRetryAttempts times, sends ONE on-failure record, then moves on', async () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('processor', 'stream-poison');
      harness.kinesis.createStream({ StreamName: 'events', ShardCount: 1 });
      const ofd = harness.sqs.createQueue('ofd');
      const t0 = harness.clock.now();
      const seqs = putAll(harness, 'events', [
        'a',
        'b',
        'poison',
        'c',
        'd',
        'e',
        'f',
        'g',
        'h',
        'i',
      ]);
      await harness.clock.advance(5_000);
      // Act
      const mapping = harness.lambda.store.mappings.create({
        FunctionName: 'processor',
        EventSourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/events`,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 5,
        MaximumRetryAttempts: 2,
        BisectBatchOnFunctionError: false,
        DestinationConfig: { OnFailure: { Destination: ofd.arn } },
        MetricsConfig: { Metrics: ['EventCount'] },
      });
      await harness.drive(() => harness.logged('processor').length >= 4);
      await harness.drive(
        () => harness.lambda.store.mappings.get(mapping.UUID).LastProcessingResult === 'OK'
      );
      // Assert: three attempts at the first batch, then the second batch
      const batches = harness.logged('processor').map((l) => l.batch);
      expect(batches).toEqual([
        ['a', 'b', 'poison', 'c', 'd'],
        ['a', 'b', 'poison', 'c', 'd'],
        ['a', 'b', 'poison', 'c', 'd'],
        ['e', 'f', 'g', 'h', 'i'],
      ]);
      const fn = { FunctionName: 'processor' };
      expect(harness.metrics.sum('AWS/Lambda', 'Invocations', fn)).toBe(4);
      expect(harness.metrics.sum('AWS/Lambda', 'Errors', fn)).toBe(3);
      // Assert: exactly one on-failure record, in the C.4 format
      const bodies = ofdMessages(harness, ofd.arn);
      expect(bodies).toHaveLength(1);
      const record = JSON.parse(bodies[0] as string);
      expect(Object.keys(record)).toEqual([
        'requestContext',
        'responseContext',
        'version',
        'timestamp',
        'KinesisBatchInfo',
      ]);
      expect(record.requestContext).toEqual({
        requestId: expect.any(String),
        functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:processor`,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
      });
      expect(record.responseContext).toEqual({
        statusCode: 200,
        executedVersion: '$LATEST',
        functionError: 'Unhandled',
      });
      expect(record.version).toBe('1.0');
      expect(record.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(record.KinesisBatchInfo).toEqual({
        shardId: 'shardId-000000000000',
        startSequenceNumber: seqs[0],
        endSequenceNumber: seqs[4],
        approximateArrivalOfFirstRecord: new Date(t0).toISOString(),
        approximateArrivalOfLastRecord: new Date(t0).toISOString(),
        batchSize: 5,
        streamArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/events`,
      });
      // Assert: the opt-in ESM metrics, by EventSourceMappingUUID
      const esm = { EventSourceMappingUUID: mapping.UUID };
      expect(harness.metrics.sum('AWS/Lambda', 'PolledEventCount', esm)).toBe(10);
      expect(harness.metrics.sum('AWS/Lambda', 'InvokedEventCount', esm)).toBe(20);
      expect(harness.metrics.sum('AWS/Lambda', 'FailedInvokeEventCount', esm)).toBe(15);
      expect(
        harness.metrics.sum('AWS/Lambda', 'OnFailureDestinationDeliveredEventCount', esm)
      ).toBe(5);
      expect(harness.metrics.sum('AWS/Lambda', 'DroppedEventCount', esm)).toBe(0);
      expect(harness.metrics.find('AWS/Lambda', 'DestinationDeliveryFailures', fn)).toEqual([]);
      // Assert: IteratorAge = age of the last record of the batch when it was sent
      const ages = harness.metrics.find('AWS/Lambda', 'IteratorAge', fn);
      expect(ages[0]).toMatchObject({ value: 5_000, unit: 'Milliseconds' });
      expect(ages.every((d) => d.value >= 5_000)).toBe(true);
    });

    it('drops the batch and counts DroppedEventCount when there is no on-failure destination', async () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('processor', 'stream-poison');
      harness.kinesis.createStream({ StreamName: 'events', ShardCount: 1 });
      putAll(harness, 'events', ['poison', 'ok']);
      // Act
      const mapping = harness.lambda.store.mappings.create({
        FunctionName: 'processor',
        EventSourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/events`,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 1,
        MaximumRetryAttempts: 0,
        MetricsConfig: { Metrics: ['EventCount'] },
      });
      await harness.drive(() => harness.logged('processor').length >= 2);
      await harness.drive(
        () => harness.lambda.store.mappings.get(mapping.UUID).LastProcessingResult === 'OK'
      );
      // Assert
      expect(harness.logged('processor').map((l) => l.batch)).toEqual([['poison'], ['ok']]);
      const esm = { EventSourceMappingUUID: mapping.UUID };
      expect(harness.metrics.sum('AWS/Lambda', 'DroppedEventCount', esm)).toBe(1);
    });

    it('splits a failing batch with BisectBatchOnFunctionError until the poison record is alone', async () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('processor', 'stream-poison');
      harness.kinesis.createStream({ StreamName: 'events', ShardCount: 1 });
      const ofd = harness.sqs.createQueue('ofd');
      const seqs = putAll(harness, 'events', ['a', 'b', 'poison', 'c']);
      // Act
      harness.lambda.store.mappings.create({
        FunctionName: 'processor',
        EventSourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/events`,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 4,
        MaximumRetryAttempts: 1,
        BisectBatchOnFunctionError: true,
        DestinationConfig: { OnFailure: { Destination: ofd.arn } },
      });
      await harness.drive(() => ofdMessages(harness, ofd.arn).length === 1);
      await harness.drive(() => harness.logged('processor').length >= 6);
      // Assert: [a b poison c] -> [a b] ok, [poison c] -> [poison] x2 (1 retry) -> [c]
      expect(harness.logged('processor').map((l) => l.batch)).toEqual([
        ['a', 'b', 'poison', 'c'],
        ['a', 'b'],
        ['poison', 'c'],
        ['poison'],
        ['poison'],
        ['c'],
      ]);
      const info = JSON.parse(ofdMessages(harness, ofd.arn)[0] as string).KinesisBatchInfo;
      expect(info).toMatchObject({
        batchSize: 1,
        startSequenceNumber: seqs[2],
        endSequenceNumber: seqs[2],
      });
    });

    it('checkpoints before the lowest failed item of a partial batch response and retries from there', async () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('processor', 'stream-partial');
      harness.kinesis.createStream({ StreamName: 'events', ShardCount: 1 });
      putAll(harness, 'events', ['a', 'b', 'fail-once-1', 'fail-once-2', 'c', 'd']);
      // Act
      const mapping = harness.lambda.store.mappings.create({
        FunctionName: 'processor',
        EventSourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/events`,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 5,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MetricsConfig: { Metrics: ['EventCount'] },
      });
      await harness.drive(() => harness.logged('processor').length >= 3);
      // Assert: the retry starts at fail-once-1 (not a, b) and keeps the batch's end
      expect(harness.logged('processor').map((l) => l.batch)).toEqual([
        ['a', 'b', 'fail-once-1', 'fail-once-2', 'c'],
        ['fail-once-1', 'fail-once-2', 'c'],
        ['d'],
      ]);
      const esm = { EventSourceMappingUUID: mapping.UUID };
      expect(harness.metrics.sum('AWS/Lambda', 'FailedInvokeEventCount', esm)).toBe(2);
    });

    it('treats an itemIdentifier that is not in the batch as a failure of the whole batch', async () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('processor', 'stream-partial');
      harness.kinesis.createStream({ StreamName: 'events', ShardCount: 1 });
      putAll(harness, 'events', ['a']);
      const { parseBatchResponse } = await import('../../../emulator/pollers/batch-response');
      // Act + Assert
      expect(
        parseBatchResponse('{"batchItemFailures":[{"itemIdentifier":"x"}]}', new Set(['a']))
      ).toEqual({
        kind: 'invalid',
        reason: 'itemIdentifier x is not in the batch',
      });
      expect(
        parseBatchResponse('{"batchItemFailures":[{"itemIdentifer":"a"}]}', new Set(['a'])).kind
      ).toBe('invalid');
      expect(parseBatchResponse('{"batchItemFailures":[]}', new Set(['a']))).toEqual({
        kind: 'success',
      });
      expect(parseBatchResponse('null', new Set(['a']))).toEqual({ kind: 'success' });
    });

    it('stops polling when disabled and resumes at its checkpoint when enabled again', async () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('processor', 'stream-poison');
      harness.kinesis.createStream({ StreamName: 'events', ShardCount: 1 });
      putAll(harness, 'events', ['a']);
      const mapping = harness.lambda.store.mappings.create({
        FunctionName: 'processor',
        EventSourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/events`,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 10,
      });
      await harness.drive(() => harness.logged('processor').length >= 1);
      // Act
      const disabled = harness.lambda.store.mappings.update(mapping.UUID, { Enabled: false });
      putAll(harness, 'events', ['b']);
      await harness.clock.advance(10_000);
      const whileDisabled = harness.logged('processor').length;
      const enabled = harness.lambda.store.mappings.update(mapping.UUID, { Enabled: true });
      await harness.drive(() => harness.logged('processor').length >= 2);
      // Assert
      expect(disabled.State).toBe('Disabling');
      expect(harness.lambda.store.mappings.get(mapping.UUID).State).toBe('Enabled');
      expect(enabled.State).toBe('Enabling');
      expect(whileDisabled).toBe(1);
      expect(harness.logged('processor').map((l) => l.batch)).toEqual([['a'], ['b']]);
    });

    it('waits MaximumBatchingWindowInSeconds to gather a batch', async () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('processor', 'stream-poison');
      harness.kinesis.createStream({ StreamName: 'events', ShardCount: 1 });
      putAll(harness, 'events', ['a', 'b']);
      harness.lambda.store.mappings.create({
        FunctionName: 'processor',
        EventSourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/events`,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: 5,
      });
      // Act
      const seen: number[] = [];
      for (let second = 1; second <= 4; second++) {
        await harness.clock.advance(1_000);
        await settle();
        if (second === 2) putAll(harness, 'events', ['c']);
        seen.push(harness.logged('processor').length);
      }
      await harness.drive(() => harness.logged('processor').length >= 1);
      // Assert
      expect(seen).toEqual([0, 0, 0, 0]);
      expect(harness.logged('processor').map((l) => l.batch)).toEqual([['a', 'b', 'c']]);
    });

    it('gives up a batch older than MaximumRecordAgeInSeconds (retries -1) with condition RecordAgeExceeded', async () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('processor', 'stream-poison');
      harness.kinesis.createStream({ StreamName: 'events', ShardCount: 1 });
      const ofd = harness.sqs.createQueue('ofd');
      putAll(harness, 'events', ['poison']);
      // Act
      harness.lambda.store.mappings.create({
        FunctionName: 'processor',
        EventSourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/events`,
        StartingPosition: 'TRIM_HORIZON',
        MaximumRecordAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: ofd.arn } },
      });
      await harness.drive(() => ofdMessages(harness, ofd.arn).length === 1, { stepMs: 5_000 });
      // Assert
      const record = JSON.parse(ofdMessages(harness, ofd.arn)[0] as string);
      expect(record.requestContext.condition).toBe('RecordAgeExceeded');
      expect(record.requestContext.approximateInvokeCount).toBeGreaterThan(1);
      expect(
        harness.clock.now() - Date.parse(record.KinesisBatchInfo.approximateArrivalOfFirstRecord)
      ).toBeGreaterThan(60_000);
    });

    it('reads a busy shard once per poll and cuts batches from what it read (no read throttling)', async () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('processor', 'stream-poison');
      harness.kinesis.createStream({ StreamName: 'events', ShardCount: 1 });
      putAll(
        harness,
        'events',
        Array.from({ length: 1000 }, (_, i) => `r${i}`)
      );
      // Act
      harness.lambda.store.mappings.create({
        FunctionName: 'processor',
        EventSourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/events`,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 100,
      });
      await harness.drive(() => harness.logged('processor').length >= 10);
      // Assert
      const batches = harness.logged('processor').map((l) => (l.batch as string[]).length);
      expect(batches).toEqual(Array(10).fill(100));
      expect(
        harness.metrics.sum('AWS/Kinesis', 'ReadProvisionedThroughputExceeded', {
          StreamName: 'events',
        })
      ).toBe(0);
    });
  });
});
