import { afterEach, describe, expect, it } from 'vitest';
import { ScenarioId } from '../../../infra/names';
import { runCheck } from '../../../scripts/checks/run-check';
import { vanishingRecordsCheck } from '../../../scripts/checks/vanishing-records';
import { Verdict } from '../../../scripts/checks/verdict';
import {
  type CannedData,
  cannedClients,
  NOW,
  newest,
  WINDOW_MINUTES,
} from '../../helpers/canned-cloudwatch';

let restore = () => {};

async function judge(data: CannedData) {
  const clients = cannedClients(ScenarioId.VanishingRecords, {}, data);
  restore = clients.restore;
  return runCheck(vanishingRecordsCheck, clients, { now: NOW, minutes: WINDOW_MINUTES });
}

/** One minute at 20 records/s, one in 20 poison: 1,200 records, 60 poison, in 60 batches of 5 that fail. */
const produced = newest([1_200, 0, 0, 0]);
const poison = newest([60, 0, 0, 0]);

describe('vanishing-records check', () => {
  afterEach(() => restore());

  it('passes when every record is processed, recovered or parked', async () => {
    // Act
    const result = await judge({
      produced,
      poison,
      processed: newest([900, 0, 0, 0]),
      failedBatches: newest([60, 0, 0, 0]),
      retried: newest([300, 0, 0, 0]),
      recovered: newest([240, 0, 0, 0]),
      parked: newest([60, 0, 0, 0]),
    });
    // Assert
    expect(result.verdict).toBe(Verdict.Pass);
  });

  it('fails the broken redrive: one retry per failed batch, four records of five vanish', async () => {
    // Act
    const result = await judge({
      produced,
      poison,
      processed: newest([900, 0, 0, 0]),
      failedBatches: newest([60, 0, 0, 0]),
      retried: newest([60, 0, 0, 0]),
      recovered: newest([60, 0, 0, 0]),
    });
    // Assert
    expect(result.verdict).toBe(Verdict.Fail);
    expect(result.summary).toMatch(
      /1,200 records produced, but 900 processed \+ 60 recovered \+ 0 parked = 960: 240 records vanished/
    );
    expect(result.summary).toMatch(/retried 60 record\(s\) for 60 failed batch/);
  });

  it('fails a redrive that balances the totals without reading the batches back', async () => {
    // Act: batch size 1, so each on-failure message is one poison record the broken redrive "recovers"
    const result = await judge({
      produced,
      poison,
      processed: newest([1_140, 0, 0, 0]),
      failedBatches: newest([60, 0, 0, 0]),
      retried: newest([60, 0, 0, 0]),
      recovered: newest([60, 0, 0, 0]),
    });
    // Assert
    expect(result.verdict).toBe(Verdict.Fail);
    expect(result.summary).toMatch(/60 poison records produced, 0 parked/);
  });

  it('is not proven while records are still flowing', async () => {
    // Act
    const result = await judge({
      produced: newest([1_200]),
      poison: newest([60]),
      processed: newest([400]),
    });
    // Assert
    expect(result.verdict).toBe(Verdict.NotProven);
    expect(result.summary).toMatch(/still flowing/);
  });

  it('is not proven when the traffic began before the window', async () => {
    // Act
    const result = await judge({
      produced: Array(WINDOW_MINUTES).fill(100),
      poison: Array(WINDOW_MINUTES).fill(5),
    });
    // Assert
    expect(result.verdict).toBe(Verdict.NotProven);
    expect(result.summary).toMatch(/more --minutes/);
  });

  it('is not proven when no poison record was produced', async () => {
    // Act
    const result = await judge({ produced, processed: produced });
    // Assert
    expect(result.verdict).toBe(Verdict.NotProven);
    expect(result.summary).toMatch(/none poison/);
  });
});
