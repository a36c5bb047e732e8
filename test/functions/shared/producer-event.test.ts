import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../../../functions/shared/errors';
import { parseProducerEvent } from '../../../functions/shared/producer-event';

const limits = {
  defaultRatePerSecond: 10,
  maxRatePerSecond: 100,
  defaultDurationSeconds: 60,
  maxDurationSeconds: 600,
};

describe('parseProducerEvent', () => {
  it('uses the defaults for an empty or missing event', () => {
    // Act + Assert
    expect(parseProducerEvent({}, limits)).toEqual({ ratePerSecond: 10, durationSeconds: 60 });
    expect(parseProducerEvent(undefined, limits)).toEqual({
      ratePerSecond: 10,
      durationSeconds: 60,
    });
  });

  it('accepts a rate and duration within the limits, fractional rates included', () => {
    // Act
    const plan = parseProducerEvent({ ratePerSecond: 0.5, durationSeconds: 600 }, limits);
    // Assert
    expect(plan).toEqual({ ratePerSecond: 0.5, durationSeconds: 600 });
  });

  it.each([
    [{ ratePerSecond: -5 }, /ratePerSecond must be greater than 0 and at most 100 \(got -5\)/],
    [{ ratePerSecond: 0 }, /ratePerSecond must be greater than 0/],
    [{ ratePerSecond: 101 }, /at most 100 \(got 101\)/],
    [{ durationSeconds: 86_400 }, /durationSeconds must be between 1 and 600 \(got 86400\)/],
    [{ durationSeconds: 0 }, /durationSeconds must be between 1 and 600 \(got 0\)/],
    [{ ratePerSecond: '10' }, /ratePerSecond must be a number \(got "10"\)/],
    [{ durationSeconds: Number.NaN }, /durationSeconds must be a number/],
    [[1, 2], /must be a JSON object/],
    ['fast', /must be a JSON object/],
  ])('rejects %j with a clear error', (event, message) => {
    // Act + Assert
    expect(() => parseProducerEvent(event, limits)).toThrow(InvalidEventError);
    expect(() => parseProducerEvent(event, limits)).toThrow(message);
  });
});
