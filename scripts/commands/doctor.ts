import { existsSync, statfsSync } from 'node:fs';
import net from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SCENARIO_IDS } from '../../infra/names';
import { type AwsIdentity, awsIdentity, BOOTSTRAP_STACK, bootstrapStatus } from '../targets/aws';
import { describeScenarioStack } from '../targets/target';
import type { Command } from './lib/command';
import { CliError, describeError, ExitCode } from './lib/errors';
import { REPO_ROOT } from './lib/scenarios';
import { processAlive, readEmulatorRecord } from './lib/state';
import { assemblyStatus } from './lib/synth';
import { DEFAULT_EMULATOR_PORT } from './serve';

/** One finding: ok, a warning (works, but mind it) or a problem (will not work until fixed). */
interface Finding {
  level: 'ok' | 'warn' | 'problem';
  name: string;
  detail: string;
  fix?: string;
  /** The exit code this problem maps to (77 for credentials). */
  code?: number;
}

const MIN_NODE = [20, 12] as const;
const MIB = 1024 * 1024;

function nodeFinding(): Finding {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return ok
    ? { level: 'ok', name: 'Node.js', detail: `v${process.versions.node} (20.12 or later needed)` }
    : {
        level: 'problem',
        name: 'Node.js',
        detail: `v${process.versions.node} is too old: the lab needs 20.12 or later`,
        fix: 'install Node.js 20.12+ (for example: nvm install 20 && nvm use 20), then npm ci again',
      };
}

function diskFinding(env: Record<string, string | undefined>): Finding {
  const cloudShell = env.AWS_EXECUTION_ENV === 'CloudShell';
  const where = cloudShell ? homedir() : REPO_ROOT;
  try {
    const fs = statfsSync(where);
    const free = (fs.bavail * fs.bsize) / MIB;
    const detail = `${Math.round(free)} MiB free on ${where}${cloudShell ? ' (CloudShell: 1 GB of home storage in all)' : ''}`;
    if (free < 100) {
      return {
        level: 'problem',
        name: 'free disk',
        detail,
        fix: 'free space: npm cache clean --force (the cache is the usual culprit); in CloudShell, install with npm ci --cache /tmp/npm-cache (docs/cloudshell.md)',
      };
    }
    if (free < 300) {
      return {
        level: 'warn',
        name: 'free disk',
        detail,
        fix: 'tight: npm cache clean --force frees the npm cache; keep cdk.out small by destroying what you do not use',
      };
    }
    return { level: 'ok', name: 'free disk', detail };
  } catch (error) {
    return { level: 'warn', name: 'free disk', detail: `could not tell (${describeError(error)})` };
  }
}

