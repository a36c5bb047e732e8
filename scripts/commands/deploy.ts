import { isVariant, Variant } from '../../infra/names';
import { type Command, stringFlag } from './lib/command';
import { deployVariant } from './lib/deploy-variant';
import { UsageError } from './lib/errors';
import { requireScenarioId } from './lib/scenarios';

/** `forensics deploy <id> [--variant broken|fixed]` */
export const deployCommand: Command = {
  name: 'deploy',
  summary: 'deploy a scenario (broken by default) to the emulator or to AWS',
  usage: 'deploy <scenario-id> [--variant broken|fixed]',
  help: `Offline, deploys cdk.out/<variant> into the running emulator (start one with
\`npx forensics serve\`); cdk.out is synthesized first when it is missing or older than infra/
or functions/. An existing stack is updated in place.

With --target aws, runs \`cdk deploy forensics-<id> -c <id>:variant=<variant>\` in your account
and Region, its progress shown as it comes. The first time, it checks the CDK bootstrap (and
offers to run \`cdk bootstrap\`), prints what the scenario costs per hour and per traffic run
(docs/instructor-guide.md) and asks before deploying; --yes agrees in advance.

flags:
  --variant broken|fixed   which variant (default broken)`,
  flags: { variant: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  targets: ['local', 'aws'],
  run(ctx) {
    const id = requireScenarioId(ctx.args[0], 'deploy');
    const variant = stringFlag(ctx, 'variant') ?? Variant.Broken;
    if (!isVariant(variant)) {
      throw new UsageError(
        `--variant must be broken or fixed (got '${variant}').`,
        `npx forensics deploy ${id} --variant fixed`
      );
    }
    return deployVariant(ctx, id, variant);
  },
};
