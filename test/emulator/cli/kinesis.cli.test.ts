import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../emulator/emulator';
import { awsCli, type CliResult } from '../../helpers/debian-aws';

// Debian's awscli 2.9.x (/usr/bin/aws, installed by .ci/run): it ignores AWS_ENDPOINT_URL, so
// every command gets --endpoint-url. Run with the emulator in-process on a random port.
let emulator: Emulator;

function aws(...args: string[]): Promise<CliResult> {
  return awsCli(emulator.endpoint, args);
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator.close();
});

describe('Debian awscli against the emulator', () => {
  it('sts get-caller-identity', async () => {
    // Act
    const out = await aws('sts', 'get-caller-identity');
    // Assert
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      UserId: '000000000000',
      Account: '000000000000',
      Arn: 'arn:aws:iam::000000000000:root',
    });
  });

  it('kinesis create-stream, put-record, get-shard-iterator, get-records', async () => {
    // Act
    expect(
      (await aws('kinesis', 'create-stream', '--stream-name', 'cli', '--shard-count', '4')).code
    ).toBe(0);
    const put = JSON.parse(
      (
        await aws(
          'kinesis',
          'put-record',
          '--stream-name',
          'cli',
          '--partition-key',
          'HOT_PARTITION',
          '--data',
          'aGVsbG8='
        )
      ).stdout
    );
    const iterator = JSON.parse(
      (
        await aws(
          'kinesis',
          'get-shard-iterator',
          '--stream-name',
          'cli',
          '--shard-id',
          put.ShardId,
          '--shard-iterator-type',
          'TRIM_HORIZON'
        )
      ).stdout
    );
    const records = JSON.parse(
      (await aws('kinesis', 'get-records', '--shard-iterator', iterator.ShardIterator)).stdout
    );
    // Assert
    expect(put.ShardId).toBe('shardId-000000000002');
    expect(records.Records[0]).toMatchObject({ Data: 'aGVsbG8=', PartitionKey: 'HOT_PARTITION' });
  });

  it('kinesis describe-stream of an unknown stream fails with the AWS message', async () => {
    // Act
    const out = await aws('kinesis', 'describe-stream', '--stream-name', 'nope');
    // Assert
    expect(out.code).toBe(254);
    expect(out.stderr).toContain('(ResourceNotFoundException)');
    expect(out.stderr).toContain('Stream nope under account 000000000000 not found.');
  });
});
