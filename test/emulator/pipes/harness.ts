import { ManualClock } from '../../../emulator/core/clock';
import { MemoryLogSink, MemoryMetricSink } from '../../../emulator/core/memory-sinks';
import type { EmulatorEnv } from '../../../emulator/core/service';
import { dynamoDbStreamsReader } from '../../../emulator/pollers/stream-source';
import { DynamoDbStreamsStore } from '../../../emulator/services/dynamodb-streams';
import { createKinesisService } from '../../../emulator/services/kinesis';
import { createPipesService } from '../../../emulator/services/pipes';
import { createSqsService } from '../../../emulator/services/sqs';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/pipe-role`;

/**
 * The Pipes service over the real SQS, Kinesis and DynamoDB Streams stores, on a ManualClock,
 * with memory sinks for AWS/EventBridge/Pipes metrics and pipe logs.
 */
export function pipesHarness() {
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
  const sqs = createSqsService(env).store;
  const kinesis = createKinesisService(env).store;
  const streams = new DynamoDbStreamsStore(env, (attributes) =>
    Buffer.byteLength(JSON.stringify(attributes), 'utf8')
  );
  const pipes = createPipesService(env, {
    sqs,
    kinesis,
    dynamodbStreams: dynamoDbStreamsReader(streams),
  });

  /** A table stream (NEW_AND_OLD_IMAGES) keyed on productId. */
  const tableStream = (table: string) =>
    streams.createStream({
      tableName: table,
      tableArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table}`,
      keySchema: [{ AttributeName: 'productId', KeyType: 'HASH' }],
      viewType: 'NEW_AND_OLD_IMAGES',
    }).streamArn;

  /** Writes one item change to a stream, as the table would. */
  const putItem = (streamArn: string, item: Record<string, Record<string, unknown>>) =>
    streams.append(streamArn, {
      eventName: 'INSERT',
      keys: { productId: item.productId as Record<string, unknown> },
      newImage: item,
    });

  const bodies = (queueArn: string): string[] =>
    [...sqs.getQueue(queueArn).messages()].map((m) => m.body);

  /** The JSON records a pipe logged to `group`. */
  const logRecords = (group: string): Record<string, unknown>[] =>
    [...(logs.groups.get(group)?.values() ?? [])].flat().map((e) => JSON.parse(e.message));

  /** Advances the clock in 250 ms steps (the DynamoDB poll interval) until `until()` holds. */
  const drive = async (until: () => boolean, maxSteps = 400) => {
    for (let i = 0; i < maxSteps; i++) {
      for (let j = 0; j < 5; j++) await new Promise((resolve) => setImmediate(resolve));
      if (until()) return;
      await clock.advance(250);
    }
    throw new Error('condition not reached');
  };

  return {
    clock,
    metrics,
    logs,
    env,
    sqs,
    kinesis,
    streams,
    pipes,
    tableStream,
    putItem,
    bodies,
    logRecords,
    drive,
    close: () => pipes.close(),
  };
}
