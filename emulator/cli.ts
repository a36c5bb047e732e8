/**
 * Starts the emulator standalone:
 *   npx tsx emulator/cli.ts [--port N] [--verbose]
 * and prints the environment to point the SDK and the CLI at it.
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './emulator';
import { DEFAULT_PORT, PortInUseError } from './server';

const USAGE = 'usage: tsx emulator/cli.ts [--port N] [--verbose]';

async function main(): Promise<number> {
  let values: { port?: string; verbose?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', short: 'p' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`--port must be an integer from 0 to 65535 (got ${values.port})\n${USAGE}`);
    return 2;
  }

  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({ port, verbose: values.verbose ?? false });
  } catch (error) {
    if (error instanceof PortInUseError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }

  console.log(
    `AWS emulator listening on ${emulator.endpoint} (account ${emulator.accountId}, region ${emulator.region})`
  );
  console.log('Point the AWS SDK at it with:');
  console.log(`  export AWS_ENDPOINT_URL=${emulator.endpoint}`);
  console.log('  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test');
  console.log(`  export AWS_REGION=${emulator.region} AWS_DEFAULT_REGION=${emulator.region}`);
  console.log(
    `The AWS CLI v2 from Debian ignores AWS_ENDPOINT_URL: pass --endpoint-url ${emulator.endpoint}`
  );
  console.log('Press Ctrl+C to stop.');

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await emulator.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  }
);
