import {
  KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandInput,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  handler,
  type ProducerDeps,
  produceTrades,
  sendTrades,
} from '../../../functions/latency-forensics/producer';
import { InvalidEventError } from '../../../functions/shared/errors';
import { metrics } from '../../../functions/shared/powertools';
import { MAX_RECORDS_PER_PUT } from '../../../functions/shared/put-records';
import { Env, MetricName } from '../../../infra/names';
import { ConsoleCapture } from '../../helpers/console-capture';
import { FakeClock } from '../../helpers/fake-clock';
import { lambdaContext } from '../../helpers/lambda-context';

const kinesis = mockClient(KinesisClient);

/** A PutRecords answer that accepts every record of the request. */
function acceptAll(input: PutRecordsCommandInput) {
  const records = input.Records ?? [];
  return {
    FailedRecordCount: 0,
    Records: records.map(
      (_, i): PutRecordsResultEntry => ({
        SequenceNumber: String(
          49_543_463_076_548_007_577_105_092_703_039_560_359_975_228_518n + BigInt(i)
        ),
        ShardId: `shardId-00000000000${i % 2}`,
      })
    ),
  };
}

/** The PutRecords calls the mock received, in order. */
function putCalls(): PutRecordsCommandInput[] {
  return kinesis.commandCalls(PutRecordsCommand).map((call) => call.args[0].input);
}

function deps(clock: FakeClock, shouldStop?: () => boolean): ProducerDeps {
  return { client: new KinesisClient({}), clock, streamName: 'trades', shouldStop };
}

let output: ConsoleCapture;

beforeEach(() => {
  kinesis.reset();
  metrics.clearMetrics();
  output = new ConsoleCapture();
  process.env[Env.StreamName] = 'trades';
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sendTrades', () => {
  it('sends a second of 500 trades in one PutRecords call, each keyed by its trade id', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).callsFake(acceptAll);

    // Act
    const outcome = await sendTrades(500, deps(new FakeClock(Date.now())));

    // Assert
    expect(outcome).toMatchObject({ attempted: 500, accepted: 500, failed: 0 });
    expect(kinesis).toHaveReceivedCommandTimes(PutRecordsCommand, 1);
    expect(kinesis).toHaveReceivedCommandWith(PutRecordsCommand, { StreamName: 'trades' });
    for (const entry of putCalls()[0]?.Records ?? []) {
      const trade = JSON.parse(Buffer.from(entry.Data as Uint8Array).toString('utf8'));
      expect(entry.PartitionKey).toBe(trade.tradeId);
    }
  });

  it('splits a second into PutRecords calls of at most 500 records', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).callsFake(acceptAll);

    // Act
    const outcome = await sendTrades(1_200, deps(new FakeClock(Date.now())));

    // Assert
    expect(outcome.accepted).toBe(1_200);
    expect(putCalls().map((call) => call.Records?.length)).toEqual([500, 500, 200]);
    for (const call of putCalls()) {
      expect(call.Records?.length).toBeLessThanOrEqual(MAX_RECORDS_PER_PUT);
    }
  });

  it('counts the records a partial PutRecords failure rejected', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => {
      const answer = acceptAll(input);
      answer.FailedRecordCount = 3;
      answer.Records[7] = {
        ErrorCode: 'ProvisionedThroughputExceededException',
        ErrorMessage: 'Rate exceeded for shard shardId-000000000001 in stream trades.',
      };
      answer.Records[8] = { ...answer.Records[7] };
      answer.Records[9] = {
        ErrorCode: 'InternalFailure',
        ErrorMessage: 'Internal service failure.',
      };
      return answer;
    });

    // Act
    const outcome = await sendTrades(500, deps(new FakeClock(Date.now())));

    // Assert
    expect(outcome).toEqual({
      attempted: 500,
      accepted: 497,
      failed: 3,
      errorCodes: { ProvisionedThroughputExceededException: 2, InternalFailure: 1 },
    });
  });

  it('keeps each trade small enough for one 1 KB write capacity unit', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).callsFake(acceptAll);

    // Act
    await sendTrades(200, deps(new FakeClock(Date.now())));

    // Assert
    const sizes = (putCalls()[0]?.Records ?? []).map((entry) => (entry.Data as Uint8Array).length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(150);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(300);
  });
});

