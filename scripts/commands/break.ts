import { Variant } from '../../infra/names';
import type { Command } from './lib/command';
import { deployVariant } from './lib/deploy-variant';
import { requireScenarioId } from './lib/scenarios';

/** `forensics break <id>`: the instructor toggle back to the broken variant. */
export const breakCommand: Command = {
  name: 'break',
  summary: 'redeploy a scenario as its broken variant, in place (reset for the next group)',
  usage: 'break <scenario-id>',
  help: `The same as \`deploy <id> --variant broken\`: the stack is updated in place (offline in the
running emulator, on AWS with cdk deploy). After a fix made with the AWS CLI, run \`fix\` first
and then \`break\`: redeploying an unchanged template does not undo drift.`,
  positionals: { min: 1, max: 1 },
  targets: ['local', 'aws'],
  run(ctx) {
    return deployVariant(ctx, requireScenarioId(ctx.args[0], 'break'), Variant.Broken);
  },
};
