import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, errorOf, type KinesisHarness, rawKinesis, startKinesisHarness } from './harness';

let h: KinesisHarness;

beforeAll(async () => {
  h = await startKinesisHarness();
});

afterAll(async () => {
  await h.close();
});

describe('CreateStream', () => {
  describe('validations', () => {
    it('reports a missing StreamName as AWS does', async () => {
      // Act
      const error = await errorOf(
        h.kinesis.send(new CreateStreamCommand({ ShardCount: 1 } as never))
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(
        "1 validation error detected: Value null at 'streamName' failed to satisfy constraint: Member must not be null"
      );
    });

    it('lists every broken constraint of StreamName and ShardCount', async () => {
      // Act
      const { status, json } = await rawKinesis(
        h.emulator.endpoint,
        'CreateStream',
        JSON.stringify({ StreamName: 'bad name!', ShardCount: 0 })
      );
      // Assert
      expect(status).toBe(400);
      expect(json).toEqual({
        __type: 'ValidationException',
        message:
          "2 validation errors detected: Value 'bad name!' at 'streamName' failed to satisfy constraint: " +
          'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; ' +
          "Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1",
      });
    });

    it('refuses a ShardCount that is not a number with a SerializationException', async () => {
      // Act
      const { status, json } = await rawKinesis(
        h.emulator.endpoint,
        'CreateStream',
        JSON.stringify({ StreamName: 's', ShardCount: 'two' })
      );
      // Assert
      expect(status).toBe(400);
      expect(json.__type).toBe('SerializationException');
      expect(json.message).toBe('class java.lang.String can not be converted to an Integer');
    });

    it('refuses a second stream with the same name', async () => {
      // Arrange
      await h.kinesis.send(new CreateStreamCommand({ StreamName: 'dup', ShardCount: 1 }));
      // Act
      const error = await errorOf(
        h.kinesis.send(new CreateStreamCommand({ StreamName: 'dup', ShardCount: 1 }))
      );
      // Assert
      expect(error.name).toBe('ResourceInUseException');
      expect(error.message).toBe(`Stream dup under account ${ACCOUNT} already exists.`);
    });

    it('requires ShardCount for a provisioned stream', async () => {
      // Act
      const error = await errorOf(
        h.kinesis.send(new CreateStreamCommand({ StreamName: 'no-shards' }))
      );
      // Assert
      expect(error.name).toBe('InvalidArgumentException');
    });
  });

  describe('functionality', () => {
    it('splits the hash key space evenly between the shards', async () => {
      // Arrange
      await h.kinesis.send(new CreateStreamCommand({ StreamName: 'four', ShardCount: 4 }));
      // Act
      const out = await h.kinesis.send(new DescribeStreamCommand({ StreamName: 'four' }));
      // Assert
      const shards = out.StreamDescription?.Shards ?? [];
      expect(shards.map((s) => s.ShardId)).toEqual([
        'shardId-000000000000',
        'shardId-000000000001',
        'shardId-000000000002',
        'shardId-000000000003',
      ]);
      expect(
        shards.map((s) => [s.HashKeyRange?.StartingHashKey, s.HashKeyRange?.EndingHashKey])
      ).toEqual([
        ['0', '85070591730234615865843651857942052863'],
        ['85070591730234615865843651857942052864', '170141183460469231731687303715884105727'],
        ['170141183460469231731687303715884105728', '255211775190703847597530955573826158591'],
        ['255211775190703847597530955573826158592', '340282366920938463463374607431768211455'],
      ]);
      const starts = shards.map((s) => s.SequenceNumberRange?.StartingSequenceNumber ?? '');
      for (const start of starts) expect(start).toMatch(/^\d{56}$/);
    });

    it('creates an on-demand stream with 4 shards', async () => {
      // Act
      await h.kinesis.send(
        new CreateStreamCommand({
          StreamName: 'od',
          StreamModeDetails: { StreamMode: 'ON_DEMAND' },
        })
      );
      const out = await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'od' }));
      // Assert
      expect(out.StreamDescriptionSummary).toMatchObject({
        StreamName: 'od',
        StreamStatus: 'ACTIVE',
        StreamModeDetails: { StreamMode: 'ON_DEMAND' },
        OpenShardCount: 4,
      });
    });
  });
});

