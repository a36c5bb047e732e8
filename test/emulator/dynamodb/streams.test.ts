import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  UpdateItemCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotas } from '../../../emulator/core/quotas';
import {
  createTable,
  type DynamoDbHarness,
  errorOf,
  rawCall,
  startDynamoDbHarness,
} from './harness';

let h: DynamoDbHarness;

beforeAll(async () => {
  h = await startDynamoDbHarness();
});

afterAll(async () => {
  await h.close();
});

type ViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/** Creates an on-demand table with a stream; returns the stream ARN and its shard id. */
async function streamedTable(
  name: string,
  view: ViewType = 'NEW_AND_OLD_IMAGES'
): Promise<{ arn: string; shardId: string }> {
  await createTable(h, name, {
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: view },
  });
  const { Table } = await h.ddb.send(new DescribeTableCommand({ TableName: name }));
  const arn = Table?.LatestStreamArn as string;
  const { StreamDescription } = await h.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  return { arn, shardId: StreamDescription?.Shards?.[0]?.ShardId as string };
}

async function iterator(
  arn: string,
  shardId: string,
  type: ShardIteratorType,
  sequenceNumber?: string
): Promise<string> {
  const out = await h.streams.send(
    new GetShardIteratorCommand({
      StreamArn: arn,
      ShardId: shardId,
      ShardIteratorType: type,
      SequenceNumber: sequenceNumber,
    })
  );
  return out.ShardIterator as string;
}

async function readAll(arn: string, shardId: string): Promise<_Record[]> {
  const out = await h.streams.send(
    new GetRecordsCommand({ ShardIterator: await iterator(arn, shardId, 'TRIM_HORIZON') })
  );
  return out.Records ?? [];
}

