import { describe, expect, it } from 'vitest';
import { ManualClock, ScaledClock, SystemClock } from '../../../emulator/core/clock';

describe('ManualClock', () => {
  it('wakes sleepers in time order only when advanced past their time', async () => {
    // Arrange
    const clock = new ManualClock(0);
    const woke: string[] = [];
    void clock.sleep(2_000).then(() => woke.push('2s'));
    void clock.sleep(1_000).then(() => woke.push('1s'));
    // Act
    await clock.advance(1_500);
    const afterFirst = [...woke];
    await clock.advance(1_000);
    // Assert
    expect(afterFirst).toEqual(['1s']);
    expect(woke).toEqual(['1s', '2s']);
    expect(clock.now()).toBe(2_500);
  });

  it('drops a sleeper whose signal aborts', async () => {
    // Arrange
    const clock = new ManualClock(0);
    const abort = new AbortController();
    const sleeping = clock.sleep(60_000, abort.signal);
    // Act
    abort.abort();
    await sleeping;
    // Assert
    expect(clock.pendingSleepers).toBe(0);
    expect(clock.now()).toBe(0);
  });
});

describe('ScaledClock', () => {
  it('starts at the given emulated time and never runs slower than real time', async () => {
    // Arrange
    const clock = new ScaledClock(10, Date.UTC(2030, 0, 1));
    const realBefore = Date.now();
    // Act
    await clock.sleep(1_000);
    // Assert: 1 emulated second passed; the wall saw at least a tenth of it
    expect(clock.now() - Date.UTC(2030, 0, 1)).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - realBefore).toBeGreaterThanOrEqual(90);
    expect(clock.anchor().speed).toBe(10);
  });

  it.each([0, 0.5, 101, Number.NaN])('rejects speed %s', (speed) => {
    // Act + Assert
    expect(() => new ScaledClock(speed)).toThrow(/clock speed must be between 1 and 100/);
  });

  it('is real time at speed 1', () => {
    // Arrange
    const clock = new SystemClock();
    // Act + Assert
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(50);
  });
});
