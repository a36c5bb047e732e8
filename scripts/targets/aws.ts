/**
 * The AWS target: your own account, through your usual credentials and Region. Stacks are
 * deployed and destroyed by the CDK toolkit (`cdk deploy` / `cdk destroy`, its progress shown
 * as it comes); traffic, checks and status use the SDK. AWS_ENDPOINT_URL (which points the SDK
 * at the emulator offline) is ignored here, so a shell set up for the emulator cannot send a
 * `--target aws` command to it by mistake.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type ScenarioId, stackName, type Variant } from '../../infra/names';
import type { CheckClients } from '../checks/check';
import { CouldNotRunError, describeError, NoAwsCredentialsError } from '../commands/lib/errors';
import { type CliIo, delay } from '../commands/lib/io';
import { REPO_ROOT } from '../commands/lib/scenarios';
import {
  describeScenarioStack,
  type InvokeMode,
  type InvokeOutcome,
  type StackInfo,
  type Target,
} from './target';

/** The CDK bootstrap stack every `cdk deploy` needs in the account and Region. */
export const BOOTSTRAP_STACK = 'CDKToolkit';

/** Who and where: the result of the credentials check. */
export interface AwsIdentity {
  account: string;
  arn: string;
  region: string;
}

/** SDK options for the real AWS: never the emulator's endpoint. */
function sdkConfig(): { ignoreConfiguredEndpointUrls: boolean } {
  return { ignoreConfiguredEndpointUrls: true };
}

/** Names of the SDK errors that mean "no usable credentials". */
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'TokenRefreshRequired',
  'InvalidIdentityToken',
]);

const CREDENTIALS_NEXT =
  'set up credentials (aws configure, aws sso login, or export AWS_PROFILE=<profile>; CloudShell has them already) and check with: npx forensics doctor --target aws. Or leave out --target aws to run offline.';

/**
 * Checks the credentials and Region with STS GetCallerIdentity: a NoAwsCredentialsError (exit
 * 77) with a sentence and a next step when either is missing, never a stack trace.
 */
export async function awsIdentity(): Promise<AwsIdentity> {
  const sts = new STSClient({ ...sdkConfig(), maxAttempts: 2 });
  let region: string;
  try {
    region = await sts.config.region();
  } catch (error) {
    sts.destroy();
    throw new NoAwsCredentialsError(
      'No AWS Region is set: --target aws needs to know where to deploy.',
      'export AWS_REGION=<region> (for example eu-west-1), or set region in ~/.aws/config; then run the command again',
      { cause: error }
    );
  }
  try {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    return { account: me.Account ?? 'unknown', arn: me.Arn ?? 'unknown', region };
  } catch (error) {
    const e = error as { name?: string; message?: string };
    if (CREDENTIAL_ERRORS.has(e.name ?? '') || /credential/i.test(e.message ?? '')) {
      throw new NoAwsCredentialsError(
        `No usable AWS credentials (${e.name}: ${(e.message ?? '').split('\n')[0]}).`,
        CREDENTIALS_NEXT,
        { cause: error }
      );
    }
    if (/Region is missing|Invalid region/i.test(e.message ?? '')) {
      throw new NoAwsCredentialsError(
        `The AWS Region is missing or invalid (${e.message}).`,
        'export AWS_REGION=<region>, for example eu-west-1',
        { cause: error }
      );
    }
    throw new CouldNotRunError(
      `Could not reach AWS STS in ${region} to check your credentials (${describeError(error)}).`,
      'check your network connection and Region, then run: npx forensics doctor --target aws',
      { cause: error }
    );
  } finally {
    sts.destroy();
  }
}

/** The CDK bootstrap stack's status and version, or undefined when it does not exist. */
export async function bootstrapStatus(
  cloudformation: CloudFormationClient
): Promise<{ status: string; version?: number } | undefined> {
  try {
    const reply = await cloudformation.send(
      new DescribeStacksCommand({ StackName: BOOTSTRAP_STACK })
    );
    const stack = reply.Stacks?.[0];
    if (!stack) return undefined;
    const version = stack.Outputs?.find((o) => o.OutputKey === 'BootstrapVersion')?.OutputValue;
    return {
      status: stack.StackStatus ?? 'UNKNOWN',
      version: version ? Number(version) : undefined,
    };
  } catch (error) {
    const e = error as { name?: string; message?: string };
    if (e.name === 'ValidationError' && /does not exist/.test(e.message ?? '')) return undefined;
    throw error;
  }
}