describe('GetRecords', () => {
  describe('functionality', () => {
    it('returns INSERT, MODIFY and REMOVE with NEW_AND_OLD_IMAGES', async () => {
      // Arrange
      const { arn, shardId } = await streamedTable('products');
      // Act
      await h.ddb.send(
        new PutItemCommand({ TableName: 'products', Item: { pk: { S: 'p1' }, price: { N: '10' } } })
      );
      await h.ddb.send(
        new UpdateItemCommand({
          TableName: 'products',
          Key: { pk: { S: 'p1' } },
          UpdateExpression: 'SET price = :p',
          ExpressionAttributeValues: { ':p': { N: '12' } },
        })
      );
      await h.ddb.send(new DeleteItemCommand({ TableName: 'products', Key: { pk: { S: 'p1' } } }));
      const records = await readAll(arn, shardId);
      // Assert
      expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
      const [insert, modify, remove] = records as [_Record, _Record, _Record];
      expect(insert).toMatchObject({
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'us-east-1',
        dynamodb: {
          Keys: { pk: { S: 'p1' } },
          NewImage: { pk: { S: 'p1' }, price: { N: '10' } },
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      });
      expect(insert.eventID).toMatch(/^[0-9a-f]{32}$/);
      expect(insert.dynamodb?.OldImage).toBeUndefined();
      expect(insert.dynamodb?.ApproximateCreationDateTime?.getTime()).toBe(
        Math.floor(h.clock.now() / 1000) * 1000
      );
      expect(insert.dynamodb?.SequenceNumber).toMatch(/^\d{21,40}$/);
      expect(insert.dynamodb?.SizeBytes).toBeGreaterThan(0);
      expect(modify.dynamodb?.OldImage).toEqual({ pk: { S: 'p1' }, price: { N: '10' } });
      expect(modify.dynamodb?.NewImage).toEqual({ pk: { S: 'p1' }, price: { N: '12' } });
      expect(remove.dynamodb?.OldImage).toEqual({ pk: { S: 'p1' }, price: { N: '12' } });
      expect(remove.dynamodb?.NewImage).toBeUndefined();
      expect(BigInt(modify.dynamodb?.SequenceNumber as string)).toBeGreaterThan(
        BigInt(insert.dynamodb?.SequenceNumber as string)
      );
    });

    it('writes no record for a write that changes nothing, or a delete of a missing item', async () => {
      // Arrange
      const { arn, shardId } = await streamedTable('quiet');
      const item = { pk: { S: 'q' }, tags: { SS: ['a', 'b'] } };
      // Act
      await h.ddb.send(new PutItemCommand({ TableName: 'quiet', Item: item }));
      await h.ddb.send(
        new PutItemCommand({
          TableName: 'quiet',
          Item: { pk: { S: 'q' }, tags: { SS: ['b', 'a'] } },
        })
      );
      await h.ddb.send(
        new UpdateItemCommand({
          TableName: 'quiet',
          Key: { pk: { S: 'q' } },
          UpdateExpression: 'SET tags = :t',
          ExpressionAttributeValues: { ':t': { SS: ['a', 'b'] } },
        })
      );
      await h.ddb.send(new DeleteItemCommand({ TableName: 'quiet', Key: { pk: { S: 'absent' } } }));
      // Assert
      expect((await readAll(arn, shardId)).map((r) => r.eventName)).toEqual(['INSERT']);
    });

    it.each([
      ['KEYS_ONLY', false, false],
      ['NEW_IMAGE', true, false],
      ['OLD_IMAGE', false, true],
    ] as const)('keeps what %s says', async (view, hasNew, hasOld) => {
      // Arrange
      const { arn, shardId } = await streamedTable(`view-${view.toLowerCase()}`, view);
      const table = `view-${view.toLowerCase()}`;
      // Act
      await h.ddb.send(
        new PutItemCommand({ TableName: table, Item: { pk: { S: 'v' }, n: { N: '1' } } })
      );
      await h.ddb.send(
        new PutItemCommand({ TableName: table, Item: { pk: { S: 'v' }, n: { N: '2' } } })
      );
      const [, modify] = await readAll(arn, shardId);
      // Assert
      expect(modify?.dynamodb?.Keys).toEqual({ pk: { S: 'v' } });
      expect(modify?.dynamodb?.NewImage !== undefined).toBe(hasNew);
      expect(modify?.dynamodb?.OldImage !== undefined).toBe(hasOld);
      expect(modify?.dynamodb?.StreamViewType).toBe(view);
    });

    it('records batch writes, pages with Limit and reads on with NextShardIterator', async () => {
      // Arrange
      const { arn, shardId } = await streamedTable('batched');
      await h.ddb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            batched: Array.from({ length: 5 }, (_, i) => ({
              PutRequest: { Item: { pk: { S: `b${i}` } } },
            })),
          },
        })
      );
      // Act
      const first = await h.streams.send(
        new GetRecordsCommand({
          ShardIterator: await iterator(arn, shardId, 'TRIM_HORIZON'),
          Limit: 3,
        })
      );
      const second = await h.streams.send(
        new GetRecordsCommand({ ShardIterator: first.NextShardIterator })
      );
      const third = await h.streams.send(
        new GetRecordsCommand({ ShardIterator: second.NextShardIterator })
      );
      // Assert
      expect(first.Records).toHaveLength(3);
      expect(second.Records).toHaveLength(2);
      expect(third.Records).toEqual([]);
      expect(third.NextShardIterator).toBeDefined();
    });

    it('starts LATEST after the last record and AT_/AFTER_SEQUENCE_NUMBER at or after a record', async () => {
      // Arrange
      const { arn, shardId } = await streamedTable('positions');
      await h.ddb.send(new PutItemCommand({ TableName: 'positions', Item: { pk: { S: 'one' } } }));
      await h.ddb.send(new PutItemCommand({ TableName: 'positions', Item: { pk: { S: 'two' } } }));
      const latest = await iterator(arn, shardId, 'LATEST');
      await h.ddb.send(
        new PutItemCommand({ TableName: 'positions', Item: { pk: { S: 'three' } } })
      );
      const [one] = await readAll(arn, shardId);
      const sequence = one?.dynamodb?.SequenceNumber as string;
      // Act
      const afterLatest = await h.streams.send(new GetRecordsCommand({ ShardIterator: latest }));
      const at = await h.streams.send(
        new GetRecordsCommand({
          ShardIterator: await iterator(arn, shardId, 'AT_SEQUENCE_NUMBER', sequence),
        })
      );
      const after = await h.streams.send(
        new GetRecordsCommand({
          ShardIterator: await iterator(arn, shardId, 'AFTER_SEQUENCE_NUMBER', sequence),
        })
      );
      // Assert
      const keys = (records?: _Record[]) => records?.map((r) => r.dynamodb?.Keys?.pk?.S);
      expect(keys(afterLatest.Records)).toEqual(['three']);
      expect(keys(at.Records)).toEqual(['one', 'two', 'three']);
      expect(keys(after.Records)).toEqual(['two', 'three']);
    });

    it('trims records after 24 hours', async () => {
      // Arrange
      const { arn, shardId } = await streamedTable('retained');
      await h.ddb.send(new PutItemCommand({ TableName: 'retained', Item: { pk: { S: 'old' } } }));
      const [old] = await readAll(arn, shardId);
      await h.clock.advance(quotas.dynamoDbStreamRetentionMs.value - 1000);
      await h.ddb.send(new PutItemCommand({ TableName: 'retained', Item: { pk: { S: 'new' } } }));
      await h.clock.advance(1000);
      // Act
      const records = await readAll(arn, shardId);
      const error = await errorOf(
        iterator(arn, shardId, 'AT_SEQUENCE_NUMBER', old?.dynamodb?.SequenceNumber)
      );
      // Assert
      expect(records.map((r) => r.dynamodb?.Keys?.pk?.S)).toEqual(['new']);
      expect(error.name).toBe('TrimmedDataAccessException');
    });
  });

  describe('validations', () => {
    it('expires an iterator 15 minutes after it was handed out', async () => {
      // Arrange
      const { arn, shardId } = await streamedTable('expiring');
      const shardIterator = await iterator(arn, shardId, 'TRIM_HORIZON');
      await h.clock.advance(quotas.dynamoDbStreamIteratorLifetimeMs.value + 1);
      // Act
      const error = await errorOf(
        h.streams.send(new GetRecordsCommand({ ShardIterator: shardIterator }))
      );
      // Assert
      expect(error.name).toBe('ExpiredIteratorException');
      expect(error.message).toMatch(/tolerated delay of 900000 milliseconds\.$/);
    });

    it('refuses a Limit above 1,000', async () => {
      // Arrange
      const { arn, shardId } = await streamedTable('limited');
      // Act
      const error = await errorOf(
        h.streams.send(
          new GetRecordsCommand({
            ShardIterator: await iterator(arn, shardId, 'LATEST'),
            Limit: 1001,
          })
        )
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(
        "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000"
      );
    });

    it('refuses an iterator it did not issue', async () => {
      // Act
      const error = await errorOf(
        h.streams.send(new GetRecordsCommand({ ShardIterator: 'not-an-iterator' }))
      );
      // Assert
      expect(error.name).toBe('ValidationException');
    });
  });
});

