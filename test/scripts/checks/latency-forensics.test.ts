import { afterEach, describe, expect, it } from 'vitest';
import { OutputKey, ScenarioId } from '../../../infra/names';
import { latencyForensicsCheck } from '../../../scripts/checks/latency-forensics';
import { runCheck } from '../../../scripts/checks/run-check';
import { Verdict } from '../../../scripts/checks/verdict';
import {
  type CannedData,
  cannedClients,
  NOW,
  newest,
  WINDOW_MINUTES,
} from '../../helpers/canned-cloudwatch';

const outputs = {
  [OutputKey.TableName]: 'trades-table',
  [OutputKey.ProcessorFunctionName]: 'processor-fn',
};
let restore = () => {};

async function judge(data: CannedData) {
  const clients = cannedClients(ScenarioId.LatencyForensics, outputs, data);
  restore = clients.restore;
  return runCheck(latencyForensicsCheck, clients, { now: NOW, minutes: WINDOW_MINUTES });
}

/** Four minutes at 500 trades/s. */
const sent = newest([30_000, 30_000, 30_000, 30_000]);

describe('latency-forensics check', () => {
  afterEach(() => restore());

  it('passes when the processor keeps up without throttling', async () => {
    // Act
    const result = await judge({
      sent,
      written: newest([30_000, 30_000, 30_000, 29_500]),
      iteratorAge: newest([180, 220, 150, 200]),
      writeThrottles: newest([0, 0, 0, 0]),
      throttledRequests: newest([0, 0, 0, 0]),
    });
    // Assert
    expect(result.verdict).toBe(Verdict.Pass);
  });

  it('fails at 2 WCU: throttles, a climbing iterator age, and trades left behind', async () => {
    // Act
    const result = await judge({
      sent,
      written: newest([600, 120, 120, 120]),
      iteratorAge: newest([20_000, 80_000, 140_000, 200_000]),
      writeThrottles: newest([4_000, 5_200, 5_100, 5_300]),
      throttledRequests: newest([4_000, 5_200, 5_100, 5_300]),
    });
    // Assert
    expect(result.verdict).toBe(Verdict.Fail);
    expect(result.summary).toMatch(/WriteThrottleEvents = 19,600/);
    expect(result.summary).toMatch(/IteratorAge reached 200,000 ms/);
  });

  it('fails the 50 WCU "fix": fewer throttles still mean a processor that cannot keep up', async () => {
    // Act: 50 writes/s sustained against 500/s incoming
    const result = await judge({
      sent,
      written: newest([3_000, 3_000, 3_000, 3_000]),
      iteratorAge: newest([30_000, 60_000, 90_000, 120_000]),
      writeThrottles: newest([300, 280, 310, 290]),
      throttledRequests: newest([300, 280, 310, 290]),
    });
    // Assert
    expect(result.verdict).toBe(Verdict.Fail);
  });

  it('is not proven when no trades flowed', async () => {
    // Act
    const result = await judge({ writeThrottles: newest([0]), iteratorAge: newest([undefined]) });
    // Assert
    expect(result.verdict).toBe(Verdict.NotProven);
  });

  it('is not proven while the processor has not reported an iterator age', async () => {
    // Act
    const result = await judge({ sent, written: sent });
    // Assert
    expect(result.verdict).toBe(Verdict.NotProven);
    expect(result.summary).toMatch(/no IteratorAge yet/);
  });
});
