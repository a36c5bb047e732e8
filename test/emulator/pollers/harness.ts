import path from 'node:path';
import { ManualClock } from '../../../emulator/core/clock';
import { MemoryLogSink, MemoryMetricSink } from '../../../emulator/core/memory-sinks';
import type { EmulatorEnv } from '../../../emulator/core/service';
import type { FunctionConfig } from '../../../emulator/runtime/function-config';
import { createKinesisService } from '../../../emulator/services/kinesis';
import { createLambdaService } from '../../../emulator/services/lambda';
import { createSqsService } from '../../../emulator/services/sqs';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
export const FIXTURES = path.join(import.meta.dirname, 'fixtures');

/**
 * The real Kinesis, SQS and Lambda services (runtime, mappings, pollers) on one ManualClock,
 * with sinks tests can read. Functions run in real child processes; the clock only moves when
 * a test advances it.
 */
export function pollerHarness() {
  const clock = new ManualClock();
  const metrics = new MemoryMetricSink();
  const logs = new MemoryLogSink();
  const env: EmulatorEnv = {
    clock,
    accountId: ACCOUNT,
    region: REGION,
    metrics,
    logs,
    endpoint: () => 'http://127.0.0.1:4566',
  };
  const kinesis = createKinesisService(env).store;
  const sqs = createSqsService(env).store;
  const lambda = createLambdaService(env, { kinesis, sqs });

  const deploy = (name: string, fixture: string, overrides: Partial<FunctionConfig> = {}) => {
    lambda.store.functions.putFunction({
      functionName: name,
      functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
      handler: 'index.handler',
      codeDir: path.join(FIXTURES, fixture),
      runtime: 'nodejs22.x',
      timeout: 900,
      memorySize: 128,
      environment: {},
      logGroupName: `/aws/lambda/${name}`,
      ...overrides,
    });
  };

  /** The JSON objects a function logged with console.log, in order. */
  const logged = (name: string): Record<string, unknown>[] =>
    [...(logs.groups.get(`/aws/lambda/${name}`)?.values() ?? [])]
      // Streams in the order their environments started; lines in the order written.
      .flat()
      .map((e) => e.message)
      .filter((line) => line.includes('\tINFO\t'))
      .map((line) => {
        const text = line.slice(line.indexOf('\tINFO\t') + 6);
        try {
          return JSON.parse(text) as Record<string, unknown>;
        } catch {
          return { text };
        }
      });

  /** Every line a function logged. */
  const lines = (name: string): string[] =>
    [...(logs.groups.get(`/aws/lambda/${name}`)?.values() ?? [])].flat().map((e) => e.message);

  /** True when no function is running an invocation. */
  const idle = () =>
    lambda.store.runtime
      .listFunctions()
      .every((f) => lambda.store.runtime.concurrency(f.functionName) === 0);

  /**
   * Moves the clock in `stepMs` steps until `until()` holds, letting every invocation finish in
   * real time before each step (so no function deadline passes while its handler still runs).
   */
  const drive = async (
    until: () => boolean,
    options: { stepMs?: number; maxSteps?: number } = {}
  ) => {
    const { stepMs = 1000, maxSteps = 300 } = options;
    for (let step = 0; step < maxSteps; step++) {
      await settle();
      if (until()) return;
      await waitReal(idle, 'invocations to finish');
      await settle();
      if (until()) return;
      await clock.advance(stepMs);
    }
    throw new Error(`condition not reached after ${maxSteps} steps of ${stepMs} ms`);
  };

  const close = () => lambda.close();

  return {
    clock,
    metrics,
    logs,
    env,
    kinesis,
    sqs,
    lambda,
    deploy,
    logged,
    lines,
    drive,
    idle,
    close,
  };
}

/** Lets pending promise callbacks and immediate tasks run (no clock movement). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Waits in real time (polling every 10 ms, up to 20 s) until `condition` holds. */
export async function waitReal(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}
