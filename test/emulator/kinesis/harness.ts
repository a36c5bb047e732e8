import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ManualClock } from '../../../emulator/core/clock';
import { MemoryMetricSink } from '../../../emulator/core/memory-sinks';
import { type Emulator, startEmulator } from '../../../emulator/emulator';
import type { KinesisOptions } from '../../../emulator/services/kinesis';

/** An in-process emulator on a random port, driven by a ManualClock, plus a real SDK client. */
export interface KinesisHarness {
  clock: ManualClock;
  emulator: Emulator;
  /** The SDK's default client (HTTP/2 cleartext), with retries off so throttling is visible. */
  kinesis: KinesisClient;
  /** Every AWS/Kinesis data point the emulator recorded. */
  metrics: MemoryMetricSink;
  close(): Promise<void>;
}

export async function startKinesisHarness(
  options: { http1?: boolean; kinesis?: KinesisOptions } = {}
): Promise<KinesisHarness> {
  const clock = new ManualClock();
  const emulator = await startEmulator({ port: 0, clock, kinesis: options.kinesis });
  const metrics = new MemoryMetricSink();
  emulator.metrics.target = metrics;
  const kinesis = new KinesisClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    ...(options.http1 ? { requestHandler: new NodeHttpHandler() } : {}),
  });
  return {
    clock,
    emulator,
    kinesis,
    metrics,
    close: async () => {
      kinesis.destroy();
      await emulator.close();
    },
  };
}

/** Posts a raw awsJson1_1 Kinesis request (HTTP/1.1 fetch) and returns status, headers and parsed body. */
export async function rawKinesis(
  endpoint: string,
  operation: string,
  body: string | Buffer,
  headers: Record<string, string> = {}
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `Kinesis_20131202.${operation}`,
      ...headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : {} };
}

/** Catches the error a promise rejects with (fails the test if it resolves). */
export async function errorOf(
  promise: Promise<unknown>
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export const ACCOUNT = '000000000000';