/**
 * What a scenario costs on AWS, from docs/instructor-guide.md's cost tables (the per-hour row
 * while deployed, and the per-run rows of its traffic).
 */
export function costNote(id: ScenarioId): string[] {
  let guide: string;
  try {
    guide = readFileSync(path.join(REPO_ROOT, 'docs', 'instructor-guide.md'), 'utf8');
  } catch {
    return [`${stackName(id)} costs money while it is deployed: destroy it when you are done.`];
  }
  const rows = guide
    .split('\n')
    .filter((line) => new RegExp(`^\\|\\s*${id}[\\s,|]`).test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim())
    );
  const idle = rows.find((cells) => cells[0] === id && cells.length === 3);
  const runs = rows.filter((cells) => cells.length === 4);
  const lines = [`What ${stackName(id)} costs (estimates at us-east-1 list prices):`];
  if (idle) lines.push(`  while deployed, no traffic: ${idle[2]} per hour (${idle[1]})`);
  for (const run of runs)
    lines.push(`  per traffic run${run[0] === id ? '' : ` (${run[0]})`}: ${run[3]} (${run[1]})`);
  lines.push(
    '  details: docs/instructor-guide.md#cost-per-scenario-per-hour. It is billed until you run:',
    `  npx forensics destroy ${id} --target aws`
  );
  return lines;
}

/** The environment for the CDK toolkit: your credentials, this Region, no emulator endpoint. */
function cdkEnv(region: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: region, AWS_DEFAULT_REGION: region };
  for (const key of Object.keys(env)) if (key.startsWith('AWS_ENDPOINT_URL')) delete env[key];
  return env;
}

/** Runs the local CDK toolkit with its output passed through; resolves with its exit code. */
export function runCdk(args: string[], region: string, signal?: AbortSignal): Promise<number> {
  const cdk = path.join(REPO_ROOT, 'node_modules', '.bin', 'cdk');
  return new Promise((resolve) => {
    const child = spawn(cdk, args, { cwd: REPO_ROOT, stdio: 'inherit', env: cdkEnv(region) });
    const stop = () => child.kill('SIGINT');
    signal?.addEventListener('abort', stop, { once: true });
    child.on('error', () => resolve(127));
    child.on('close', (code) => {
      signal?.removeEventListener('abort', stop);
      resolve(code ?? 1);
    });
  });
}

/** Options of the AWS target. */
export interface AwsTargetOptions {
  /** Say yes to the cost and bootstrap questions (--yes). */
  yes: boolean;
}

/** The AWS target, for an account and Region whose credentials were checked. */
export class AwsTarget implements Target {
  readonly kind = 'aws' as const;
  readonly speed = 1;
  readonly clients: CheckClients;
  private readonly invoker: LambdaClient;

