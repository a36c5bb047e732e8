import { Variant } from '../../infra/names';
import type { Command } from './lib/command';
import { deployVariant } from './lib/deploy-variant';
import { requireScenarioId } from './lib/scenarios';

/** `forensics fix <id>`: the instructor toggle to the fixed variant. */
export const fixCommand: Command = {
  name: 'fix',
  summary: 'redeploy a scenario as its fixed variant, in place (the instructor toggle)',
  usage: 'fix <scenario-id>',
  help: `The same as \`deploy <id> --variant fixed\`: the stack is updated in place (offline in the
running emulator, on AWS with cdk deploy). Then start new traffic and check: the check judges
only the minutes from the change on.

A fix made with the AWS CLI is drift that CloudFormation does not know about: \`break\` after
it may leave it in place; run \`fix\` then \`break\` to reset.`,
  positionals: { min: 1, max: 1 },
  targets: ['local', 'aws'],
  run(ctx) {
    return deployVariant(ctx, requireScenarioId(ctx.args[0], 'fix'), Variant.Fixed);
  },
};
