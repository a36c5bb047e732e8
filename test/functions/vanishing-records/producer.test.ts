import {
  KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandInput,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidEventError } from '../../../functions/shared/errors';
import { metrics } from '../../../functions/shared/powertools';
import {
  handler,
  makeRecord,
  type ProducerDeps,
  parseTrafficEvent,
  produceEvents,
} from '../../../functions/vanishing-records/producer';
import type { EventRecord } from '../../../functions/vanishing-records/record';
import { Env, MetricName } from '../../../infra/names';
import { ConsoleCapture } from '../../helpers/console-capture';
import { FakeClock } from '../../helpers/fake-clock';
import { lambdaContext } from '../../helpers/lambda-context';

const STREAM = 'forensics-vanishing-records-events';
const kinesisMock = mockClient(KinesisClient);

/** A stream that accepts every record, giving each a sequence number. */
function acceptEverything(): void {
  let sequence = 0n;
  kinesisMock.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => ({
    FailedRecordCount: 0,
    Records: (input.Records ?? []).map(() => ({
      SequenceNumber: String(
        49601189658422359378836298521827638475320189012309704722n + sequence++
      ),
      ShardId: 'shardId-000000000000',
    })),
  }));
}

/** The records of every PutRecords call, decoded. */
function sentRecords(): EventRecord[] {
  return kinesisMock
    .commandCalls(PutRecordsCommand)
    .flatMap((call) => call.args[0].input.Records ?? [])
    .map((entry) => JSON.parse(Buffer.from(entry.Data ?? new Uint8Array()).toString()));
}

function deps(clock = new FakeClock()): ProducerDeps {
  return { client: new KinesisClient({}), clock, streamName: STREAM, runId: 'run-1' };
}

describe('parseTrafficEvent', () => {
  it('applies the defaults: 20 records/s for 60 s, one poison in the given default', () => {
    // Act
    const plan = parseTrafficEvent({}, 20);

    // Assert
    expect(plan).toEqual({ ratePerSecond: 20, durationSeconds: 60, poisonEvery: 20 });
  });

  it('takes poisonEvery from the event over the default', () => {
    // Act
    const plan = parseTrafficEvent({ ratePerSecond: 50, durationSeconds: 10, poisonEvery: 7 }, 20);

    // Assert
    expect(plan).toEqual({ ratePerSecond: 50, durationSeconds: 10, poisonEvery: 7 });
  });

  it.each([
    [
      'a negative rate',
      { ratePerSecond: -5 },
      /ratePerSecond must be greater than 0 and at most 500 \(got -5\)/,
    ],
    ['a rate above 500', { ratePerSecond: 501 }, /at most 500 \(got 501\)/],
    [
      'an absurd duration',
      { durationSeconds: 86_400 },
      /durationSeconds must be between 1 and 600 \(got 86400\)/,
    ],
    [
      'poisonEvery 1 (every record poison)',
      { poisonEvery: 1 },
      /poisonEvery must be an integer from 2 to 10000 \(got 1\)/,
    ],
    ['poisonEvery above 10,000', { poisonEvery: 10_001 }, /\(got 10001\)/],
    ['a fractional poisonEvery', { poisonEvery: 2.5 }, /\(got 2.5\)/],
    ['a poisonEvery that is not a number', { poisonEvery: '20' }, /\(got "20"\)/],
  ])('rejects %s', (_name, event, message) => {
    // Act + Assert
    expect(() => parseTrafficEvent(event, 20)).toThrow(InvalidEventError);
    expect(() => parseTrafficEvent(event, 20)).toThrow(message);
  });
});

describe('makeRecord', () => {
  it('makes every poisonEvery-th record poison, starting with seq poisonEvery - 1', () => {
    // Act
    const poison = Array.from({ length: 60 }, (_, seq) => makeRecord('run-1', seq, 20))
      .filter((record) => record.poison)
      .map((record) => record.seq);

    // Assert
    expect(poison).toEqual([19, 39, 59]);
  });

  it('gives each record an id made of the run id and its seq', () => {
    // Act
    const record = makeRecord('run-1', 4, 20);

    // Assert
    expect(record).toEqual({
      id: 'run-1-4',
      seq: 4,
      poison: false,
      payload: 'reading 4 of run run-1',
    });
  });
});

