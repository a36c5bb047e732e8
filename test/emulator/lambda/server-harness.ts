import path from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { PipesClient } from '@aws-sdk/client-pipes';
import { ManualClock } from '../../../emulator/core/clock';
import { MemoryLogSink, MemoryMetricSink } from '../../../emulator/core/memory-sinks';
import type { EmulatorEnv } from '../../../emulator/core/service';
import type { ProtocolEnv } from '../../../emulator/protocols/context';
import { Dispatcher } from '../../../emulator/protocols/dispatcher';
import type { FunctionConfig } from '../../../emulator/runtime/function-config';
import { startServer } from '../../../emulator/server';
import { createKinesisService } from '../../../emulator/services/kinesis';
import { createLambdaService } from '../../../emulator/services/lambda';
import { createPipesService } from '../../../emulator/services/pipes';
import { createSqsService } from '../../../emulator/services/sqs';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
const FIXTURES = path.join(import.meta.dirname, 'fixtures');

/**
 * A test-only composition on port 0: SQS, Kinesis, Lambda and Pipes on one ManualClock behind
 * the real one-port server, plus real SDK clients. (emulator.ts is the lead's; this wires only
 * what these tests need.)
 */
export async function startLambdaServer() {
  const clock = new ManualClock();
  const metrics = new MemoryMetricSink();
  const logs = new MemoryLogSink();
  let endpoint = 'http://127.0.0.1:4566';
  const env: EmulatorEnv = {
    clock,
    accountId: ACCOUNT,
    region: REGION,
    metrics,
    logs,
    endpoint: () => endpoint,
  };
  const protocolEnv: ProtocolEnv = {
    region: REGION,
    accountId: ACCOUNT,
    clock,
    reportBug: (error, where) => console.error(`bug in ${where}`, error),
  };
  const sqs = createSqsService(env);
  const kinesis = createKinesisService(env);
  const lambda = createLambdaService(env, { sqs: sqs.store, kinesis: kinesis.store });
  const pipes = createPipesService(env, { sqs: sqs.store, kinesis: kinesis.store });
  const dispatcher = new Dispatcher(protocolEnv);
  dispatcher.register(sqs.definition);
  dispatcher.register(kinesis.definition);
  dispatcher.registerRoutes(...lambda.routes, ...pipes.routes);
  const server = await startServer(dispatcher, { port: 0 });
  endpoint = server.endpoint;
  const clientConfig = {
    endpoint,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  const lambdaClient = new LambdaClient(clientConfig);
  const pipesClient = new PipesClient(clientConfig);

  const deploy = (name: string, fixture: string, overrides: Partial<FunctionConfig> = {}) =>
    lambda.store.functions.putFunction({
      functionName: name,
      functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
      handler: 'index.handler',
      codeDir: path.join(FIXTURES, fixture),
      runtime: 'nodejs22.x',
      timeout: 30,
      memorySize: 128,
      environment: {},
      logGroupName: `/aws/lambda/${name}`,
      ...overrides,
    });

  return {
    clock,
    metrics,
    logs,
    env,
    endpoint,
    sqs: sqs.store,
    kinesis: kinesis.store,
    lambda,
    pipes,
    lambdaClient,
    pipesClient,
    deploy,
    close: async () => {
      lambdaClient.destroy();
      pipesClient.destroy();
      await pipes.close();
      await lambda.close();
      await server.close();
    },
  };
}

/** Runs `action` and returns what it threw (fails the test when it does not throw). */
export async function thrown(
  action: () => Promise<unknown>
): Promise<Error & Record<string, unknown>> {
  try {
    await action();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}
