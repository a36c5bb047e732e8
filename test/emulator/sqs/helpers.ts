import { expect } from 'vitest';
import { ManualClock } from '../../../emulator/core/clock';
import { AwsError } from '../../../emulator/core/errors';
import type { MetricDatum, MetricSink } from '../../../emulator/core/metric-sink';
import type { EmulatorEnv, RequestContext } from '../../../emulator/core/service';
import { createSqsService, type SqsStoreOptions } from '../../../emulator/services/sqs';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
export const ENDPOINT = 'http://127.0.0.1:4566';

/** A MetricSink that keeps everything, for assertions. */
export class RecordingMetricSink implements MetricSink {
  readonly data: MetricDatum[] = [];

  record(datum: MetricDatum): void {
    this.data.push(datum);
  }

  /** Data points of one metric of one queue. */
  of(metricName: string, queueName: string): MetricDatum[] {
    return this.data.filter(
      (d) => d.metricName === metricName && d.dimensions.QueueName === queueName
    );
  }

  /** Sum of one metric of one queue. */
  sum(metricName: string, queueName: string): number {
    return this.of(metricName, queueName).reduce((total, d) => total + d.value, 0);
  }
}

/**
 * A fresh SQS service on a ManualClock, with helpers that call the action table directly
 * (`definition.actions.SendMessage(input, ctx)`), as the HTTP server would.
 */
export function createTestSqs(options: Partial<SqsStoreOptions> = {}) {
  const clock = new ManualClock();
  const metrics = new RecordingMetricSink();
  const env: EmulatorEnv = {
    clock,
    accountId: ACCOUNT,
    region: REGION,
    metrics,
    logs: { append: () => {} },
    endpoint: () => ENDPOINT,
  };
  const { definition, store } = createSqsService(env, options);
  const ctx: RequestContext = {
    region: REGION,
    accountId: ACCOUNT,
    endpoint: ENDPOINT,
    clock,
    requestId: 'test-request',
  };
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever shape the action returns
  const call = async (operation: string, input: unknown): Promise<any> => {
    const action = definition.actions[operation];
    if (!action) throw new Error(`no action ${operation}`);
    return action(input, ctx);
  };
  const createQueue = async (name: string, attributes?: Record<string, string>) =>
    (await call('CreateQueue', { QueueName: name, Attributes: attributes })).QueueUrl as string;
  return { clock, metrics, env, definition, store, ctx, call, createQueue };
}

/** Asserts that `action` fails with an AwsError of this code, query code, status and text. */
export async function expectAwsError(
  action: Promise<unknown> | (() => unknown),
  expected: { code: string; queryCode?: string; status?: number; message?: string | RegExp }
): Promise<AwsError> {
  let error: unknown;
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AwsError);
  const aws = error as AwsError;
  expect(aws.code).toBe(expected.code);
  expect(aws.name).toBe(expected.code);
  if (expected.queryCode !== undefined) expect(aws.queryCode).toBe(expected.queryCode);
  if (expected.status !== undefined) expect(aws.status).toBe(expected.status);
  if (typeof expected.message === 'string') expect(aws.message).toBe(expected.message);
  else if (expected.message) expect(aws.message).toMatch(expected.message);
  return aws;
}

/** The error triple of InvalidParameterValue (JSON `__type`, query code). */
export const INVALID_PARAMETER = {
  code: 'InvalidParameterValueException',
  queryCode: 'InvalidParameterValue',
  status: 400,
} as const;

/** Lets pending promise callbacks run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
