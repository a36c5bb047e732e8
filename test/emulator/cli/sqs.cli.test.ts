/**
 * Debian's awscli 2.9 (`/usr/bin/aws`, awsQuery for SQS) against the in-process emulator.
 * Needs awscli installed (`apt-get install -y awscli`, as .ci/run does); set AWS_CLI to use
 * another binary. The CLI must be run asynchronously: the emulator answers from this process.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli } from '../../helpers/debian-aws';
import { startSqsEmulator } from '../sqs/harness';

let harness: Awaited<ReturnType<typeof startSqsEmulator>>;

beforeAll(async () => {
  harness = await startSqsEmulator();
});

afterAll(async () => {
  await harness.close();
});

/** Runs `aws sqs <args>` against the emulator; resolves with exit code, stdout and stderr. */
async function sqs(...args: string[]) {
  const { code, stdout, stderr } = await awsCli(harness.emulator.endpoint, ['sqs', ...args]);
  return { code, json: code === 0 && stdout.trim() ? JSON.parse(stdout) : undefined, stderr };
}

describe('aws sqs (Debian awscli 2.9, awsQuery)', () => {
  it('creates, finds, lists and describes queues', async () => {
    // Act
    const dlq = await sqs('create-queue', '--queue-name', 'cli-dlq');
    const created = await sqs(
      'create-queue',
      '--queue-name',
      'cli-orders',
      '--attributes',
      JSON.stringify({
        VisibilityTimeout: '5',
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:cli-dlq',
          maxReceiveCount: '2',
        }),
      })
    );
    const url = await sqs('get-queue-url', '--queue-name', 'cli-orders');
    const list = await sqs('list-queues', '--queue-name-prefix', 'cli-');
    const attributes = await sqs(
      'get-queue-attributes',
      '--queue-url',
      created.json.QueueUrl,
      '--attribute-names',
      'All'
    );
    // Assert
    expect(dlq.code).toBe(0);
    expect(created.json.QueueUrl).toBe(`${harness.emulator.endpoint}/000000000000/cli-orders`);
    expect(url.json).toEqual(created.json);
    expect(list.json.QueueUrls).toEqual([dlq.json.QueueUrl, created.json.QueueUrl]);
    expect(attributes.json.Attributes).toMatchObject({
      VisibilityTimeout: '5',
      MaximumMessageSize: '1048576',
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:cli-orders',
    });
  });

  it('sends, receives with attributes, changes visibility and deletes', async () => {
    // Arrange
    const { json } = await sqs('create-queue', '--queue-name', 'cli-messages');
    const queueUrl = json.QueueUrl as string;
    // Act
    const sent = await sqs(
      'send-message',
      '--queue-url',
      queueUrl,
      '--message-body',
      'hello & <world>',
      '--message-attributes',
      '{"k":{"DataType":"String","StringValue":"v"}}'
    );
    const batch = await sqs(
      'send-message-batch',
      '--queue-url',
      queueUrl,
      '--entries',
      '[{"Id":"a","MessageBody":"one"},{"Id":"b","MessageBody":"two"}]'
    );
    const received = await sqs(
      'receive-message',
      '--queue-url',
      queueUrl,
      '--attribute-names',
      'All',
      '--message-attribute-names',
      'All',
      '--max-number-of-messages',
      '10'
    );
    const [first, second, third] = received.json.Messages;
    const changed = await sqs(
      'change-message-visibility',
      '--queue-url',
      queueUrl,
      '--receipt-handle',
      first.ReceiptHandle,
      '--visibility-timeout',
      '60'
    );
    const deleted = await sqs(
      'delete-message',
      '--queue-url',
      queueUrl,
      '--receipt-handle',
      first.ReceiptHandle
    );
    const deletedBatch = await sqs(
      'delete-message-batch',
      '--queue-url',
      queueUrl,
      '--entries',
      JSON.stringify([
        { Id: 'x', ReceiptHandle: second.ReceiptHandle },
        { Id: 'y', ReceiptHandle: 'bogus' },
      ])
    );
    // Assert
    expect(sent.json.MD5OfMessageBody).toBe('f83460ea789ae129081c4d9c5f8f440a');
    expect(batch.json.Successful.map((e: { Id: string }) => e.Id)).toEqual(['a', 'b']);
    expect(first).toMatchObject({
      Body: 'hello & <world>',
      MD5OfBody: 'f83460ea789ae129081c4d9c5f8f440a',
      MD5OfMessageAttributes: sent.json.MD5OfMessageAttributes,
      MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
      Attributes: { ApproximateReceiveCount: '1' },
    });
    expect(third.Body).toBe('two');
    expect(changed.code).toBe(0);
    expect(deleted.code).toBe(0);
    expect(deletedBatch.json).toEqual({
      Successful: [{ Id: 'x' }],
      Failed: [
        {
          Id: 'y',
          SenderFault: true,
          Code: 'ReceiptHandleIsInvalid',
          Message: 'The input receipt handle "bogus" is not a valid receipt handle.',
        },
      ],
    });
  });

  it('refuses a message one byte over the limit and a missing queue, with AWS codes', async () => {
    // Arrange
    const { json } = await sqs('create-queue', '--queue-name', 'cli-limits');
    const dir = await mkdtemp(join(tmpdir(), 'sqs-cli-'));
    await writeFile(join(dir, 'fits.txt'), 'x'.repeat(1_048_576));
    await writeFile(join(dir, 'over.txt'), 'x'.repeat(1_048_577));
    // Act
    const fits = await sqs(
      'send-message',
      '--queue-url',
      json.QueueUrl,
      '--message-body',
      `file://${join(dir, 'fits.txt')}`
    );
    const over = await sqs(
      'send-message',
      '--queue-url',
      json.QueueUrl,
      '--message-body',
      `file://${join(dir, 'over.txt')}`
    );
    const missing = await sqs('get-queue-url', '--queue-name', 'cli-missing');
    // Assert
    expect(fits.code).toBe(0);
    expect(over.code).toBe(254);
    expect(over.stderr).toContain(
      'An error occurred (InvalidParameterValue) when calling the SendMessage operation'
    );
    expect(over.stderr).toContain('Message must be shorter than 1048576 bytes.');
    expect(missing.code).toBe(254);
    expect(missing.stderr).toContain('(AWS.SimpleQueueService.NonExistentQueue)');
  });

  it('purges a queue and refuses a second purge within 60 s', async () => {
    // Arrange
    const { json } = await sqs('create-queue', '--queue-name', 'cli-purge');
    await sqs('send-message', '--queue-url', json.QueueUrl, '--message-body', 'x');
    // Act
    const first = await sqs('purge-queue', '--queue-url', json.QueueUrl);
    const second = await sqs('purge-queue', '--queue-url', json.QueueUrl);
    const empty = await sqs('receive-message', '--queue-url', json.QueueUrl);
    // Assert
    expect(first.code).toBe(0);
    expect(second.stderr).toContain('(AWS.SimpleQueueService.PurgeQueueInProgress)');
    expect(empty).toMatchObject({ code: 0, json: undefined });
  });
});
