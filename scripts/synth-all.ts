/**
 * Synthesizes every scenario in both variants into cdk.out/<variant>/ and prints what each
 * stack contains. Fails (exit 1) if any stack has an error or warning annotation, such as a
 * deprecated runtime. Offline: bundling uses the locally installed esbuild.
 *
 *   npx tsx scripts/synth-all.ts [--out DIR]
 */
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { SCENARIO_IDS, VARIANTS } from '../infra/names';
import { scenarioStacks } from '../infra/stacks';

export interface Row {
  stack: string;
  variant: string;
  resources: number;
  functions: number;
  outputs: number;
  problems: string[];
}

function summarize(artifact: CloudFormationStackArtifact, variant: string): Row {
  const template = artifact.template as {
    Resources?: Record<string, { Type: string }>;
    Outputs?: Record<string, unknown>;
  };
  const resources = Object.values(template.Resources ?? {});
  const problems = artifact.messages
    .filter((m) => m.level === 'error' || m.level === 'warning')
    .map((m) => `${m.level}: ${m.id}: ${String(m.entry.data)}`);
  return {
    stack: artifact.stackName,
    variant,
    resources: resources.length,
    functions: resources.filter((r) => r.Type === 'AWS::Lambda::Function').length,
    outputs: Object.keys(template.Outputs ?? {}).length,
    problems,
  };
}

/**
 * Synthesizes every scenario in both variants into `<outRoot>/<variant>/` and returns one row
 * per stack variant. `onProgress` hears a line per variant.
 */
export function synthesizeAll(
  outRoot: string,
  onProgress: (line: string) => void = () => {}
): Row[] {
  const rows: Row[] = [];
  for (const variant of VARIANTS) {
    const outdir = path.resolve(outRoot, variant);
    onProgress(`synthesizing ${SCENARIO_IDS.length} stacks (${variant}) into ${outdir} ...`);
    const app = new App({ outdir, context: { variant } });
    for (const id of SCENARIO_IDS) scenarioStacks[id](app, { variant });
    const assembly = app.synth();
    for (const artifact of assembly.stacks) rows.push(summarize(artifact, variant));
  }
  return rows;
}

function main(): number {
  const outIndex = process.argv.indexOf('--out');
  const outRoot = outIndex > 0 ? process.argv[outIndex + 1] : 'cdk.out';
  if (!outRoot) {
    console.error('--out needs a directory, for example: --out cdk.out');
    return 2;
  }
  const rows = synthesizeAll(outRoot, (line) => process.stdout.write(`${line}\n`));
  console.log('');
  console.log('stack                             variant  resources  functions  outputs');
  for (const r of rows) {
    console.log(
      `${r.stack.padEnd(34)}${r.variant.padEnd(9)}${String(r.resources).padStart(9)}${String(r.functions).padStart(11)}${String(r.outputs).padStart(9)}`
    );
  }
  const problems = rows.flatMap((r) => r.problems.map((p) => `${r.stack} (${r.variant}) ${p}`));
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):`);
    for (const p of problems) console.error(`  ${p}`);
    return 1;
  }
  console.log(`\n${rows.length} stack variants synthesized with no warnings.`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main();
