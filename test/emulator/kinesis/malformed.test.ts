import { gzipSync } from 'node:zlib';
import { CreateStreamCommand, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KinesisHarness, rawKinesis, startKinesisHarness } from './harness';

let h: KinesisHarness;

beforeAll(async () => {
  h = await startKinesisHarness();
  await h.kinesis.send(new CreateStreamCommand({ StreamName: 'sturdy', ShardCount: 1 }));
});

afterAll(async () => {
  await h.close();
});

describe('malformed Kinesis requests', () => {
  it('answers bad JSON with a SerializationException', async () => {
    // Act
    const { status, json, headers } = await rawKinesis(
      h.emulator.endpoint,
      'PutRecord',
      '{"StreamName": "sturdy",'
    );
    // Assert
    expect(status).toBe(400);
    expect(json.__type).toBe('SerializationException');
    expect(headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    // Act
    const { status, json } = await rawKinesis(h.emulator.endpoint, 'SplitTheAtom', '{}');
    // Assert
    expect(status).toBe(400);
    expect(json).toEqual({
      __type: 'UnknownOperationException',
      message: 'Unknown operation Kinesis_20131202.SplitTheAtom',
    });
  });

  it('answers a missing StreamName with InvalidArgumentException', async () => {
    // Act
    const { status, json } = await rawKinesis(
      h.emulator.endpoint,
      'PutRecord',
      JSON.stringify({ PartitionKey: 'a', Data: 'eA==' })
    );
    // Assert
    expect(status).toBe(400);
    expect(json).toEqual({
      __type: 'InvalidArgumentException',
      message: 'Either StreamName or StreamARN should be provided.',
    });
  });

  it('answers a body over 16 MiB with 413 RequestTooLargeException', async () => {
    // Act
    const { status, json } = await rawKinesis(
      h.emulator.endpoint,
      'PutRecords',
      Buffer.alloc(17 * 1024 * 1024, 0x20)
    );
    // Assert
    expect(status).toBe(413);
    expect(json).toEqual({
      __type: 'RequestTooLargeException',
      message: 'Request must be smaller than 16777216 bytes.',
    });
  });

  it('decodes a gzip request body', async () => {
    // Arrange
    const body = gzipSync(
      JSON.stringify({
        StreamName: 'sturdy',
        Records: [{ PartitionKey: 'gz', Data: Buffer.from('zipped').toString('base64') }],
      })
    );
    // Act
    const { status, json } = await rawKinesis(h.emulator.endpoint, 'PutRecords', body, {
      'content-encoding': 'gzip',
    });
    // Assert
    expect(status).toBe(200);
    expect(json.FailedRecordCount).toBe(0);
  });

  it('keeps serving the SDK after all of the above', async () => {
    // Act
    const out = await h.kinesis.send(new ListStreamsCommand({}));
    // Assert
    expect(out.StreamNames).toEqual(['sturdy']);
  });
});
