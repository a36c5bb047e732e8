import { LAB_NAME, SCENARIO_IDS, type ScenarioId, stackName, Tag } from '../../infra/names';
import { boolFlag, type Command } from './lib/command';
import { describeError, ExitCode, UsageError } from './lib/errors';
import { formatDuration } from './lib/io';
import { withTarget } from './lib/open-target';
import { requireScenarioId } from './lib/scenarios';

/** `forensics destroy <id> | --all` */
export const destroyCommand: Command = {
  name: 'destroy',
  summary: 'delete a scenario stack, or every stack of the lab with --all',
  usage: 'destroy <scenario-id> | --all',
  help: `Offline, deletes the stack from the running emulator. With --target aws, runs
\`cdk destroy --force\` for each deployed scenario stack and then checks with CloudFormation that
it is gone; it lists every stack it could not remove and why, and exits 3 if there is one.

--all leaves the CDK bootstrap stack (CDKToolkit) in place: other CDK apps may use it
(docs/instructor-guide.md#cleanup says how to remove it, and how to find leftovers by tag).

flags:
  --all   every scenario's stack`,
  flags: { all: { type: 'boolean' } },
  positionals: { min: 0, max: 1 },
  targets: ['local', 'aws'],
  async run(ctx) {
    const all = boolFlag(ctx, 'all');
    if (all && ctx.args.length > 0) {
      throw new UsageError(
        'Give either a scenario id or --all, not both.',
        'npx forensics destroy --all'
      );
    }
    const ids: readonly ScenarioId[] = all
      ? SCENARIO_IDS
      : [requireScenarioId(ctx.args[0], 'destroy')];
    return withTarget(ctx, async (target) => {
      const problems: string[] = [];
      let removed = 0;
      for (const id of ids) {
        const info = await target.describe(id);
        if (!info) {
          if (!all)
            ctx.io.out(`${stackName(id)} is not deployed on ${target.label}: nothing to do.`);
          continue;
        }
        const started = Date.now();
        ctx.io.err(`destroying ${stackName(id)} on ${target.label} ...`);
        try {
          await target.destroy(id);
          removed++;
          ctx.io.out(`${stackName(id)} destroyed (${formatDuration(Date.now() - started)}).`);
        } catch (error) {
          problems.push(`${stackName(id)}: ${(error as Error).message ?? describeError(error)}`);
        }
      }
      if (all) ctx.io.out(`${removed} stack(s) destroyed on ${target.label}.`);
      if (all && target.kind === 'aws') {
        ctx.io.out(
          `Left in place on purpose: the CDK bootstrap stack CDKToolkit. Leftovers by tag: aws resourcegroupstaggingapi get-resources --tag-filters Key=${Tag.Lab},Values=${LAB_NAME}`
        );
      }
      if (problems.length === 0) return ExitCode.Ok;
      ctx.io.err(`Could not remove ${problems.length} stack(s):`);
      for (const p of problems) ctx.io.err(`  ${p}`);
      ctx.io.err(
        'next: open each in the CloudFormation console (Events tab), delete the resource that blocks it, and run destroy again'
      );
      return ExitCode.CouldNotRun;
    });
  },
};