describe('DescribeStream', () => {
  describe('validations', () => {
    it('answers ResourceNotFoundException with AWS text for an unknown stream', async () => {
      // Act
      const error = await errorOf(
        h.kinesis.send(new DescribeStreamCommand({ StreamName: 'missing' }))
      );
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe(`Stream missing under account ${ACCOUNT} not found.`);
      expect(error.$metadata?.httpStatusCode).toBe(400);
    });

    it('asks for StreamName or StreamARN when neither is given', async () => {
      // Act
      const error = await errorOf(h.kinesis.send(new DescribeStreamCommand({})));
      // Assert
      expect(error.name).toBe('InvalidArgumentException');
      expect(error.message).toBe('Either StreamName or StreamARN should be provided.');
    });

    it('refuses a malformed StreamARN', async () => {
      // Act
      const error = await errorOf(
        h.kinesis.send(new DescribeStreamCommand({ StreamARN: 'arn:aws:sqs:x' }))
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(
        "1 validation error detected: Value 'arn:aws:sqs:x' at 'streamARN' failed to satisfy constraint: " +
          'Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+'
      );
    });
  });

  describe('functionality', () => {
    it('describes a stream by StreamARN, with its retention, mode and creation time', async () => {
      // Arrange
      await h.kinesis.send(new CreateStreamCommand({ StreamName: 'by-arn', ShardCount: 2 }));
      const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/by-arn`;
      // Act
      const out = await h.kinesis.send(new DescribeStreamCommand({ StreamARN: arn }));
      // Assert
      expect(out.StreamDescription).toMatchObject({
        StreamName: 'by-arn',
        StreamARN: arn,
        StreamStatus: 'ACTIVE',
        RetentionPeriodHours: 24,
        HasMoreShards: false,
        EncryptionType: 'NONE',
        EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
      });
      expect(out.StreamDescription?.StreamCreationTimestamp?.getTime()).toBe(h.clock.now());
    });

    it('pages shards with Limit and ExclusiveStartShardId', async () => {
      // Act
      const first = await h.kinesis.send(
        new DescribeStreamCommand({ StreamName: 'four', Limit: 3 })
      );
      const rest = await h.kinesis.send(
        new DescribeStreamCommand({
          StreamName: 'four',
          ExclusiveStartShardId: 'shardId-000000000002',
        })
      );
      // Assert
      expect(first.StreamDescription?.Shards).toHaveLength(3);
      expect(first.StreamDescription?.HasMoreShards).toBe(true);
      expect(rest.StreamDescription?.Shards?.map((s) => s.ShardId)).toEqual([
        'shardId-000000000003',
      ]);
      expect(rest.StreamDescription?.HasMoreShards).toBe(false);
    });
  });
});

describe('DescribeStreamSummary', () => {
  describe('functionality', () => {
    it('summarises a stream without its shard list', async () => {
      // Act
      const out = await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'four' }));
      // Assert
      expect(out.StreamDescriptionSummary).toMatchObject({
        StreamName: 'four',
        StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/four`,
        StreamStatus: 'ACTIVE',
        OpenShardCount: 4,
        ConsumerCount: 0,
        RetentionPeriodHours: 24,
      });
    });
  });
});

describe('ListStreams', () => {
  describe('validations', () => {
    it('refuses a Limit of 0', async () => {
      // Act
      const error = await errorOf(h.kinesis.send(new ListStreamsCommand({ Limit: 0 })));
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
      );
    });
  });

  describe('functionality', () => {
    it('lists streams in name order with summaries, and pages with NextToken', async () => {
      // Act
      const page1 = await h.kinesis.send(new ListStreamsCommand({ Limit: 2 }));
      const page2 = await h.kinesis.send(new ListStreamsCommand({ NextToken: page1.NextToken }));
      // Assert
      const all = [...(page1.StreamNames ?? []), ...(page2.StreamNames ?? [])];
      expect(all).toEqual([...all].sort());
      expect(all).toEqual(expect.arrayContaining(['by-arn', 'dup', 'four', 'od']));
      expect(page1.HasMoreStreams).toBe(true);
      expect(page2.HasMoreStreams).toBe(false);
      expect(page1.StreamSummaries?.[0]).toMatchObject({ StreamStatus: 'ACTIVE' });
    });
  });
});

describe('DeleteStream', () => {
  describe('validations', () => {
    it('answers ResourceNotFoundException for an unknown stream', async () => {
      // Act
      const error = await errorOf(h.kinesis.send(new DeleteStreamCommand({ StreamName: 'never' })));
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe(`Stream never under account ${ACCOUNT} not found.`);
    });
  });

  describe('functionality', () => {
    it('deletes a stream so its name can be used again', async () => {
      // Arrange
      await h.kinesis.send(new CreateStreamCommand({ StreamName: 'gone', ShardCount: 1 }));
      // Act
      await h.kinesis.send(new DeleteStreamCommand({ StreamName: 'gone' }));
      // Assert
      const error = await errorOf(
        h.kinesis.send(new DescribeStreamCommand({ StreamName: 'gone' }))
      );
      expect(error.name).toBe('ResourceNotFoundException');
      await h.kinesis.send(new CreateStreamCommand({ StreamName: 'gone', ShardCount: 1 }));
    });
  });
});

describe('stream status timing', () => {
  it('keeps a stream CREATING for createStreamMs of emulated time, then ACTIVE', async () => {
    // Arrange
    const slow = await startKinesisHarness({
      kinesis: { createStreamMs: 10_000, deleteStreamMs: 5_000 },
    });
    try {
      await slow.kinesis.send(new CreateStreamCommand({ StreamName: 'slow', ShardCount: 1 }));
      // Act
      const creating = await slow.kinesis.send(
        new DescribeStreamSummaryCommand({ StreamName: 'slow' })
      );
      await slow.clock.advance(10_000);
      const active = await slow.kinesis.send(
        new DescribeStreamSummaryCommand({ StreamName: 'slow' })
      );
      await slow.kinesis.send(new DeleteStreamCommand({ StreamName: 'slow' }));
      const deleting = await slow.kinesis.send(
        new DescribeStreamSummaryCommand({ StreamName: 'slow' })
      );
      await slow.clock.advance(5_000);
      const afterDelete = await errorOf(
        slow.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'slow' }))
      );
      // Assert
      expect(creating.StreamDescriptionSummary?.StreamStatus).toBe('CREATING');
      expect(active.StreamDescriptionSummary?.StreamStatus).toBe('ACTIVE');
      expect(deleting.StreamDescriptionSummary?.StreamStatus).toBe('DELETING');
      expect(afterDelete.name).toBe('ResourceNotFoundException');
    } finally {
      await slow.close();
    }
  });
});
