import { describe, expect, it } from 'vitest';
import {
  DEADLINE_MARGIN_MS,
  nearDeadline,
  runPacedLoop,
  type Tick,
} from '../../../functions/shared/paced-loop';
import { FakeClock } from '../../helpers/fake-clock';
import { lambdaContext } from '../../helpers/lambda-context';

describe('runPacedLoop', () => {
  it('sends the rate once per second for the duration and then stops', async () => {
    // Arrange
    const clock = new FakeClock();
    const start = clock.now();
    const ticks: Tick[] = [];
    // Act
    const result = await runPacedLoop(
      { ratePerSecond: 500, durationSeconds: 3 },
      clock,
      async (t) => {
        ticks.push(t);
      }
    );
    // Assert
    expect(ticks).toEqual([
      { index: 0, count: 500 },
      { index: 1, count: 500 },
      { index: 2, count: 500 },
    ]);
    expect(result.ticks).toBe(3);
    expect(clock.now() - start).toBe(2000);
  });

  it('carries a fractional rate over so 0.5/s sends every other second', async () => {
    // Arrange
    const clock = new FakeClock();
    const counts: number[] = [];
    // Act
    await runPacedLoop({ ratePerSecond: 0.5, durationSeconds: 4 }, clock, async (t) => {
      counts.push(t.count);
    });
    // Assert
    expect(counts).toEqual([1, 1]);
  });

  it('does not burst to catch up after a slow tick', async () => {
    // Arrange
    const clock = new FakeClock();
    const counts: number[] = [];
    // Act
    await runPacedLoop({ ratePerSecond: 10, durationSeconds: 3 }, clock, async (t) => {
      counts.push(t.count);
      if (t.index === 0) clock.advance(2500);
    });
    // Assert
    expect(counts).toEqual([10, 10, 10]);
  });

  it('stops early when told to', async () => {
    // Arrange
    const clock = new FakeClock();
    let sent = 0;
    // Act
    const result = await runPacedLoop(
      { ratePerSecond: 1, durationSeconds: 10 },
      clock,
      async () => {
        sent++;
      },
      () => sent >= 2
    );
    // Assert
    expect(result.ticks).toBe(2);
  });
});

describe('nearDeadline', () => {
  it('says stop once less than DEADLINE_MARGIN_MS is left before the timeout', () => {
    // Act + Assert
    expect(nearDeadline(lambdaContext('producer', DEADLINE_MARGIN_MS))()).toBe(false);
    expect(nearDeadline(lambdaContext('producer', DEADLINE_MARGIN_MS - 1))()).toBe(true);
  });
});
