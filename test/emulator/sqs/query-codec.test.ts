import { parseXML } from '@aws-sdk/xml-builder';
import { describe, expect, it } from 'vitest';
import { sqsQueryCodec } from '../../../emulator/services/sqs/query-codec';
import { createTestSqs } from './helpers';

// Form bodies exactly as Debian's awscli 2.9.19 sent them (captured against this emulator).
const QUEUE_URL = 'http%3A%2F%2F127.0.0.1%3A4599%2F000000000000%2Forders';
const bodies = {
  createQueue:
    'Action=CreateQueue&Version=2012-11-05&QueueName=orders&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=5&Attribute.2.Name=RedrivePolicy&Attribute.2.Value=%7B%22deadLetterTargetArn%22%3A%22arn%3Aaws%3Asqs%3Aus-east-1%3A000000000000%3Adlq%22%2C%22maxReceiveCount%22%3A%222%22%7D&Tag.1.Key=team&Tag.1.Value=lab',
  getQueueAttributes: `Action=GetQueueAttributes&Version=2012-11-05&QueueUrl=${QUEUE_URL}&AttributeName.1=All`,
  sendMessage: `Action=SendMessage&Version=2012-11-05&QueueUrl=${QUEUE_URL}&MessageBody=hello+%26+%3Cworld%3E&MessageAttribute.1.Name=k&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=v&MessageAttribute.2.Name=b&MessageAttribute.2.Value.DataType=Binary&MessageAttribute.2.Value.BinaryValue=AAEC`,
  sendMessageBatch: `Action=SendMessageBatch&Version=2012-11-05&QueueUrl=${QUEUE_URL}&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=one&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody=two&SendMessageBatchRequestEntry.2.DelaySeconds=1`,
  receiveMessage: `Action=ReceiveMessage&Version=2012-11-05&QueueUrl=${QUEUE_URL}&AttributeName.1=All&MessageAttributeName.1=All&MaxNumberOfMessages=10&WaitTimeSeconds=2`,
  deleteMessageBatch: `Action=DeleteMessageBatch&Version=2012-11-05&QueueUrl=${QUEUE_URL}&DeleteMessageBatchRequestEntry.1.Id=x&DeleteMessageBatchRequestEntry.1.ReceiptHandle=AAA%3D&DeleteMessageBatchRequestEntry.2.Id=y&DeleteMessageBatchRequestEntry.2.ReceiptHandle=bogus`,
  changeMessageVisibilityBatch: `Action=ChangeMessageVisibilityBatch&Version=2012-11-05&QueueUrl=${QUEUE_URL}&ChangeMessageVisibilityBatchRequestEntry.1.Id=x&ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle=AAA%3D&ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout=50`,
};
const URL_DECODED = 'http://127.0.0.1:4599/000000000000/orders';

const decode = (operation: string, body: string) =>
  sqsQueryCodec.decode(operation, new URLSearchParams(body));

