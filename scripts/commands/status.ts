import { SCENARIO_IDS } from '../../infra/names';
import type { Command } from './lib/command';
import { ExitCode } from './lib/errors';
import { clockTime, table } from './lib/io';
import { withTarget } from './lib/open-target';
import { readScenarioRecord } from './lib/state';
import { stackState } from './list';

/** `forensics status` */
export const statusCommand: Command = {
  name: 'status',
  summary: 'every scenario on the target: deployed or not, variant, traffic, last check',
  usage: 'status',
  help: `One line per scenario on the target: whether its stack is deployed and which variant, when
it last changed, its last traffic run (running, or when it ended) and the verdict of the last
\`check\` run from this checkout. Times are UTC on the target's clock (the emulator's offline).
Offline it needs the running emulator (npx forensics serve or play).`,
  positionals: { min: 0, max: 0 },
  targets: ['local', 'aws'],
  run(ctx) {
    return withTarget(ctx, async (target) => {
      const now = await target.now();
      const rows = [['scenario', 'stack', 'changed', 'traffic', 'last check']];
      for (const id of SCENARIO_IDS) {
        const info = await target.describe(id);
        const record = readScenarioRecord(ctx.stateDir, target.stateKey, id);
        const traffic = record.traffic
          ? record.traffic.endsAt > now
            ? `running until ${clockTime(record.traffic.endsAt)}`
            : `last ran ${clockTime(record.traffic.startedAt)}`
          : '-';
        const check = record.lastCheck
          ? `${record.lastCheck.verdict} at ${clockTime(record.lastCheck.at)}`
          : '-';
        rows.push([id, stackState(info), info ? clockTime(info.changedAt) : '-', traffic, check]);
      }
      ctx.io.out(`Status on ${target.label}, now ${clockTime(now)} UTC:\n`);
      ctx.io.out(table(rows));
      return ExitCode.Ok;
    });
  },
};
