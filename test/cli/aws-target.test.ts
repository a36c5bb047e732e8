/**
 * `--target aws` with no credentials (or no Region): a sentence, a next step and exit 77,
 * never a stack trace. The SDK's credential chain is left with nothing to find: no keys in
 * the environment, empty config and credentials files, no instance metadata.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../scripts/commands/lib/errors';
import { costNote } from '../../scripts/targets/aws';
import { emptyFile, forensics } from './helpers';

const UNSET = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ENDPOINT_URL',
];

describe('--target aws without credentials', () => {
  beforeEach(() => {
    for (const name of UNSET) vi.stubEnv(name, undefined);
    vi.stubEnv('AWS_CONFIG_FILE', emptyFile('config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', emptyFile('credentials'));
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    vi.stubEnv('AWS_REGION', 'eu-west-1');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each([
    [['deploy', 'double-trouble', '--target', 'aws']],
    [['traffic', 'double-trouble', '--target', 'aws']],
    [['check', 'double-trouble', '--target', 'aws']],
    [['status', '--target', 'aws']],
    [['destroy', '--all', '--target', 'aws']],
  ])('%j says there are no credentials and what to do (77)', async (argv) => {
    // Act
    const run = await forensics(argv);
    // Assess
    expect(run.code).toBe(ExitCode.NoAwsCredentials);
    expect(run.stderr).toMatch(/^error: No usable AWS credentials/m);
    expect(run.stderr).toMatch(/^next: set up credentials \(aws configure, aws sso login/m);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('doctor reports the missing credentials as a problem with its fix (77)', async () => {
    // Act
    const run = await forensics(['doctor', '--target', 'aws']);
    // Assess
    expect(run.code).toBe(ExitCode.NoAwsCredentials);
    expect(run.stdout).toMatch(/PROBLEM\s+credentials\s+No usable AWS credentials/);
    expect(run.stdout).toMatch(/fix: set up credentials/);
    expect(run.stdout).toMatch(/ok\s+Node\.js/);
  });

  it('says the Region is missing when none is set (77)', async () => {
    // Arrange
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    // Act
    const run = await forensics(['status', '--target', 'aws']);
    // Assess
    expect(run.code).toBe(ExitCode.NoAwsCredentials);
    expect(run.stderr).toContain('error: No AWS Region is set');
    expect(run.stderr).toContain('next: export AWS_REGION=<region>');
  });

  it('still lists the scenarios, noting the state is unknown', async () => {
    const run = await forensics(['list', '--target', 'aws']);
    expect(run.code).toBe(ExitCode.Ok);
    expect(run.stdout).toContain('state unknown: No usable AWS credentials');
  });
});

describe('costNote', () => {
  it("quotes the instructor guide's per-hour and per-run estimates of a scenario", () => {
    // Act
    const lines = costNote('latency-forensics').join('\n');
    // Assess
    expect(lines).toMatch(/while deployed, no traffic: ≈ \$0\.03 per hour/);
    expect(lines).toMatch(/per traffic run \(latency-forensics, fixed\): ≈ \$0\.06/);
    expect(lines).toMatch(/per traffic run \(latency-forensics, broken\): ≈ \$0\.005/);
    expect(lines).toContain('npx forensics destroy latency-forensics --target aws');
  });
});
