import { afterEach, describe, expect, it } from 'vitest';
import { intEnv, requireEnv, requireVariant } from '../../../functions/shared/env';
import { MissingEnvironmentError } from '../../../functions/shared/errors';
import { Env } from '../../../infra/names';

describe('requireEnv', () => {
  afterEach(() => {
    delete process.env.FORENSICS_TEST_VALUE;
  });

  it('returns the value that is set', () => {
    // Arrange
    process.env.FORENSICS_TEST_VALUE = 'orders';
    // Act + Assert
    expect(requireEnv('FORENSICS_TEST_VALUE')).toBe('orders');
  });

  it('fails with a message naming the variable when it is missing', () => {
    // Act + Assert
    expect(() => requireEnv('FORENSICS_TEST_VALUE')).toThrow(MissingEnvironmentError);
    expect(() => requireEnv('FORENSICS_TEST_VALUE')).toThrow(/FORENSICS_TEST_VALUE is not set/);
  });

  it('reads integers with a fallback and rejects garbage', () => {
    // Arrange + Act + Assert
    expect(intEnv('FORENSICS_TEST_VALUE', 7)).toBe(7);
    process.env.FORENSICS_TEST_VALUE = '40000';
    expect(intEnv('FORENSICS_TEST_VALUE', 7)).toBe(40_000);
    process.env.FORENSICS_TEST_VALUE = 'forty';
    expect(() => intEnv('FORENSICS_TEST_VALUE', 7)).toThrow(
      /must be a non-negative integer \(got 'forty'\)/
    );
  });
});

describe('requireVariant', () => {
  afterEach(() => {
    delete process.env[Env.Variant];
  });

  it('returns broken or fixed and fails on anything else, naming the value', () => {
    // Arrange + Act + Assert
    process.env[Env.Variant] = 'fixed';
    expect(requireVariant()).toBe('fixed');
    process.env[Env.Variant] = 'repaired';
    expect(() => requireVariant()).toThrow(MissingEnvironmentError);
    expect(() => requireVariant()).toThrow(/VARIANT must be broken or fixed \(got 'repaired'\)/);
  });
});
