import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { App } from 'aws-cdk-lib';
import { CloudFormationInterpreter } from '../../../emulator/cloudformation';
import { DashboardStore } from '../../../emulator/cloudformation/dashboards';
import type { StackServices } from '../../../emulator/cloudformation/provider';
import type { Template } from '../../../emulator/cloudformation/template';
import { ManualClock } from '../../../emulator/core/clock';
import { AwsError } from '../../../emulator/core/errors';
import type {
  EventSourceMapping,
  EventSourceMappingInput,
  EventSourceMappingRegistry,
  Pipe,
  PipeInput,
  PipeRegistry,
} from '../../../emulator/core/integrations';
import { MemoryLogSink, MemoryMetricSink } from '../../../emulator/core/memory-sinks';
import type { EmulatorEnv } from '../../../emulator/core/service';
import { Dispatcher } from '../../../emulator/protocols/dispatcher';
import { LambdaRuntime } from '../../../emulator/runtime/lambda-runtime';
import { startServer } from '../../../emulator/server';
import { createCloudFormationService } from '../../../emulator/services/cloudformation';
import { createCloudWatchService } from '../../../emulator/services/cloudwatch';
import { createDynamoDbService } from '../../../emulator/services/dynamodb';
import { createKinesisService } from '../../../emulator/services/kinesis';
import { createLogsService } from '../../../emulator/services/logs';
import { createSqsService } from '../../../emulator/services/sqs';
import { SCENARIO_IDS, VARIANTS } from '../../../infra/names';
import { scenarioStacks } from '../../../infra/stacks';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';

/** One recorded call of a fake registry. */
export interface RegistryCall {
  method: 'create' | 'update' | 'delete';
  id: string;
  input?: unknown;
}

/** An in-memory EventSourceMappingRegistry that records what the interpreter asked for. */
export class FakeMappings implements EventSourceMappingRegistry {
  readonly calls: RegistryCall[] = [];
  readonly mappings = new Map<string, EventSourceMapping>();

  create(input: EventSourceMappingInput): EventSourceMapping {
    const uuid = randomUUID();
    const mapping: EventSourceMapping = {
      ...input,
      UUID: uuid,
      EventSourceMappingArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:event-source-mapping:${uuid}`,
      FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${input.FunctionName}`,
      State: 'Creating',
      StateTransitionReason: 'USER_INITIATED',
      LastModified: 0,
    };
    this.mappings.set(uuid, mapping);
    this.calls.push({ method: 'create', id: uuid, input });
    return mapping;
  }

  update(uuid: string, changes: Partial<EventSourceMappingInput>): EventSourceMapping {
    const mapping = { ...this.get(uuid), ...changes };
    this.mappings.set(uuid, mapping);
    this.calls.push({ method: 'update', id: uuid, input: changes });
    return mapping;
  }

  delete(uuid: string): EventSourceMapping {
    const mapping = this.get(uuid);
    this.mappings.delete(uuid);
    this.calls.push({ method: 'delete', id: uuid });
    return mapping;
  }

  get(uuid: string): EventSourceMapping {
    const mapping = this.mappings.get(uuid);
    if (!mapping)
      throw new AwsError(
        'ResourceNotFoundException',
        `The resource you requested does not exist.`,
        404
      );
    return mapping;
  }

  list(): EventSourceMapping[] {
    return [...this.mappings.values()];
  }
}

/** An in-memory PipeRegistry that records what the interpreter asked for. */
export class FakePipes implements PipeRegistry {
  readonly calls: RegistryCall[] = [];
  readonly pipes = new Map<string, Pipe>();

  create(input: PipeInput): Pipe {
    const pipe: Pipe = {
      ...input,
      Arn: `arn:aws:pipes:${REGION}:${ACCOUNT}:pipe/${input.Name}`,
      CurrentState: 'CREATING',
      CreationTime: 1_767_225_600,
      LastModifiedTime: 1_767_225_600,
    };
    this.pipes.set(input.Name, pipe);
    this.calls.push({ method: 'create', id: input.Name, input });
    return pipe;
  }

  update(name: string, changes: Partial<PipeInput>): Pipe {
    const pipe = { ...this.get(name), ...changes };
    this.pipes.set(name, pipe);
    this.calls.push({ method: 'update', id: name, input: changes });
    return pipe;
  }

  delete(name: string): Pipe {
    const pipe = this.get(name);
    this.pipes.delete(name);
    this.calls.push({ method: 'delete', id: name });
    return pipe;
  }

  get(name: string): Pipe {
    const pipe = this.pipes.get(name);
    if (!pipe) throw new AwsError('NotFoundException', `Pipe ${name} does not exist.`, 404);
    return pipe;
  }

