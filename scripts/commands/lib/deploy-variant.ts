import { type ScenarioId, stackName, type Variant } from '../../../infra/names';
import type { CommandContext } from './command';
import { ExitCode } from './errors';
import { clockTime, formatDuration } from './io';
import { targetFlag } from './lab';
import { withTarget } from './open-target';
import { ensureSynthesized } from './synth';

/**
 * Deploys one variant of a scenario on the command's target (deploy, fix, break): offline from
 * cdk.out (synthesized first when missing or stale) into the running emulator, on AWS with
 * `cdk deploy`. Prints what changed and what to run next.
 */
export async function deployVariant(
  ctx: CommandContext,
  id: ScenarioId,
  variant: Variant
): Promise<number> {
  if (ctx.global.target === 'local') await ensureSynthesized(ctx.io);
  return withTarget(ctx, async (target) => {
    const before = await target.describe(id);
    if (before?.variant === variant) {
      ctx.io.err(`${stackName(id)} is already ${variant} on ${target.label}; deploying it again.`);
    }
    const started = Date.now();
    if (target.kind === 'local') {
      ctx.io.err(`deploying ${stackName(id)} (${variant}) into ${target.label} ...`);
    }
    await target.deploy(id, variant);
    const after = await target.describe(id);
    const how = before ? 'updated in place to' : 'deployed';
    ctx.io.out(
      `${stackName(id)} ${how} ${variant} on ${target.label} in ${formatDuration(Date.now() - started)}.`
    );
    if (after && before) {
      ctx.io.out(
        `The check judges the minutes from this change on (${clockTime(after.changedAt)} UTC): start new traffic before you check.`
      );
    }
    ctx.io.out(`next: npx forensics traffic ${id}${targetFlag(target)}`);
    return ExitCode.Ok;
  });
}
