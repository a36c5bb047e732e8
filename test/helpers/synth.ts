import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { ScenarioId, Variant } from '../../infra/names';
import { scenarioStacks } from '../../infra/stacks';
import type { ScenarioStack } from '../../infra/stacks/scenario-stack';

/** A synthesized scenario stack and its template. */
export interface Synthesized {
  stack: ScenarioStack;
  template: Template;
}

const cache = new Map<string, Synthesized>();

/**
 * Synthesizes one scenario stack (bundling its functions with the local esbuild) into a
 * temporary cloud assembly. Cached per scenario and variant within a test file.
 */
export function synthScenario(id: ScenarioId, variant: Variant): Synthesized {
  const key = `${id}:${variant}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'forensics-synth-')) });
  const stack = scenarioStacks[id](app, { variant });
  const synthesized = { stack, template: Template.fromStack(stack) };
  cache.set(key, synthesized);
  return synthesized;
}

/** A cdk-nag finding that no acknowledgement covered. */
export interface NagFinding {
  rule: string;
  resource: string;
}

/**
 * Runs the AwsSolutions and Serverless cdk-nag packs over a fresh synthesis of the stack and
 * returns every violation not acknowledged in the stack (cdk-nag 3 acknowledges with
 * `Validations.of(construct).acknowledge({ id, reason })`).
 */
export function nagFindings(id: ScenarioId, variant: Variant): NagFinding[] {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'forensics-nag-')) });
  const stack = scenarioStacks[id](app, { variant });
  return [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack.validateScope(stack).violations.flatMap((v) =>
      v.violatingResources.map((r) => ({
        rule: v.ruleName,
        resource: r.resourceLogicalId ?? r.constructPath ?? '?',
      }))
    )
  );
}
