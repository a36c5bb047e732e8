import { startDashboard } from '../../dashboard/server';
import { parseSpeed, startEmulatorHost } from '../targets/emulator-host';
import { type Command, stringFlag } from './lib/command';
import { endpointHelp } from './lib/endpoint-help';
import { ExitCode, UsageError } from './lib/errors';
import { delay } from './lib/io';

/** The emulator's usual port (LocalStack's). */
export const DEFAULT_EMULATOR_PORT = 4566;

/** Validates --port. */
export function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_EMULATOR_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(
      `--port must be a whole number from 0 to 65535 (got '${value}').`,
      `for example --port 4567 (0 picks any free port)`
    );
  }
  return port;
}

/** `forensics serve [--port N] [--speed N]` */
export const serveCommand: Command = {
  name: 'serve',
  aliases: ['emulator'],
  summary: 'run the emulator in the foreground for the other commands (offline)',
  usage: 'serve [--port N] [--speed N]',
  help: `Starts the offline AWS emulator on 127.0.0.1 and keeps it running until Ctrl-C; its stacks
live in memory and go with it. deploy, traffic, check, fix, break, status and destroy in other
terminals find it through .forensics/emulator.json and deploy into it through a management
endpoint on 127.0.0.1 that only they know the token of (docs/cli.md).

flags:
  --port N    the emulator's port (default 4566; 0 = any free port)
  --speed N   run the emulator's clock N times faster than real time (default 1, so the times
              the AWS CLI prints and asks for match your watch)`,
  flags: { port: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  targets: ['local'],
  async run(ctx) {
    const port = parsePort(stringFlag(ctx, 'port'));
    const speed = parseSpeed(ctx.global.speed, 1);
    const host = await startEmulatorHost({
      port,
      speed,
      manage: { stateDir: ctx.stateDir, startedBy: 'serve' },
      verbose: ctx.global.verbose,
      log: (line) => ctx.io.err(line),
    });
    const { emulator } = host;
    const dashboard = await startDashboard({ emulator }).catch(async (error: unknown) => {
      await host.close();
      throw error;
    });
    try {
      ctx.io.out(
        `Emulator running on ${emulator.endpoint} (clock ${speed}x, account ${emulator.accountId}, region ${emulator.region}).`
      );
      ctx.io.out('Other commands of this checkout find it by themselves, for example:');
      ctx.io.out('  npx forensics deploy double-trouble && npx forensics traffic double-trouble');
      for (const line of endpointHelp(emulator.endpoint, emulator.region)) ctx.io.out(line);
      ctx.io.out('Ctrl-C stops it (its stacks go with it).');
      ctx.io.out(`Live dashboard: ${dashboard.url}/ (docs/dashboard.md)`);
      while (!ctx.io.signal.aborted) await delay(60_000, ctx.io.signal);
      ctx.io.err('stopping the emulator ...');
      return ExitCode.Ok;
    } finally {
      await dashboard.close();
      await host.close();
    }
  },
};
