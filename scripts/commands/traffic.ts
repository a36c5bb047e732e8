import { boolFlag, type Command, stringFlag } from './lib/command';
import { ExitCode } from './lib/errors';
import { clockTime } from './lib/io';
import { parseTrafficMinutes, startTraffic, targetFlag, trafficEvent } from './lib/lab';
import { withTarget } from './lib/open-target';
import { requireScenarioId } from './lib/scenarios';
import { updateScenarioRecord } from './lib/state';

/** `forensics traffic <id> [--minutes N] [--wait]` */
export const trafficCommand: Command = {
  name: 'traffic',
  summary: "start a scenario's traffic (bounded: it stops by itself)",
  usage: 'traffic <scenario-id> [--minutes N] [--wait]',
  help: `Invokes the scenario's traffic function (the stack output named in
scenarios/<id>/scenario.json) with its default event, through the SDK. Producers run for a
bounded time (--minutes, 1 to 10; the default comes from scenario.json) and stop by themselves;
double-trouble's sender sends one batch of 5 orders at once.

By default the invocation is asynchronous (Lambda InvocationType Event, offline and on AWS):
the command returns at once and the producer keeps running in Lambda. --wait invokes
synchronously instead and prints what the producer reports when it ends.

The check judges the minutes from the stack's last change (deploy, fix, break) on, so run new
traffic after a fix before you check.

flags:
  --minutes N   how long the producer runs (1-10 minutes)
  --wait        wait for the producer to finish and print its report`,
  flags: { minutes: { type: 'string' }, wait: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  targets: ['local', 'aws'],
  run(ctx) {
    const id = requireScenarioId(ctx.args[0], 'traffic');
    const minutes = parseTrafficMinutes(stringFlag(ctx, 'minutes'));
    const wait = boolFlag(ctx, 'wait');
    trafficEvent(id, minutes); // a usage error before connecting to anything
    return withTarget(ctx, async (target) => {
      const run = await startTraffic(target, id, {
        io: ctx.io,
        minutes,
        mode: wait ? 'sync' : 'async',
      });
      updateScenarioRecord(ctx.stateDir, target.stateKey, id, {
        traffic: { startedAt: run.startedAt, endsAt: run.endsAt, event: run.event },
      });
      const runs =
        run.endsAt > run.startedAt
          ? `runs until ${clockTime(run.endsAt)} UTC on the ${target.kind === 'local' ? 'emulator' : 'AWS'} clock and stops by itself`
          : 'sends its batch at once';
      ctx.io.out(
        `traffic for ${id} started at ${clockTime(run.startedAt)} UTC: ${run.functionName} ${JSON.stringify(run.event)}`
      );
      if (wait) {
        ctx.io.out(`the producer finished: ${run.outcome?.payload ?? '(no reply)'}`);
      } else {
        ctx.io.out(
          `Invoked asynchronously (InvocationType Event): the producer ${runs}; this command does not wait for it.`
        );
      }
      ctx.io.out(`next: npx forensics check ${id} --wait${targetFlag(target)}`);
      return ExitCode.Ok;
    });
  },
};
