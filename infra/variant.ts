import type { Node } from 'constructs';
import { isVariant, type ScenarioId, Variant as V, VARIANTS, type Variant } from './names';

/**
 * The variant to deploy for one scenario, from CDK context: `-c <scenario-id>:variant=fixed`
 * wins over `-c variant=fixed`, which wins over the default, broken.
 */
export function variantFromContext(node: Node, id: ScenarioId): Variant {
  const perScenario = node.tryGetContext(`${id}:variant`);
  const global = node.tryGetContext('variant');
  const chosen = perScenario ?? global ?? V.Broken;
  if (typeof chosen !== 'string' || !isVariant(chosen)) {
    const key = perScenario !== undefined ? `${id}:variant` : 'variant';
    throw new Error(
      `context ${key} must be one of ${VARIANTS.join(', ')} (got ${JSON.stringify(chosen)}); for example: cdk synth -c ${id}:variant=fixed`
    );
  }
  return chosen;
}