  constructor(
    readonly identity: AwsIdentity,
    private readonly io: CliIo,
    private readonly options: AwsTargetOptions
  ) {
    const config = { ...sdkConfig(), region: identity.region };
    this.clients = {
      cloudwatch: new CloudWatchClient(config),
      cloudformation: new CloudFormationClient(config),
      kinesis: new KinesisClient(config),
      lambda: new LambdaClient(config),
      sqs: new SQSClient(config),
    };
    // A synchronous producer run lasts up to 10 minutes: one attempt, a 16-minute socket timeout.
    this.invoker = new LambdaClient({
      ...config,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ requestTimeout: 16 * 60_000 }),
    });
  }

  get label(): string {
    return `AWS account ${this.identity.account} in ${this.identity.region}`;
  }

  get stateKey(): string {
    return `aws:${this.identity.account}:${this.identity.region}`;
  }

  async now(): Promise<number> {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return delay(ms, signal);
  }

  describe(id: ScenarioId): Promise<StackInfo | undefined> {
    return describeScenarioStack(this.clients.cloudformation, id);
  }

  /** Asks before spending money or creating the bootstrap stack, unless --yes. */
  private async consent(question: string): Promise<void> {
    if (this.options.yes) return;
    if (await this.io.confirm(question)) return;
    throw new CouldNotRunError(
      'Nothing was deployed: the question was not answered yes (there is no terminal to ask on, or the answer was no).',
      'run the command again and answer y, or add --yes to agree in advance'
    );
  }

  /** Makes sure the account and Region are bootstrapped for the CDK, bootstrapping with consent. */
  private async ensureBootstrapped(): Promise<void> {
    const status = await bootstrapStatus(this.clients.cloudformation);
    if (status && /_COMPLETE$/.test(status.status) && !/ROLLBACK|DELETE/.test(status.status))
      return;
    if (status) {
      throw new CouldNotRunError(
        `The CDK bootstrap stack ${BOOTSTRAP_STACK} in ${this.identity.region} is in state ${status.status}.`,
        `open it in the CloudFormation console to see why; delete it if it failed, then run: npx cdk bootstrap aws://${this.identity.account}/${this.identity.region}`
      );
    }
    this.io.err(
      `${this.label} is not bootstrapped for the CDK yet. Bootstrapping creates the ${BOOTSTRAP_STACK} stack (an S3 bucket, an ECR repository and IAM roles the CDK deploys with; cents a month; it stays after the lab).`
    );
    await this.consent('Bootstrap it now?');
    const code = await runCdk(
      ['bootstrap', `aws://${this.identity.account}/${this.identity.region}`],
      this.identity.region,
      this.io.signal
    );
    if (code !== 0) {
      throw new CouldNotRunError(
        `cdk bootstrap failed (exit ${code}); its messages are above.`,
        'fix what it says (often missing permissions), then run: npx forensics doctor --target aws'
      );
    }
  }

  async deploy(id: ScenarioId, variant: Variant): Promise<void> {
    await this.ensureBootstrapped();
    const existing = await this.describe(id);
    if (!existing) {
      for (const line of costNote(id)) this.io.err(line);
      await this.consent(`Deploy ${stackName(id)} (${variant}) to ${this.label}?`);
    }
    this.io.err(`cdk deploy ${stackName(id)} (${variant}) to ${this.label}: a few minutes ...`);
    const code = await runCdk(
      [
        'deploy',
        stackName(id),
        '-c',
        `${id}:variant=${variant}`,
        '--require-approval',
        'never',
        '--output',
        'cdk.out/aws',
      ],
      this.identity.region,
      this.io.signal
    );
    if (code !== 0) {
      throw new CouldNotRunError(
        `cdk deploy ${stackName(id)} failed (exit ${code}); its messages are above.`,
        `fix what it says, then run the command again (npx forensics status --target aws shows the stack's state)`
      );
    }
  }

  async destroy(id: ScenarioId): Promise<void> {
    const code = await runCdk(
      ['destroy', stackName(id), '--force', '--output', 'cdk.out/aws'],
      this.identity.region,
      this.io.signal
    );
    const left = await this.describe(id);
    if (left) {
      throw new CouldNotRunError(
        `${stackName(id)} is still there (status ${left.status}${code !== 0 ? `, cdk destroy exit ${code}` : ''}).`,
        `open it in the CloudFormation console (Events tab) to see which resource could not be deleted, remove that by hand, then run: npx forensics destroy ${id} --target aws`
      );
    }
  }

  async invoke(functionName: string, event: unknown, mode: InvokeMode): Promise<InvokeOutcome> {
    const reply = await this.invoker.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: mode === 'async' ? 'Event' : 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      })
    );
    return {
      payload: reply.Payload?.length ? new TextDecoder().decode(reply.Payload) : undefined,
      functionError: reply.FunctionError,
    };
  }

  async close(): Promise<void> {
    for (const client of Object.values(this.clients)) client.destroy();
    this.invoker.destroy();
  }
}

/** Checks credentials and Region, then returns the AWS target (NoAwsCredentialsError if not). */
export async function connectToAws(io: CliIo, options: AwsTargetOptions): Promise<AwsTarget> {
  if (Object.keys(process.env).some((k) => k.startsWith('AWS_ENDPOINT_URL'))) {
    io.err(
      'note: AWS_ENDPOINT_URL is set (for the emulator); --target aws ignores it and talks to AWS.'
    );
  }
  return new AwsTarget(await awsIdentity(), io, options);
}
