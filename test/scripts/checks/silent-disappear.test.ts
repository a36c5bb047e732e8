import { afterEach, describe, expect, it } from 'vitest';
import { OutputKey, ScenarioId } from '../../../infra/names';
import { runCheck } from '../../../scripts/checks/run-check';
import { silentDisappearCheck } from '../../../scripts/checks/silent-disappear';
import { Verdict } from '../../../scripts/checks/verdict';
import {
  type CannedData,
  cannedClients,
  NOW,
  newest,
  WINDOW_MINUTES,
} from '../../helpers/canned-cloudwatch';

const outputs = { [OutputKey.PipeName]: 'products-pipe', [OutputKey.QueueName]: 'product-events' };
let restore = () => {};

async function judge(data: CannedData) {
  const clients = cannedClients(ScenarioId.SilentDisappear, outputs, data);
  restore = clients.restore;
  return runCheck(silentDisappearCheck, clients, { now: NOW, minutes: WINDOW_MINUTES });
}

describe('silent-disappear check', () => {
  afterEach(() => restore());

  it('passes when every product, large ones included, reaches the queue', async () => {
    // Act
    const result = await judge({
      smallWritten: newest([90, 90, 90, 0]),
      largeWritten: newest([30, 30, 30, 0]),
      smallDelivered: newest([88, 92, 90, 0]),
      largeDelivered: newest([29, 31, 30, 0]),
      executionFailed: newest([0, 0, 0, 0]),
      targetFailed: newest([0, 0, 0, 0]),
    });
    // Assert
    expect(result.verdict).toBe(Verdict.Pass);
  });

  it('fails when large products never arrive and the pipe fails at the target', async () => {
    // Act
    const result = await judge({
      smallWritten: newest([90, 90, 90, 0]),
      largeWritten: newest([14, 14, 14, 0]),
      smallDelivered: newest([90, 90, 90, 0]),
      largeDelivered: newest([0, 0, 0, 0]),
      executionFailed: newest([14, 14, 14, 0]),
      targetFailed: newest([14, 14, 14, 0]),
    });
    // Assert
    expect(result.verdict).toBe(Verdict.Fail);
    expect(result.summary).toMatch(/42 large products written, 0 delivered/);
    expect(result.summary).toMatch(/TargetStageFailed = 42/);
  });

  it('advises a claim check when delivered messages still carry the item', async () => {
    // Act: every product delivered, but in ~780 KB messages (two copies of a 390 KB item)
    const result = await judge({
      smallWritten: newest([90, 90, 0]),
      largeWritten: newest([30, 30, 0]),
      smallDelivered: newest([90, 90, 0]),
      largeDelivered: newest([30, 30, 0]),
      sentSize: newest([798_720, 614_400, undefined]),
    });
    // Assert: not the lesson's failure, but said
    expect(result.verdict).toBe(Verdict.Pass);
    expect(result.advice[0]).toMatch(/largest message on the queue was 798,720 bytes/);
  });

  it('is not proven when only small products were written', async () => {
    // Act
    const result = await judge({
      smallWritten: newest([90, 90]),
      smallDelivered: newest([90, 90]),
    });
    // Assert
    expect(result.verdict).toBe(Verdict.NotProven);
    expect(result.summary).toMatch(/no large products written/);
  });

  it('is not proven while every write is still in flight', async () => {
    // Act
    const result = await judge({ largeWritten: newest([3]), smallWritten: newest([9]) });
    // Assert
    expect(result.verdict).toBe(Verdict.NotProven);
  });
});
