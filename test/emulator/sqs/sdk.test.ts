import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  type SQSServiceException,
  TooManyEntriesInBatchRequest,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSqsEmulator } from './harness';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

let harness: Awaited<ReturnType<typeof startSqsEmulator>>;
let sqs: SQSClient;
let queueUrl: string;

beforeAll(async () => {
  harness = await startSqsEmulator();
  sqs = harness.client;
  ({ QueueUrl: queueUrl = '' } = await sqs.send(
    new CreateQueueCommand({ QueueName: 'sdk-orders', Attributes: { VisibilityTimeout: '30' } })
  ));
});

afterAll(async () => {
  await harness.close();
});

/** The error a command rejects with. */
async function failure(promise: Promise<unknown>): Promise<SQSServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as SQSServiceException;
  }
  throw new Error('the command succeeded');
}

describe('SQS through @aws-sdk/client-sqs (awsJson1_0)', () => {
  describe('functionality', () => {
    it('hands out a QueueUrl on the emulator endpoint', () => {
      // Assert
      expect(queueUrl).toBe(`${harness.emulator.endpoint}/000000000000/sdk-orders`);
    });

    it('round-trips send, receive and delete with the MD5 checks the SDK makes', async () => {
      // Arrange
      const body = 'order #1 ✓';
      const attributes = {
        kind: { DataType: 'String', StringValue: 'order' },
        blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 255]) },
      };
      // Act: the SDK throws InvalidChecksumError if MD5OfMessageBody is wrong
      const sent = await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: body,
          MessageAttributes: attributes,
        })
      );
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        })
      );
      // Assert
      expect(sent.MD5OfMessageBody).toBe(md5(body));
      const [message] = received.Messages ?? [];
      expect(message).toMatchObject({
        MessageId: sent.MessageId,
        Body: body,
        MD5OfBody: md5(body),
        MD5OfMessageAttributes: sent.MD5OfMessageAttributes,
        Attributes: { ApproximateReceiveCount: '1', SenderId: '000000000000' },
      });
      expect(message?.MessageAttributes?.kind).toEqual({
        DataType: 'String',
        StringValue: 'order',
      });
      expect(message?.MessageAttributes?.blob?.BinaryValue).toEqual(new Uint8Array([0, 1, 2, 255]));
      // Act
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message?.ReceiptHandle })
      );
      // Assert
      const attributes2 = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] })
      );
      expect(attributes2.Attributes).toMatchObject({
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
      });
    });

    it('sends a batch whose MD5s the SDK verifies, with per-entry failures', async () => {
      // Arrange
      const { QueueUrl } = await sqs.send(
        new CreateQueueCommand({
          QueueName: 'sdk-small',
          Attributes: { MaximumMessageSize: '1024' },
        })
      );
      // Act
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: [
            { Id: 'fits', MessageBody: 'x'.repeat(1024) },
            { Id: 'over', MessageBody: 'x'.repeat(1025) },
          ],
        })
      );
      // Assert
      expect(out.Successful?.map((e) => e.Id)).toEqual(['fits']);
      expect(out.Failed).toEqual([
        {
          Id: 'over',
          SenderFault: true,
          Code: 'InvalidParameterValue',
          Message:
            'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.',
        },
      ]);
    });

    it('wakes a long poll as soon as a message is sent', async () => {
      // Arrange
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'sdk-long-poll' }));
      // Act
      const poll = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'wake up' }));
      const out = await poll;
      // Assert
      expect(out.Messages?.[0]?.Body).toBe('wake up');
    });

    it('serves a client configured only by environment, which follows the QueueUrl host', async () => {
      // Arrange: AWS_ENDPOINT_URL_SQS points nowhere; env endpoints are not "explicit", so the
      // SDK sends QueueUrl-bearing calls to the QueueUrl's origin (local-emulation-probe.md 1).
      const saved = process.env.AWS_ENDPOINT_URL_SQS;
      process.env.AWS_ENDPOINT_URL_SQS = 'http://127.0.0.1:9';
      const envClient = new SQSClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        logger: { debug() {}, info() {}, warn() {}, error() {} },
        maxAttempts: 1,
      });
      try {
        // Act
        const out = await envClient.send(
          new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'via env' })
        );
        // Assert
        expect(out.MD5OfMessageBody).toBe(md5('via env'));
      } finally {
        envClient.destroy();
        if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SQS;
        else process.env.AWS_ENDPOINT_URL_SQS = saved;
      }
    });

    it('resolves a QueueUrl whose host differs from the client endpoint', async () => {
      // Arrange: the client talks to localhost, the QueueUrl says 127.0.0.1
      const other = new SQSClient({
        endpoint: `http://localhost:${harness.emulator.port}`,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      // Act
      const out = await other.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'hi' })
      );
      other.destroy();
      // Assert
      expect(out.MD5OfMessageBody).toBe(md5('hi'));
    });
  });

  describe('validations', () => {
    it('raises QueueDoesNotExist with the legacy query code', async () => {
      // Act
      const error = await failure(sqs.send(new GetQueueUrlCommand({ QueueName: 'missing' })));
      // Assert
      expect(error).toBeInstanceOf(QueueDoesNotExist);
      expect(error.name).toBe('QueueDoesNotExist');
      expect(error.message).toBe('The specified queue does not exist.');
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect((error as unknown as { Code: string }).Code).toBe(
        'AWS.SimpleQueueService.NonExistentQueue'
      );
    });

    it('refuses a message one byte over the queue limit as InvalidParameterValue', async () => {
      // Act
      const error = await failure(
        sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x'.repeat(1_048_577) }))
      );
      // Assert
      expect(error.name).toBe('InvalidParameterValue');
      expect(error.message).toBe(
        'One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.'
      );
      expect(error.$fault).toBe('client');
    });

    it('raises ReceiptHandleIsInvalid (404) and TooManyEntriesInBatchRequest as modelled errors', async () => {
      // Act
      const invalid = await failure(
        sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: 'nope',
            VisibilityTimeout: 0,
          })
        )
      );
      const tooMany = await failure(
        sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' })),
          })
        )
      );
      // Assert
      expect(invalid).toBeInstanceOf(ReceiptHandleIsInvalid);
      expect(invalid.$metadata.httpStatusCode).toBe(404);
      expect(tooMany).toBeInstanceOf(TooManyEntriesInBatchRequest);
      expect(tooMany.message).toBe(
        'Maximum number of entries per request are 10. You have sent 11.'
      );
    });
  });
});

describe('SQS over awsQuery (what Debian awscli 2.9 sends)', () => {
  describe('functionality', () => {
    it('answers a form SendMessage with <SendMessageResult> XML', async () => {
      // Act
      const res = await fetch(harness.emulator.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: new URLSearchParams({
          Action: 'SendMessage',
          Version: '2012-11-05',
          QueueUrl: queueUrl,
          MessageBody: 'from the CLI',
        }).toString(),
      });
      const xml = await res.text();
      // Assert
      expect(res.status).toBe(200);
      expect(xml).toContain(
        '<SendMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">'
      );
      expect(xml).toContain(`<MD5OfMessageBody>${md5('from the CLI')}</MD5OfMessageBody>`);
    });

    it('answers an error with the legacy query code', async () => {
      // Act
      const res = await fetch(harness.emulator.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=GetQueueUrl&Version=2012-11-05&QueueName=missing',
      });
      const xml = await res.text();
      // Assert
      expect(res.status).toBe(400);
      expect(xml).toContain('<Code>AWS.SimpleQueueService.NonExistentQueue</Code>');
    });
  });
});
