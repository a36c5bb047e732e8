import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's awscli 2.9 (installed by .ci/run); AWS_CLI points elsewhere for a try by hand. */
export const AWS_CLI = process.env.AWS_CLI ?? '/usr/bin/aws';

/** What one CLI command did. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `aws --endpoint-url <endpoint> --output json <args>` with test credentials and no
 * retries. Debian's CLI v2 ignores AWS_ENDPOINT_URL, so the endpoint is always a flag.
 */
export async function awsCli(endpoint: string, args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(
      AWS_CLI,
      ['--endpoint-url', endpoint, '--output', 'json', ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_MAX_ATTEMPTS: '1',
          AWS_PAGER: '',
        },
        maxBuffer: 8 * 1024 * 1024,
      }
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout?: string; stderr?: string };
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