describe('produceTrades', () => {
  it('sends the rate every second and stops at the duration', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).callsFake(acceptAll);
    const start = Date.now();
    const clock = new FakeClock(start);

    // Act
    const summary = await produceTrades({ ratePerSecond: 500, durationSeconds: 5 }, deps(clock));

    // Assert
    expect(summary).toEqual({
      ratePerSecond: 500,
      durationSeconds: 5,
      ticks: 5,
      attempted: 2_500,
      accepted: 2_500,
      failed: 0,
    });
    expect(kinesis).toHaveReceivedCommandTimes(PutRecordsCommand, 5);
    // Four one-second waits between five seconds of sending; none after the last.
    expect(clock.now() - start).toBe(4_000);
  });

  it('stops early when it is told the deadline is near', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).callsFake(acceptAll);
    const clock = new FakeClock(Date.now());
    const deadline = clock.now() + 2_500;

    // Act
    const summary = await produceTrades(
      { ratePerSecond: 500, durationSeconds: 600 },
      deps(clock, () => clock.now() >= deadline)
    );

    // Assert
    expect(summary.ticks).toBe(3);
    expect(summary.accepted).toBe(1_500);
  });

  it('emits TradesSent with the accepted count of each second and warns about rejections', async () => {
    // Arrange
    let call = 0;
    kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => {
      const answer = acceptAll(input);
      if (call++ === 1) {
        answer.FailedRecordCount = 1;
        answer.Records[0] = {
          ErrorCode: 'InternalFailure',
          ErrorMessage: 'Internal service failure.',
        };
      }
      return answer;
    });
    const start = Date.now();
    const clock = new FakeClock(start);

    // Act
    await produceTrades({ ratePerSecond: 100, durationSeconds: 3 }, deps(clock));
    metrics.publishStoredMetrics();

    // Assert
    expect(output.metricValues(MetricName.TradesSent)).toEqual([100, 99, 100]);
    expect(output.metricTimestamps(MetricName.TradesSent)).toEqual([
      start,
      start + 1_000,
      start + 2_000,
    ]);
    expect(output.logs('records rejected')).toEqual([
      expect.objectContaining({
        level: 'WARN',
        second: 1,
        attempted: 100,
        failed: 1,
        errorCodes: { InternalFailure: 1 },
      }),
    ]);
  });
});

describe('producer handler', () => {
  it('sends the default 500 trades/s for the requested duration and reports the totals', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).callsFake(acceptAll);

    // Act
    const summary = await handler({ durationSeconds: 1 }, lambdaContext('producer', 700_000));

    // Assert
    expect(summary).toMatchObject({ ratePerSecond: 500, durationSeconds: 1, accepted: 500 });
    expect(output.metricValues(MetricName.TradesSent)).toEqual([500]);
    // The last second's count is left for logMetrics, so it never flushes an empty buffer.
    expect(output.raw().some((line) => line.includes('No application metrics'))).toBe(false);
    expect(output.logs('traffic started')).toEqual([
      expect.objectContaining({ ratePerSecond: 500, durationSeconds: 1, streamName: 'trades' }),
    ]);
    expect(output.logs('traffic finished')).toEqual([
      expect.objectContaining({ ticks: 1, attempted: 500, accepted: 500, failed: 0 }),
    ]);
  });

  it.each([
    [{ ratePerSecond: -5 }, /ratePerSecond must be greater than 0 and at most 2000 \(got -5\)/],
    [{ ratePerSecond: 2_001 }, /ratePerSecond must be greater than 0 and at most 2000/],
    [{ durationSeconds: 86_400 }, /durationSeconds must be between 1 and 600 \(got 86400\)/],
    ['fast', /the producer event must be a JSON object/],
  ])('rejects the event %j before sending anything', async (event, message) => {
    // Act
    const error = await handler(event, lambdaContext('producer', 700_000)).catch((e) => e);

    // Assert
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toMatch(message);
    expect(kinesis).not.toHaveReceivedCommand(PutRecordsCommand);
  });
});