function toolsFinding(): Finding {
  const missing = ['cdk', 'tsx', 'esbuild'].filter(
    (bin) => !existsSync(path.join(REPO_ROOT, 'node_modules', '.bin', bin))
  );
  return missing.length === 0
    ? { level: 'ok', name: 'tools', detail: 'aws-cdk, tsx and esbuild are installed' }
    : {
        level: 'problem',
        name: 'tools',
        detail: `not installed: ${missing.join(', ')}`,
        fix: 'run npm ci in the lab folder (not --omit=dev: the CDK and tsx are dev dependencies)',
      };
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function localFindings(stateDir: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const assemblies = assemblyStatus();
  findings.push(
    assemblies.missing
      ? {
          level: 'warn',
          name: 'cdk.out',
          detail: 'the scenarios are not synthesized yet',
          fix: 'npm run synth (deploy, play and demo do it for you the first time)',
        }
      : assemblies.stale
        ? {
            level: 'warn',
            name: 'cdk.out',
            detail: 'older than infra/ or functions/',
            fix: 'npm run synth (deploy, play and demo do it for you)',
          }
        : { level: 'ok', name: 'cdk.out', detail: 'both variants synthesized and up to date' }
  );
  const record = readEmulatorRecord(stateDir);
  if (record && processAlive(record.pid)) {
    findings.push({
      level: 'ok',
      name: 'emulator',
      detail: `running: pid ${record.pid}, ${record.endpoint}, clock ${record.speed}x (started by forensics ${record.startedBy})`,
    });
  } else if (await portFree(DEFAULT_EMULATOR_PORT)) {
    findings.push({
      level: 'ok',
      name: 'emulator',
      detail: `not running; port ${DEFAULT_EMULATOR_PORT} is free for npx forensics serve (or play)`,
    });
  } else {
    findings.push({
      level: 'warn',
      name: 'emulator',
      detail: `port ${DEFAULT_EMULATOR_PORT} is taken by another program (LocalStack?)`,
      fix: `stop it, or start the emulator on another port: npx forensics serve --port ${DEFAULT_EMULATOR_PORT + 1}`,
    });
  }
  return findings;
}

async function awsFindings(env: Record<string, string | undefined>): Promise<Finding[]> {
  const findings: Finding[] = [];
  if (Object.keys(env).some((k) => k.startsWith('AWS_ENDPOINT_URL'))) {
    findings.push({
      level: 'warn',
      name: 'endpoint',
      detail: 'AWS_ENDPOINT_URL is set (for the emulator): --target aws ignores it',
      fix: 'unset AWS_ENDPOINT_URL before using the AWS CLI against your account',
    });
  }
  let identity: AwsIdentity;
  try {
    identity = await awsIdentity();
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    findings.push({
      level: 'problem',
      name: 'credentials',
      detail: error.message,
      fix: error.nextStep,
      code: error.exitCode,
    });
    return findings;
  }
  findings.push({
    level: 'ok',
    name: 'credentials',
    detail: `${identity.arn} (account ${identity.account})`,
  });
  findings.push({ level: 'ok', name: 'region', detail: identity.region });
  const cloudformation = new CloudFormationClient({
    region: identity.region,
    ignoreConfiguredEndpointUrls: true,
  });
  try {
    const bootstrap = await bootstrapStatus(cloudformation);
    if (!bootstrap) {
      findings.push({
        level: 'problem',
        name: 'CDK bootstrap',
        detail: `no ${BOOTSTRAP_STACK} stack in ${identity.region}: cdk deploy cannot run yet`,
        fix: `npx cdk bootstrap aws://${identity.account}/${identity.region}   (or let npx forensics deploy offer it)`,
      });
    } else if (!/_COMPLETE$/.test(bootstrap.status) || /ROLLBACK|DELETE/.test(bootstrap.status)) {
      findings.push({
        level: 'problem',
        name: 'CDK bootstrap',
        detail: `${BOOTSTRAP_STACK} is in state ${bootstrap.status}`,
        fix: `see its Events in the CloudFormation console; delete it if it failed, then npx cdk bootstrap aws://${identity.account}/${identity.region}`,
      });
    } else if ((bootstrap.version ?? 0) < 6) {
      findings.push({
        level: 'problem',
        name: 'CDK bootstrap',
        detail: `version ${bootstrap.version ?? 'unknown'} is too old for this CDK (6 or later)`,
        fix: `npx cdk bootstrap aws://${identity.account}/${identity.region}   (upgrades it in place)`,
      });
    } else {
      findings.push({
        level: 'ok',
        name: 'CDK bootstrap',
        detail: `${BOOTSTRAP_STACK} version ${bootstrap.version} (${bootstrap.status})`,
      });
    }
    const deployed: string[] = [];
    for (const id of SCENARIO_IDS) {
      if (await describeScenarioStack(cloudformation, id)) deployed.push(id);
    }
    findings.push({
      level: 'ok',
      name: 'lab stacks',
      detail:
        deployed.length === 0
          ? 'none deployed'
          : `${deployed.length} deployed (${deployed.join(', ')}): they cost money until npx forensics destroy --all --target aws`,
    });
  } catch (error) {
    findings.push({
      level: 'problem',
      name: 'CloudFormation',
      detail: `could not read stacks: ${describeError(error)}`,
      fix: 'your credentials need cloudformation:DescribeStacks (and, to deploy, what cdk deploy needs: docs/cloudshell.md)',
    });
  } finally {
    cloudformation.destroy();
  }
  return findings;
}

/** `forensics doctor` */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check the setup (Node, disk, tools; AWS credentials, Region, CDK bootstrap)',
  usage: 'doctor',
  help: `Checks what the lab needs and says what to do about each problem.

Always: Node.js version (20.12+), free disk (in CloudShell, the 1 GB home), the installed tools.
Offline: whether cdk.out is synthesized and current, and whether the emulator is running or its
port 4566 is free. With --target aws: credentials (STS GetCallerIdentity), Region, the CDK
bootstrap stack (CloudFormation DescribeStacks on CDKToolkit, version 6+), and which lab stacks
are deployed (they cost money).

exit codes: 0 no problems (warnings allowed), 77 no AWS credentials or Region, 3 another problem.`,
  positionals: { min: 0, max: 0 },
  targets: ['local', 'aws'],
  async run(ctx) {
    const findings = [nodeFinding(), diskFinding(ctx.io.env), toolsFinding()];
    findings.push(
      ...(ctx.global.target === 'aws'
        ? await awsFindings(ctx.io.env)
        : await localFindings(ctx.stateDir))
    );
    const width = Math.max(...findings.map((f) => f.name.length));
    ctx.io.out(`forensics doctor (${ctx.global.target === 'aws' ? '--target aws' : 'offline'}):`);
    for (const f of findings) {
      const mark = f.level === 'ok' ? 'ok     ' : f.level === 'warn' ? 'warn   ' : 'PROBLEM';
      ctx.io.out(`  ${mark}  ${f.name.padEnd(width)}  ${f.detail}`);
      if (f.fix && f.level !== 'ok')
        ctx.io.out(`  ${' '.repeat(7)}  ${' '.repeat(width)}  fix: ${f.fix}`);
    }
    const problems = findings.filter((f) => f.level === 'problem');
    if (problems.length === 0) {
      ctx.io.out('\nNo problems found.');
      return ExitCode.Ok;
    }
    ctx.io.out(`\n${problems.length} problem(s): fix them in order, then run doctor again.`);
    return problems.find((p) => p.code !== undefined)?.code ?? ExitCode.CouldNotRun;
  },
};
