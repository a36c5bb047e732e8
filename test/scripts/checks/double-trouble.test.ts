import { afterEach, describe, expect, it } from 'vitest';
import { OutputKey, ScenarioId } from '../../../infra/names';
import { doubleTroubleCheck } from '../../../scripts/checks/double-trouble';
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
  [OutputKey.ProcessorFunctionName]: 'processor-fn',
  [OutputKey.QueueUrl]: 'http://127.0.0.1:4566/000000000000/orders',
};
let restore = () => {};

async function judge(
  data: CannedData,
  config: { functionTimeout?: number; visibilityTimeout?: number; changedAt?: number } = {}
) {
  const clients = cannedClients(ScenarioId.DoubleTrouble, outputs, data, config);
  restore = clients.restore;
  return runCheck(doubleTroubleCheck, clients, { now: NOW, minutes: WINDOW_MINUTES });
}

describe('double-trouble check', () => {
  afterEach(() => restore());

  it('passes when five orders each complete once', async () => {
    // Act
    const result = await judge({
      sent: newest([5, 0, 0, 0, 0]),
      attempts: newest([5, 0, 0, 0, 0]),
      charged: newest([5, 0, 0, 0, 0]),
      completed: newest([0, 5, 0, 0, 0]),
      errors: newest([0, 0, 0, 0, 0]),
    });
    // Assert
    expect(result.verdict).toBe(Verdict.Pass);
    expect(result.advice).toEqual([]);
  });

  it('fails the broken variant: timeouts, redeliveries and double charges', async () => {
    // Act
    const result = await judge(
      {
        sent: newest([5, 0, 0, 0, 0]),
        attempts: newest([5, 5, 5, 0, 0]),
        charged: newest([5, 5, 5, 0, 0]),
        duplicates: newest([0, 5, 5, 0, 0]),
        completed: newest([0, 0, 0, 0, 0]),
        errors: newest([5, 5, 5, 0, 0]),
      },
      { functionTimeout: 30, visibilityTimeout: 30 }
    );
    // Assert
    expect(result.verdict).toBe(Verdict.Fail);
    expect(result.summary).toMatch(/failed 15 time\(s\)/);
    expect(result.summary).toMatch(/10 duplicate charge/);
    expect(result.summary).toMatch(/15 processing attempts for 5 orders: SQS redelivered them/);
    expect(result.advice[0]).toMatch(
      /visibility timeout \(30 s\) is less than 6 × the function timeout \(30 s\)/
    );
  });

  it('fails when only the visibility timeout was raised and the function still times out', async () => {
    // Act: no redelivery yet (visibility 360 s) but every attempt dies at 30 s
    const result = await judge(
      {
        sent: newest([5, 0, 0, 0, 0]),
        attempts: newest([5, 0, 0, 0, 0]),
        charged: newest([5, 0, 0, 0, 0]),
        completed: newest([0, 0, 0, 0, 0]),
        errors: newest([5, 0, 0, 0, 0]),
      },
      { functionTimeout: 30, visibilityTimeout: 360 }
    );
    // Assert
    expect(result.verdict).toBe(Verdict.Fail);
    expect(result.advice).toEqual([]);
  });

  it('is not proven while orders sent a minute ago are still processing', async () => {
    // Act
    const result = await judge({
      sent: newest([5]),
      attempts: newest([5]),
      charged: newest([5]),
      completed: newest([0]),
      errors: newest([0]),
    });
    // Assert
    expect(result.verdict).toBe(Verdict.NotProven);
    expect(result.summary).toMatch(/0 of 5 orders completed so far/);
  });

  it('fails when orders sent long ago never completed, even without errors', async () => {
    // Act
    const result = await judge({
      sent: newest([5, 0, 0, 0, 0]),
      attempts: newest([5, 0, 0, 0, 0]),
    });
    // Assert
    expect(result.verdict).toBe(Verdict.Fail);
    expect(result.summary).toMatch(/0 of 5 orders completed\./);
  });

  it('judges only the minutes after the stack was last deployed', async () => {
    // Arrange: broken minutes, then a redeploy of the fixed variant 4 minutes before the end
    const data = {
      sent: newest([5, 0, 0, 5, 0, 0, 0]),
      attempts: newest([5, 5, 5, 5, 0, 0, 0]),
      charged: newest([5, 5, 5, 5, 0, 0, 0]),
      duplicates: newest([0, 5, 5, 0, 0, 0, 0]),
      completed: newest([0, 0, 0, 0, 5, 0, 0]),
      errors: newest([5, 5, 5, 0, 0, 0, 0]),
    };
    // Act
    const whole = await judge(data);
    restore();
    const sinceFix = await judge(data, { changedAt: NOW - 4.5 * 60_000 });
    // Assert
    expect(whole.verdict).toBe(Verdict.Fail);
    expect(sinceFix.verdict).toBe(Verdict.Pass);
    expect(sinceFix.window.start).toBe(Date.UTC(2026, 10, 25, 11, 56));
    expect(sinceFix.series[0]?.values).toEqual([5, 0, 0, 0]);
  });

  it('is not proven with no orders', async () => {
    // Act
    const result = await judge({});
    // Assert
    expect(result.verdict).toBe(Verdict.NotProven);
    expect(result.nextStep).toMatch(/invoke the order sender/);
  });
});

describe('double-trouble check right after a deployment', () => {
  afterEach(() => restore());

  it('is not proven, without asking CloudWatch, while no whole minute has passed since', async () => {
    // Arrange: the stack changed during the current (incomplete) minute
    const clients = cannedClients(
      ScenarioId.DoubleTrouble,
      outputs,
      {},
      { changedAt: NOW - 10_000 }
    );
    restore = clients.restore;
    // Act
    const result = await runCheck(doubleTroubleCheck, clients, {
      now: NOW,
      minutes: WINDOW_MINUTES,
    });
    // Assert
    expect(result.verdict).toBe(Verdict.NotProven);
    expect(result.window.start).toBe(result.window.end);
    expect(result.series.every((s) => s.values.length === 0)).toBe(true);
  });
});