/** Parses a result the way the SDK's query protocol would, wrapped as the server wraps it. */
function parseResult(operation: string, inner: string) {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><${operation}Result>${inner}</${operation}Result></${operation}Response>`;
  // biome-ignore lint/suspicious/noExplicitAny: navigating parsed XML
  return (parseXML(xml) as any)[`${operation}Response`][`${operation}Result`];
}

describe('SQS query codec', () => {
  describe('decode', () => {
    it('decodes CreateQueue attributes and tags (flattened maps)', () => {
      // Act + Assert
      expect(decode('CreateQueue', bodies.createQueue)).toEqual({
        QueueName: 'orders',
        Attributes: {
          VisibilityTimeout: '5',
          RedrivePolicy:
            '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":"2"}',
        },
        tags: { team: 'lab' },
      });
    });

    it('decodes AttributeName.N into AttributeNames', () => {
      // Act + Assert
      expect(decode('GetQueueAttributes', bodies.getQueueAttributes)).toEqual({
        QueueUrl: URL_DECODED,
        AttributeNames: ['All'],
      });
    });

    it('decodes MessageAttribute.N.Name/Value.* into MessageAttributes', () => {
      // Act + Assert
      expect(decode('SendMessage', bodies.sendMessage)).toEqual({
        QueueUrl: URL_DECODED,
        MessageBody: 'hello & <world>',
        MessageAttributes: {
          k: { DataType: 'String', StringValue: 'v' },
          b: { DataType: 'Binary', BinaryValue: 'AAEC' },
        },
      });
    });

    it('decodes SendMessageBatchRequestEntry.N into Entries with numbers', () => {
      // Act + Assert
      expect(decode('SendMessageBatch', bodies.sendMessageBatch)).toEqual({
        QueueUrl: URL_DECODED,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: 'two', DelaySeconds: 1 },
        ],
      });
    });

    it('decodes ReceiveMessage names and integers', () => {
      // Act + Assert
      expect(decode('ReceiveMessage', bodies.receiveMessage)).toEqual({
        QueueUrl: URL_DECODED,
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 2,
      });
    });

    it('decodes DeleteMessageBatch and ChangeMessageVisibilityBatch entries', () => {
      // Act + Assert
      expect(decode('DeleteMessageBatch', bodies.deleteMessageBatch)).toEqual({
        QueueUrl: URL_DECODED,
        Entries: [
          { Id: 'x', ReceiptHandle: 'AAA=' },
          { Id: 'y', ReceiptHandle: 'bogus' },
        ],
      });
      expect(decode('ChangeMessageVisibilityBatch', bodies.changeMessageVisibilityBatch)).toEqual({
        QueueUrl: URL_DECODED,
        Entries: [{ Id: 'x', ReceiptHandle: 'AAA=', VisibilityTimeout: 50 }],
      });
    });

    it('orders list items by index, not by position in the form', () => {
      // Act
      const out = decode(
        'GetQueueAttributes',
        'QueueUrl=u&AttributeName.10=C&AttributeName.2=B&AttributeName.1=A'
      );
      // Assert
      expect(out).toEqual({ QueueUrl: 'u', AttributeNames: ['A', 'B', 'C'] });
    });

    it('leaves a malformed integer as text for the action to reject', async () => {
      // Act
      const input = decode('ReceiveMessage', `QueueUrl=${QUEUE_URL}&MaxNumberOfMessages=ten`);
      // Assert
      expect(input).toMatchObject({ MaxNumberOfMessages: 'ten' });
      const { call, createQueue } = createTestSqs();
      const url = await createQueue('orders');
      await expect(
        call('ReceiveMessage', { ...(input as object), QueueUrl: url })
      ).rejects.toMatchObject({
        queryCode: 'InvalidParameterValue',
        message:
          'Value ten for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
      });
    });
  });

  describe('encode', () => {
    it('encodes ReceiveMessage as flattened <Message>, <Attribute> and <MessageAttribute>', () => {
      // Act
      const xml = sqsQueryCodec.encode('ReceiveMessage', {
        Messages: [
          {
            MessageId: 'id-1',
            ReceiptHandle: 'rh+/=',
            MD5OfBody: 'md5',
            Body: 'a < b & "c"\r\nd',
            Attributes: { ApproximateReceiveCount: '1', SentTimestamp: '123' },
            MD5OfMessageAttributes: 'amd5',
            MessageAttributes: {
              k: { DataType: 'String', StringValue: 'v' },
              b: { DataType: 'Binary', BinaryValue: 'AAEC' },
            },
          },
          { MessageId: 'id-2', ReceiptHandle: 'rh2', MD5OfBody: 'm2', Body: 'two' },
        ],
      });
      // Assert
      expect(xml).toContain('<Body>a &lt; b &amp; &quot;c&quot;&#xD;\nd</Body>');
      const result = parseResult('ReceiveMessage', xml);
      expect(result.Message).toHaveLength(2);
      const [first] = result.Message;
      expect(first.Body).toBe('a < b & "c"\r\nd');
      expect(first.Attribute).toEqual([
        { Name: 'ApproximateReceiveCount', Value: '1' },
        { Name: 'SentTimestamp', Value: '123' },
      ]);
      expect(first.MessageAttribute).toEqual([
        { Name: 'k', Value: { DataType: 'String', StringValue: 'v' } },
        { Name: 'b', Value: { DataType: 'Binary', BinaryValue: 'AAEC' } },
      ]);
    });

    it('encodes batch results as <SendMessageBatchResultEntry> and <BatchResultErrorEntry>', () => {
      // Act
      const xml = sqsQueryCodec.encode('SendMessageBatch', {
        Successful: [{ Id: 'a', MessageId: 'm', MD5OfMessageBody: 'x' }],
        Failed: [{ Id: 'b', SenderFault: true, Code: 'InvalidParameterValue', Message: 'too big' }],
      });
      const result = parseResult('SendMessageBatch', xml);
      // Assert
      expect(result.SendMessageBatchResultEntry).toEqual({
        Id: 'a',
        MessageId: 'm',
        MD5OfMessageBody: 'x',
      });
      expect(result.BatchResultErrorEntry).toEqual({
        Id: 'b',
        SenderFault: 'true',
        Code: 'InvalidParameterValue',
        Message: 'too big',
      });
    });

    it('encodes ListQueues as repeated <QueueUrl> and GetQueueAttributes as <Attribute>', () => {
      // Act
      const list = parseResult(
        'ListQueues',
        sqsQueryCodec.encode('ListQueues', { QueueUrls: ['u1', 'u2'] })
      );
      // Assert
      expect(list.QueueUrl).toEqual(['u1', 'u2']);
      const attributes = parseResult(
        'GetQueueAttributes',
        sqsQueryCodec.encode('GetQueueAttributes', { Attributes: { VisibilityTimeout: '30' } })
      );
      expect(attributes.Attribute).toEqual({ Name: 'VisibilityTimeout', Value: '30' });
      const sources = parseResult(
        'ListDeadLetterSourceQueues',
        sqsQueryCodec.encode('ListDeadLetterSourceQueues', { queueUrls: ['s'] })
      );
      expect(sources.QueueUrl).toBe('s');
    });

    it('encodes results without members, and empty receives, as nothing', () => {
      // Act + Assert
      expect(sqsQueryCodec.encode('DeleteMessage', {})).toBe('');
      expect(sqsQueryCodec.encode('ReceiveMessage', {})).toBe('');
    });

    it('round-trips a real action: form in, action, XML out', async () => {
      // Arrange
      const { call, createQueue } = createTestSqs();
      await createQueue('dlq');
      const created = await call('CreateQueue', decode('CreateQueue', bodies.createQueue));
      // Act
      const xml = sqsQueryCodec.encode('CreateQueue', created);
      // Assert
      expect(parseResult('CreateQueue', xml)).toEqual({
        QueueUrl: 'http://127.0.0.1:4566/000000000000/orders',
      });
    });
  });
});
