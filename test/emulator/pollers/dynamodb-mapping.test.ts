import { afterEach, describe, expect, it } from 'vitest';
import { dynamoDbStreamsReader } from '../../../emulator/pollers/stream-source';
import { DynamoDbStreamsStore } from '../../../emulator/services/dynamodb-streams';
import { ACCOUNT, pollerHarness, REGION } from './harness';

type Harness = ReturnType<typeof pollerHarness>;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('DynamoDB stream event source mapping', () => {
  describe('functionality', () => {
    it('sends C.3 records and reports a failed batch as DDBStreamBatchInfo', async () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      const streams = new DynamoDbStreamsStore(harness.env, (a) => JSON.stringify(a).length);
      harness.lambda.store.mappings.sources.dynamodbStreams = dynamoDbStreamsReader(streams);
      const tableArn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/items`;
      const { streamArn } = streams.createStream({
        tableName: 'items',
        tableArn,
        keySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        viewType: 'NEW_AND_OLD_IMAGES',
      });
      const put = (id: string, kind: string) =>
        streams.append(streamArn, {
          eventName: 'INSERT',
          keys: { id: { S: id } },
          newImage: { id: { S: id }, kind: { S: kind } },
        });
      const first = put('i-1', 'poison');
      put('i-2', 'ok');
      harness.deploy('processor', 'ddb-poison');
      const ofd = harness.sqs.createQueue('ofd');
      // Act
      harness.lambda.store.mappings.create({
        FunctionName: 'processor',
        EventSourceArn: streamArn,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 1,
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: ofd.arn } },
      });
      await harness.drive(() => harness.logged('processor').length >= 3, { stepMs: 250 });
      // Assert
      const calls = harness.logged('processor');
      expect(calls.map((c) => c.keys)).toEqual([['i-1'], ['i-1'], ['i-2']]);
      const record = ((calls[0]?.records ?? []) as Record<string, unknown>[])[0];
      expect(Object.keys(record as object)).toEqual([
        'eventID',
        'eventVersion',
        'dynamodb',
        'awsRegion',
        'eventName',
        'eventSourceARN',
        'eventSource',
      ]);
      expect(record).toMatchObject({
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        eventSourceARN: streamArn,
      });
      const bodies = [...harness.sqs.getQueue(ofd.arn).messages()].map((m) => JSON.parse(m.body));
      expect(bodies).toHaveLength(1);
      expect(bodies[0].DDBStreamBatchInfo).toMatchObject({
        shardId: expect.stringMatching(/^shardId-/),
        startSequenceNumber: first?.dynamodb.SequenceNumber,
        endSequenceNumber: first?.dynamodb.SequenceNumber,
        batchSize: 1,
        streamArn,
      });
      expect(bodies[0].requestContext.approximateInvokeCount).toBe(2);
    });
  });
});
