import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import type { ScenarioId, Variant } from '../../infra/names';
import { scenarioStacks } from '../../infra/stacks';

/**
 * Synthesizes the given scenarios into `<tmp>/<variant>` cloud assemblies (as
 * scripts/synth-all.ts does into cdk.out) and returns the root.
 */
export function synthScenarios(ids: readonly ScenarioId[], variants: readonly Variant[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'forensics-dashboard-'));
  for (const variant of variants) {
    const app = new App({ outdir: path.join(root, variant), context: { variant } });
    for (const id of ids) scenarioStacks[id](app, { variant });
    app.synth();
  }
  return root;
}

/** Dummy credentials for SDK clients aimed at the emulator. */
export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
