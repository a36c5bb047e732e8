import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ManualClock } from '../../../emulator/core/clock';
import { MemoryMetricSink } from '../../../emulator/core/memory-sinks';
import { type Emulator, startEmulator } from '../../../emulator/emulator';
import type { DynamoDbService } from '../../../emulator/services/dynamodb';

/**
 * An in-process emulator on a random port, driven by a ManualClock, its DynamoDB and DynamoDB
 * Streams services, and real SDK clients with retries off so throttling is visible.
 */
export interface DynamoDbHarness {
  clock: ManualClock;
  emulator: Emulator;
  service: DynamoDbService;
  ddb: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  streams: DynamoDBStreamsClient;
  /** Every metric data point the emulator recorded. */
  metrics: MemoryMetricSink;
  close(): Promise<void>;
}

export async function startDynamoDbHarness(): Promise<DynamoDbHarness> {
  const clock = new ManualClock();
  const emulator = await startEmulator({ port: 0, clock });
  const metrics = new MemoryMetricSink();
  emulator.metrics.target = metrics;
  const service = emulator.services.dynamodb;
  const config = {
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  const ddb = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  return {
    clock,
    emulator,
    service,
    ddb,
    doc: DynamoDBDocumentClient.from(ddb),
    streams,
    metrics,
    close: async () => {
      ddb.destroy();
      streams.destroy();
      await emulator.close();
    },
  };
}

/** CreateTable with a string partition key `pk` (and `sk` when `sortKey`), provisioned 5/5 unless told. */
export function tableInput(
  name: string,
  extra: Partial<CreateTableCommandInput> = {},
  sortKey = false
): CreateTableCommandInput {
  return {
    TableName: name,
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      ...(sortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : []),
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      ...(sortKey ? [{ AttributeName: 'sk', AttributeType: 'S' as const }] : []),
    ],
    ...(extra.BillingMode === 'PAY_PER_REQUEST'
      ? {}
      : { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }),
    ...extra,
  };
}

export async function createTable(
  h: DynamoDbHarness,
  name: string,
  extra: Partial<CreateTableCommandInput> = {},
  sortKey = false
): Promise<void> {
  await h.ddb.send(new CreateTableCommand(tableInput(name, extra, sortKey)));
}

/** Posts a raw awsJson1_0 request and returns status and parsed body. */
export async function rawCall(
  endpoint: string,
  target: string,
  body: string
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : {} };
}

/** Catches the error a promise rejects with (fails the test if it resolves). */
export async function errorOf(
  promise: Promise<unknown>
): Promise<Error & { $metadata?: { httpStatusCode?: number }; [member: string]: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { [member: string]: unknown };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** A string attribute of `bytes` characters. */
export function filler(bytes: number): string {
  return 'x'.repeat(bytes);
}

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