  list(): Pipe[] {
    return [...this.pipes.values()];
  }
}

/** The real stores of every service the stacks use, a real LambdaRuntime and fake registries. */
export function serviceSet() {
  const clock = new ManualClock();
  const metrics = new MemoryMetricSink();
  const logSink = new MemoryLogSink();
  const env: EmulatorEnv = {
    clock,
    accountId: ACCOUNT,
    region: REGION,
    metrics,
    logs: logSink,
    endpoint: () => 'http://127.0.0.1:4566',
  };
  const kinesis = createKinesisService(env);
  const sqs = createSqsService(env);
  const logs = createLogsService(env);
  const cloudwatch = createCloudWatchService(env);
  const dynamodb = createDynamoDbService(env);
  const lambda = new LambdaRuntime({
    clock,
    metrics,
    logs: logSink,
    endpoint: env.endpoint,
    region: REGION,
    accountId: ACCOUNT,
  });
  const mappings = new FakeMappings();
  const pipes = new FakePipes();
  const dashboards = new DashboardStore(ACCOUNT, () => clock.now());
  const services: StackServices = {
    kinesis: kinesis.store,
    sqs: sqs.store,
    logs: logs.store,
    cloudwatch,
    dashboards,
    dynamodb: dynamodb.store,
    lambda,
    eventSourceMappings: mappings,
    pipes,
  };
  return {
    clock,
    env,
    kinesis,
    sqs,
    logs,
    cloudwatch,
    dynamodb,
    lambda,
    mappings,
    pipes,
    dashboards,
    services,
    close: () => lambda.close(),
  };
}

export type ServiceSet = ReturnType<typeof serviceSet>;

/** An interpreter over `set`, with a predictable name suffix when `suffixes` is true. */
export function interpreterFor(
  set: ServiceSet,
  options: { suffixes?: boolean } = {}
): CloudFormationInterpreter {
  let n = 0;
  return new CloudFormationInterpreter({
    region: REGION,
    accountId: ACCOUNT,
    clock: set.clock,
    services: set.services,
    ...(options.suffixes ? { nameSuffix: () => `SUFFIX${String(++n).padStart(7, '0')}` } : {}),
  });
}

/**
 * Synthesizes the five scenario stacks, broken and fixed, into `<tmp>/broken` and
 * `<tmp>/fixed` (as scripts/synth-all.ts does into cdk.out), and returns the root.
 */
export function synthesizeAssemblies(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'forensics-cfn-assembly-'));
  for (const variant of VARIANTS) {
    const app = new App({ outdir: path.join(root, variant), context: { variant } });
    for (const id of SCENARIO_IDS) scenarioStacks[id](app, { variant });
    app.synth();
  }
  return root;
}

/** A template from resources (and optional other sections). */
export function template(
  resources: Template['Resources'],
  rest: Omit<Template, 'Resources'> = {}
): Template {
  return { ...rest, Resources: resources };
}

/** Catches the error a promise rejects with (fails the test if it resolves). */
export async function errorOf(
  promise: Promise<unknown>
): Promise<Error & Record<string, unknown> & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Catches the error a function throws (fails the test if it returns). */
export function thrownBy(fn: () => unknown): Error & Record<string, unknown> {
  try {
    fn();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to throw, but it returned');
}

/**
 * A test-only server: the CloudFormation and SQS services of `set` on one random port, with
 * a real SDK CloudFormation client. The interpreter deploys into `set`'s stores.
 */
export async function startCloudFormationServer(set: ServiceSet, cfn: CloudFormationInterpreter) {
  const bugs: string[] = [];
  const dispatcher = new Dispatcher({
    region: REGION,
    accountId: ACCOUNT,
    clock: set.clock,
    reportBug: (error, where) => {
      bugs.push(`${where}: ${error instanceof Error ? error.stack : String(error)}`);
    },
  });
  dispatcher.register(createCloudFormationService(cfn).definition);
  dispatcher.register(set.sqs.definition);
  const server = await startServer(dispatcher, { port: 0, log: () => undefined });
  const client = new CloudFormationClient({
    endpoint: server.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return {
    endpoint: server.endpoint,
    client,
    close: async () => {
      client.destroy();
      await server.close();
      // An action that threw something other than an AwsError is an emulator bug.
      if (bugs.length > 0) throw new Error(`internal failures:\n${bugs.join('\n')}`);
    },
  };
}

/** Posts a raw awsQuery CloudFormation request; returns status and body text. */
export async function rawQuery(
  endpoint: string,
  params: Record<string, string>
): Promise<{ status: number; body: string }> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ Version: '2010-05-15', ...params }).toString(),
  });
  return { status: res.status, body: await res.text() };
}
