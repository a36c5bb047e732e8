import { startDashboard } from '../../dashboard/server';
import { isVariant, stackName, Variant } from '../../infra/names';
import { parseSpeed, startEmulatorHost } from '../targets/emulator-host';
import { type Command, stringFlag } from './lib/command';
import { endpointHelp } from './lib/endpoint-help';
import { ExitCode, UsageError } from './lib/errors';
import { clockTime, formatDuration } from './lib/io';
import { parseTrafficMinutes, requireStack, startTraffic, type TrafficRun } from './lib/lab';
import { runLiveView } from './lib/live-view';
import { requireScenarioId } from './lib/scenarios';
import { updateScenarioRecord } from './lib/state';
import { ensureSynthesized } from './lib/synth';
import { parsePort } from './serve';

/** `forensics play <id> [--port N] [--speed N] [--minutes N] [--variant broken|fixed]` */
export const playCommand: Command = {
  name: 'play',
  summary:
    'offline, the whole scenario in one command: emulator, broken stack, traffic, live metrics',
  usage: 'play <scenario-id> [--port N] [--speed N] [--minutes N] [--variant broken|fixed]',
  help: `Starts the emulator on 127.0.0.1 (port 4566), deploys the scenario's broken variant, starts
its traffic in the background (bounded: it stops by itself), prints the endpoint and how to point
the AWS CLI at it, and shows the check's metrics live, redrawn every few seconds, until Ctrl-C,
which stops the emulator cleanly.

Investigate from a second terminal with the AWS CLI (scenarios/<id>/README.md); the other
commands find this emulator by themselves: npx forensics hint <id>, fix <id>, traffic <id>,
check <id> --wait, status.

flags:
  --port N       the emulator's port (default 4566; 0 = any free port)
  --speed N      emulator clock speed (default 1: real time, so the times the AWS CLI prints
                 and asks for, like --start-time, match your watch; faster clocks put the
                 emulator's "now" ahead of yours)
  --minutes N    how long the traffic runs (1-10; default from scenario.json)
  --variant V    deploy fixed instead of broken`,
  flags: {
    port: { type: 'string' },
    minutes: { type: 'string' },
    variant: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  targets: ['local'],
  async run(ctx) {
    const id = requireScenarioId(ctx.args[0], 'play');
    const port = parsePort(stringFlag(ctx, 'port'));
    const speed = parseSpeed(ctx.global.speed, 1);
    const minutes = parseTrafficMinutes(stringFlag(ctx, 'minutes'));
    const variant = stringFlag(ctx, 'variant') ?? Variant.Broken;
    if (!isVariant(variant)) {
      throw new UsageError(`--variant must be broken or fixed (got '${variant}').`);
    }
    // The emulator first: a taken port is reported before a minute of synth.
    const host = await startEmulatorHost({
      port,
      speed,
      manage: { stateDir: ctx.stateDir, startedBy: `play ${id}` },
      verbose: ctx.global.verbose,
      log: (line) => ctx.io.err(line),
    });
    const { target, emulator } = host;
    const dashboard = await startDashboard({ emulator }).catch(async (error: unknown) => {
      await host.close();
      throw error;
    });
    try {
      await ensureSynthesized(ctx.io);
      const started = Date.now();
      ctx.io.err(`deploying ${stackName(id)} (${variant}) into the emulator ...`);
      await target.deploy(id, variant);
      await requireStack(target, id);
      ctx.io.out(
        `${stackName(id)} (${variant}) is deployed on ${emulator.endpoint} (${formatDuration(Date.now() - started)}).`
      );
      for (const line of endpointHelp(emulator.endpoint, emulator.region)) ctx.io.out(line);
      ctx.io.out(`The guide: scenarios/${id}/README.md (Investigate).`);
      ctx.io.out(`Live dashboard: ${dashboard.url}/ (docs/dashboard.md)`);

      // Traffic in the background; it stops by itself.
      let run: TrafficRun | undefined;
      let trafficError: string | undefined;
      const traffic = startTraffic(target, id, { io: ctx.io, minutes, mode: 'async' })
        .then((r) => {
          run = r;
          updateScenarioRecord(ctx.stateDir, target.stateKey, id, {
            traffic: { startedAt: r.startedAt, endsAt: r.endsAt, event: r.event },
          });
        })
        .catch((error: unknown) => {
          trafficError = (error as Error).message;
        });
      const trafficText = (now: number) => {
        if (trafficError) return `could not start: ${trafficError}`;
        if (!run) return 'starting ...';
        const what = JSON.stringify(run.event);
        if (run.endsAt <= run.startedAt) return `${what} sent at ${clockTime(run.startedAt)}`;
        return run.endsAt > now
          ? `${what} running until ${clockTime(run.endsAt)}`
          : `${what} ran ${clockTime(run.startedAt)}-${clockTime(run.endsAt)}; more: npx forensics traffic ${id}`;
      };
      await runLiveView(target, id, ctx.io, { text: trafficText }, [
        `In another terminal: EP="--endpoint-url ${emulator.endpoint}"; aws $EP ...   npx forensics hint ${id}   npx forensics check ${id} --wait   npx forensics fix ${id}`,
        'Ctrl-C stops the emulator (its stacks go with it).',
      ]);
      await traffic;
      ctx.io.err('stopping the emulator ...');
      return ExitCode.Ok;
    } finally {
      await dashboard.close();
      await host.close();
    }
  },
};
