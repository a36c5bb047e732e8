import { afterEach, describe, expect, it } from 'vitest';
import { OutputKey, ScenarioId } from '../../../infra/names';
import { runCheck } from '../../../scripts/checks/run-check';
import { shardPerpetratorCheck } from '../../../scripts/checks/shard-perpetrator';
import { ConditionStatus, Verdict } from '../../../scripts/checks/verdict';
import {
  type CannedData,
  cannedClients,
  NOW,
  newest,
  WINDOW_MINUTES,
} from '../../helpers/canned-cloudwatch';

const outputs = {
  [OutputKey.StreamName]: 'orders-stream',
  [OutputKey.ConsumerFunctionName]: 'consumer-fn',
};
const shardIds = [0, 1, 2, 3].map((i) => `shardId-00000000000${i}`);
let restore = () => {};

async function judge(data: CannedData) {
  const clients = cannedClients(ScenarioId.ShardPerpetrator, outputs, data, { shardIds });
  restore = clients.restore;
  return runCheck(shardPerpetratorCheck, clients, { now: NOW, minutes: WINDOW_MINUTES });
}

/** Two minutes at 1,600 orders/s: 96,000 a minute. */
const attempted = newest([96_000, 96_000, 0]);

describe('shard-perpetrator check', () => {
  afterEach(() => restore());

  it('passes when four shards share the load and nothing throttles', async () => {
    // Arrange
    const data: CannedData = {
      attempted,
      accepted: attempted,
      throttled: newest([0, 0, 0]),
      writeExceeded: newest([0, 0, 0]),
      iteratorAge: newest([400, 350, undefined]),
      shard_0: newest([24_100, 23_800, 0]),
      shard_1: newest([23_900, 24_200, 0]),
      shard_2: newest([24_000, 24_100, 0]),
      shard_3: newest([24_000, 23_900, 0]),
    };
    // Act
    const result = await judge(data);
    // Assert
    expect(result.verdict).toBe(Verdict.Pass);
    expect(result.series.map((s) => s.id)).toContain('shard_3');
  });

  it('fails on the hot key: one shard takes everything and writes throttle', async () => {
    // Arrange: 1,000 records/s land on shardId-000000000002, 600/s are throttled
    const data: CannedData = {
      attempted,
      accepted: newest([60_000, 60_000, 0]),
      throttled: newest([36_000, 36_000, 0]),
      writeExceeded: newest([36_000, 36_000, 0]),
      iteratorAge: newest([300, 300, undefined]),
      shard_0: newest([0, 0, 0]),
      shard_1: newest([0, 0, 0]),
      shard_2: newest([60_000, 60_000, 0]),
      shard_3: newest([0, 0, 0]),
    };
    // Act
    const result = await judge(data);
    // Assert
    expect(result.verdict).toBe(Verdict.Fail);
    expect(result.summary).toMatch(/120,000 of 192,000 orders accepted \(62\.5%\)/);
    expect(result.summary).toMatch(/WriteProvisionedThroughputExceeded = 72,000/);
    expect(result.summary).toMatch(/shardId-000000000002 100%/);
  });

  it('fails when the hot key is only swapped for another constant key', async () => {
    // Arrange: a different constant lands on a different single shard
    const data: CannedData = {
      attempted,
      accepted: newest([60_000, 60_000, 0]),
      throttled: newest([36_000, 36_000, 0]),
      writeExceeded: newest([36_000, 36_000, 0]),
      iteratorAge: newest([300, 300, undefined]),
      shard_0: newest([60_000, 60_000, 0]),
      shard_1: newest([0, 0, 0]),
      shard_2: newest([0, 0, 0]),
      shard_3: newest([0, 0, 0]),
    };
    // Act
    const result = await judge(data);
    // Assert
    expect(result.verdict).toBe(Verdict.Fail);
    const fair = result.conditions.find((c) => c.name.startsWith('every shard'));
    expect(fair?.status).toBe(ConditionStatus.Failed);
  });

  it('is not proven on an idle stream', async () => {
    // Act
    const result = await judge({});
    // Assert
    expect(result.verdict).toBe(Verdict.NotProven);
    expect(result.nextStep).toMatch(/start the order producer/);
  });
});