describe('GetShardIterator', () => {
  describe('validations', () => {
    it('reports an unknown stream', async () => {
      // Arrange
      const arn =
        'arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/2026-01-01T00:00:00.000';
      // Act
      const { status, json } = await rawCall(
        h.emulator.endpoint,
        'DynamoDBStreams_20120810.GetShardIterator',
        JSON.stringify({
          StreamArn: arn,
          ShardId: 'shardId-00000001767225600000-00000000',
          ShardIteratorType: 'LATEST',
        })
      );
      // Assert
      expect(status).toBe(400);
      expect(json).toEqual({
        __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
        message: `Requested resource not found: Stream: ${arn} not found`,
      });
    });

    it('reports an unknown shard', async () => {
      // Arrange
      const { arn } = await streamedTable('shardless');
      // Act
      const error = await errorOf(iterator(arn, 'shardId-00000000000000000000-00000000', 'LATEST'));
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
    });

    it('refuses a bad ShardIteratorType and a short ShardId', async () => {
      // Act
      const { json } = await rawCall(
        h.emulator.endpoint,
        'DynamoDBStreams_20120810.GetShardIterator',
        JSON.stringify({
          StreamArn:
            'arn:aws:dynamodb:us-east-1:000000000000:table/x/stream/2026-01-01T00:00:00.000',
          ShardId: 'short',
          ShardIteratorType: 'OLDEST',
        })
      );
      // Assert
      expect(json.__type).toBe('com.amazon.coral.validate#ValidationException');
      expect(json.message).toBe(
        "2 validation errors detected: Value 'short' at 'shardId' failed to satisfy constraint: Member must have length greater than or equal to 28; " +
          "Value 'OLDEST' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]"
      );
    });
  });
});

