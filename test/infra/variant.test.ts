import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ScenarioId } from '../../infra/names';
import { variantFromContext } from '../../infra/variant';

describe('variantFromContext', () => {
  it('defaults to broken', () => {
    // Arrange
    const app = new App();
    // Act + Assert
    expect(variantFromContext(app.node, ScenarioId.DoubleTrouble)).toBe('broken');
  });

  it('takes the global variant, and a per-scenario one over it', () => {
    // Arrange
    const app = new App({ context: { variant: 'fixed', 'double-trouble:variant': 'broken' } });
    // Act + Assert
    expect(variantFromContext(app.node, ScenarioId.DoubleTrouble)).toBe('broken');
    expect(variantFromContext(app.node, ScenarioId.ShardPerpetrator)).toBe('fixed');
  });

  it('fails with the allowed values when the variant is unknown', () => {
    // Arrange
    const app = new App({ context: { 'shard-perpetrator:variant': 'fxed' } });
    // Act + Assert
    expect(() => variantFromContext(app.node, ScenarioId.ShardPerpetrator)).toThrow(
      /context shard-perpetrator:variant must be one of broken, fixed \(got "fxed"\)/
    );
  });
});