describe('producer', () => {
  let capture: ConsoleCapture;

  beforeEach(() => {
    kinesisMock.reset();
    capture = new ConsoleCapture();
  });

  afterEach(() => {
    metrics.clearMetrics();
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('writes rate x duration records, one PutRecords per second, keyed by record id', async () => {
    // Arrange
    acceptEverything();
    const clock = new FakeClock();
    const start = clock.now();

    // Act
    const summary = await produceEvents(
      { ratePerSecond: 10, durationSeconds: 3, poisonEvery: 5 },
      deps(clock)
    );

    // Assert
    expect(kinesisMock).toHaveReceivedCommandTimes(PutRecordsCommand, 3);
    expect(kinesisMock).toHaveReceivedCommandWith(PutRecordsCommand, {
      StreamName: STREAM,
      Records: expect.arrayContaining([expect.objectContaining({ PartitionKey: 'run-1-0' })]),
    });
    expect(sentRecords().map((record) => record.seq)).toEqual(
      Array.from({ length: 30 }, (_, i) => i)
    );
    expect(sentRecords().filter((record) => record.poison)).toHaveLength(6);
    expect(summary).toMatchObject({ ticks: 3, produced: 30, poisonProduced: 6, rejected: 0 });
    expect(clock.now() - start).toBe(2_000);
  });

  it('emits RecordsProduced and PoisonRecordsProduced each second', async () => {
    // Arrange
    acceptEverything();

    // Act
    await produceEvents({ ratePerSecond: 10, durationSeconds: 3, poisonEvery: 5 }, deps());

    // Assert
    expect(capture.metricValues(MetricName.RecordsProduced)).toEqual([10, 10, 10]);
    expect(capture.metricValues(MetricName.PoisonRecordsProduced)).toEqual([2, 2, 2]);
  });

  it('counts only the records the stream accepted, poison included', async () => {
    // Arrange: the stream refuses the 5th record (a poison one) of the only call.
    kinesisMock.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => ({
      FailedRecordCount: 1,
      Records: (input.Records ?? []).map((_, i) =>
        i === 4
          ? { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' }
          : { SequenceNumber: String(1000 + i), ShardId: 'shardId-000000000000' }
      ),
    }));

    // Act
    const summary = await produceEvents(
      { ratePerSecond: 10, durationSeconds: 1, poisonEvery: 5 },
      deps()
    );

    // Assert
    expect(summary).toMatchObject({ produced: 9, poisonProduced: 1, rejected: 1 });
    expect(capture.metricValues(MetricName.RecordsProduced)).toEqual([9]);
    expect(capture.metricValues(MetricName.PoisonRecordsProduced)).toEqual([1]);
    expect(capture.logs('records rejected')).toEqual([
      expect.objectContaining({ rejected: 1, errorMessage: 'Internal service failure.' }),
    ]);
  });

  it('stops early when told to', async () => {
    // Arrange
    acceptEverything();
    let calls = 0;

    // Act
    const summary = await produceEvents(
      { ratePerSecond: 10, durationSeconds: 60, poisonEvery: 20 },
      { ...deps(), shouldStop: () => calls++ >= 2 }
    );

    // Assert
    expect(summary).toMatchObject({ ticks: 2, produced: 20 });
  });

  it('rejects a negative rate before writing anything', async () => {
    // Arrange
    vi.stubEnv(Env.StreamName, STREAM);

    // Act
    const invocation = handler({ ratePerSecond: -1 }, lambdaContext('producer'));

    // Assert
    await expect(invocation).rejects.toThrow(InvalidEventError);
    expect(kinesisMock).not.toHaveReceivedCommand(PutRecordsCommand);
  });

  it('rejects an absurd duration before writing anything', async () => {
    // Arrange
    vi.stubEnv(Env.StreamName, STREAM);

    // Act
    const invocation = handler({ durationSeconds: 3_600 }, lambdaContext('producer'));

    // Assert
    await expect(invocation).rejects.toThrow(/durationSeconds must be between 1 and 600/);
    expect(kinesisMock).not.toHaveReceivedCommand(PutRecordsCommand);
  });
});