describe('DescribeStream', () => {
  describe('functionality', () => {
    it('describes the one shard, closed with an ending sequence number once the stream is disabled', async () => {
      // Arrange
      const { arn } = await streamedTable('closing', 'KEYS_ONLY');
      await h.ddb.send(new PutItemCommand({ TableName: 'closing', Item: { pk: { S: 'c' } } }));
      // Act
      const open = await h.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
      await h.ddb.send(
        new UpdateTableCommand({
          TableName: 'closing',
          StreamSpecification: { StreamEnabled: false },
        })
      );
      const closed = await h.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
      // Assert
      expect(open.StreamDescription).toMatchObject({
        StreamArn: arn,
        StreamStatus: 'ENABLED',
        StreamViewType: 'KEYS_ONLY',
        TableName: 'closing',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      });
      expect(open.StreamDescription?.Shards).toHaveLength(1);
      expect(open.StreamDescription?.Shards?.[0]?.ShardId).toMatch(/^shardId-\d{20}-[0-9a-f]{8}$/);
      expect(
        open.StreamDescription?.Shards?.[0]?.SequenceNumberRange?.EndingSequenceNumber
      ).toBeUndefined();
      expect(closed.StreamDescription?.StreamStatus).toBe('DISABLED');
      expect(
        closed.StreamDescription?.Shards?.[0]?.SequenceNumberRange?.EndingSequenceNumber
      ).toMatch(/^\d{21}$/);
    });

    it('ends a disabled shard: the last page has no NextShardIterator', async () => {
      // Arrange
      const { arn, shardId } = await streamedTable('ended');
      await h.ddb.send(new PutItemCommand({ TableName: 'ended', Item: { pk: { S: 'e' } } }));
      await h.ddb.send(new DeleteTableCommand({ TableName: 'ended' }));
      // Act
      const out = await h.streams.send(
        new GetRecordsCommand({ ShardIterator: await iterator(arn, shardId, 'TRIM_HORIZON') })
      );
      const described = await h.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
      // Assert
      expect(out.Records?.map((r) => r.eventName)).toEqual(['INSERT']);
      expect(out.NextShardIterator).toBeUndefined();
      expect(described.StreamDescription?.StreamStatus).toBe('DISABLED');
    });
  });

  describe('validations', () => {
    it('forgets a disabled stream 24 hours later', async () => {
      // Arrange
      const { arn } = await streamedTable('forgotten');
      await h.ddb.send(new DeleteTableCommand({ TableName: 'forgotten' }));
      await h.clock.advance(quotas.dynamoDbStreamRetentionMs.value);
      // Act
      const error = await errorOf(h.streams.send(new DescribeStreamCommand({ StreamArn: arn })));
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe(`Requested resource not found: Stream: ${arn} not found`);
    });
  });
});

describe('ListStreams', () => {
  describe('functionality', () => {
    it('lists streams, by table, and pages with Limit', async () => {
      // Arrange
      const a = await streamedTable('listed-a');
      const b = await streamedTable('listed-b');
      // Act
      const byTable = await h.streams.send(new ListStreamsCommand({ TableName: 'listed-a' }));
      const all = await h.streams.send(new ListStreamsCommand({}));
      const page = await h.streams.send(
        new ListStreamsCommand({ Limit: 1, ExclusiveStartStreamArn: a.arn })
      );
      // Assert
      expect(byTable.Streams).toEqual([
        {
          StreamArn: a.arn,
          TableName: 'listed-a',
          StreamLabel: a.arn.slice(a.arn.lastIndexOf('/') + 1),
        },
      ]);
      expect(all.Streams?.map((s) => s.StreamArn)).toEqual(expect.arrayContaining([a.arn, b.arn]));
      expect(page.Streams?.map((s) => s.StreamArn)).toEqual([b.arn]);
    });
  });

  describe('validations', () => {
    it('refuses a Limit above 100 and counts it as a UserError', async () => {
      // Arrange
      const before = h.metrics.sum('AWS/DynamoDB', 'UserErrors', {});
      // Act
      const error = await errorOf(h.streams.send(new ListStreamsCommand({ Limit: 101 })));
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"
      );
      expect(h.metrics.sum('AWS/DynamoDB', 'UserErrors', {}) - before).toBe(1);
    });
  });
});
