import type { ScenarioId } from '../../infra/names';
import type { StackInfo, Target } from '../targets/target';
import type { Command } from './lib/command';
import { CliError, ExitCode } from './lib/errors';
import { table } from './lib/io';
import { openTarget } from './lib/open-target';
import { allManifests } from './lib/scenarios';

/** `deployed: broken`, `not deployed`, or the CloudFormation status when it is not settled. */
export function stackState(info: StackInfo | undefined): string {
  if (!info) return 'not deployed';
  const settled = /_COMPLETE$/.test(info.status) && !/ROLLBACK|DELETE/.test(info.status);
  return settled ? `deployed: ${info.variant ?? '?'}` : `${info.variant ?? '?'} (${info.status})`;
}

/** `forensics list` */
export const listCommand: Command = {
  name: 'list',
  summary: 'the scenarios, what each teaches, and its state on the target',
  usage: 'list',
  help: `Lists the five scenarios in the order the workshop teaches them: id, difficulty, time,
what each teaches, and whether it is deployed (and which variant) on the target: the running
emulator offline, your account with --target aws. With no emulator running (or no AWS
credentials) the list is still printed, without the state.`,
  positionals: { min: 0, max: 0 },
  targets: ['local', 'aws'],
  async run(ctx) {
    let target: Target | undefined;
    let note: string | undefined;
    try {
      target = await openTarget(ctx);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      note = `state unknown: ${error.message}${error.nextStep ? ` (${error.nextStep})` : ''}`;
    }
    try {
      const states = new Map<ScenarioId, string>();
      for (const m of allManifests()) {
        states.set(m.id, target ? stackState(await target.describe(m.id)) : '-');
      }
      const rows = [['scenario', 'difficulty', 'time', 'state']];
      for (const m of allManifests()) {
        rows.push([m.id, m.difficulty, `${m.minutes} min`, states.get(m.id) ?? '-']);
      }
      ctx.io.out(`Scenarios${target ? ` on ${target.label}` : ''}:\n`);
      ctx.io.out(table(rows));
      ctx.io.out('');
      for (const m of allManifests()) ctx.io.out(`${m.id}: ${m.title}\n  ${m.teaches}`);
      if (note) ctx.io.out(`\n${note}`);
      ctx.io.out(
        '\nstart one offline: npx forensics play <scenario-id>   (guides: scenarios/<id>/README.md)'
      );
      return ExitCode.Ok;
    } finally {
      await target?.close();
    }
  },
};
