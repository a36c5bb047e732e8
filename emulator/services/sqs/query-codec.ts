import type { QueryCodec } from '../../core/service';
import { escapeXml } from '../../protocols/xml';

/**
 * SQS over awsQuery, as Debian's awscli 2.9 still speaks it (local-emulation-probe.md section 2):
 * form bodies such as `Action=SendMessage&Version=2012-11-05&QueueUrl=...&MessageBody=hello`
 * in, `<SendMessageResult>` XML out. The shapes below follow the 2012-11-05 query model (botocore
 * `sqs/2012-11-05/service-2.json`): every list and map is flattened, so a list is `Name.N` on the
 * way in and repeated `<Name>` elements on the way out, and a map is `Name.N.Key`/`Name.N.Value`
 * in and repeated `<Name><Key/><Value/></Name>` out. Member names map wire -> JSON, so the
 * actions see exactly what the JSON protocol gives them.
 */

/** A query shape: a scalar, a flattened list or map, or a structure. */
type Shape =
  | 'string'
  | 'integer'
  | 'boolean'
  | { list: Shape }
  | { map: Shape; key: string; value: string }
  | { struct: Members };

/** JSON member name -> [wire name, shape]. */
type Members = Record<string, readonly [string, Shape]>;

const stringList = (wire: string) => [wire, { list: 'string' }] as const;

const attributeMap = { map: 'string', key: 'Name', value: 'Value' } as const satisfies Shape;

const messageAttributeValue = {
  struct: {
    DataType: ['DataType', 'string'],
    StringValue: ['StringValue', 'string'],
    BinaryValue: ['BinaryValue', 'string'],
    StringListValues: stringList('StringListValue'),
    BinaryListValues: stringList('BinaryListValue'),
  },
} as const satisfies Shape;

const messageAttributeMap = {
  map: messageAttributeValue,
  key: 'Name',
  value: 'Value',
} as const satisfies Shape;

const tagMap = { map: 'string', key: 'Key', value: 'Value' } as const satisfies Shape;

const sendEntry: Members = {
  MessageBody: ['MessageBody', 'string'],
  DelaySeconds: ['DelaySeconds', 'integer'],
  MessageAttributes: ['MessageAttribute', messageAttributeMap],
  MessageSystemAttributes: ['MessageSystemAttribute', messageAttributeMap],
  MessageDeduplicationId: ['MessageDeduplicationId', 'string'],
  MessageGroupId: ['MessageGroupId', 'string'],
};

const batchError = {
  struct: {
    Id: ['Id', 'string'],
    SenderFault: ['SenderFault', 'boolean'],
    Code: ['Code', 'string'],
    Message: ['Message', 'string'],
  },
} as const satisfies Shape;

const idEntry = { struct: { Id: ['Id', 'string'] } } as const satisfies Shape;

const queueUrl = ['QueueUrl', 'string'] as const;

/** Request members per operation. */
const inputs: Record<string, Members> = {
  CreateQueue: {
    QueueName: ['QueueName', 'string'],
    Attributes: ['Attribute', attributeMap],
    tags: ['Tag', tagMap],
  },
  DeleteQueue: { QueueUrl: queueUrl },
  GetQueueUrl: {
    QueueName: ['QueueName', 'string'],
    QueueOwnerAWSAccountId: ['QueueOwnerAWSAccountId', 'string'],
  },
  ListQueues: {
    QueueNamePrefix: ['QueueNamePrefix', 'string'],
    NextToken: ['NextToken', 'string'],
    MaxResults: ['MaxResults', 'integer'],
  },
  GetQueueAttributes: { QueueUrl: queueUrl, AttributeNames: stringList('AttributeName') },
  SetQueueAttributes: { QueueUrl: queueUrl, Attributes: ['Attribute', attributeMap] },
  SendMessage: { QueueUrl: queueUrl, ...sendEntry },
  SendMessageBatch: {
    QueueUrl: queueUrl,
    Entries: [
      'SendMessageBatchRequestEntry',
      { list: { struct: { Id: ['Id', 'string'], ...sendEntry } } },
    ],
  },
  ReceiveMessage: {
    QueueUrl: queueUrl,
    AttributeNames: stringList('AttributeName'),
    MessageSystemAttributeNames: stringList('MessageSystemAttributeName'),
    MessageAttributeNames: stringList('MessageAttributeName'),
    MaxNumberOfMessages: ['MaxNumberOfMessages', 'integer'],
    VisibilityTimeout: ['VisibilityTimeout', 'integer'],
    WaitTimeSeconds: ['WaitTimeSeconds', 'integer'],
    ReceiveRequestAttemptId: ['ReceiveRequestAttemptId', 'string'],
  },
  DeleteMessage: { QueueUrl: queueUrl, ReceiptHandle: ['ReceiptHandle', 'string'] },
  DeleteMessageBatch: {
    QueueUrl: queueUrl,
    Entries: [
      'DeleteMessageBatchRequestEntry',
      { list: { struct: { Id: ['Id', 'string'], ReceiptHandle: ['ReceiptHandle', 'string'] } } },
    ],
  },
  ChangeMessageVisibility: {
    QueueUrl: queueUrl,
    ReceiptHandle: ['ReceiptHandle', 'string'],
    VisibilityTimeout: ['VisibilityTimeout', 'integer'],
  },
  ChangeMessageVisibilityBatch: {
    QueueUrl: queueUrl,
    Entries: [
      'ChangeMessageVisibilityBatchRequestEntry',
      {
        list: {
          struct: {
            Id: ['Id', 'string'],
            ReceiptHandle: ['ReceiptHandle', 'string'],
            VisibilityTimeout: ['VisibilityTimeout', 'integer'],
          },
        },
      },
    ],
  },
  PurgeQueue: { QueueUrl: queueUrl },
  ListDeadLetterSourceQueues: {
    QueueUrl: queueUrl,
    NextToken: ['NextToken', 'string'],
    MaxResults: ['MaxResults', 'integer'],
  },
  TagQueue: { QueueUrl: queueUrl, Tags: ['Tag', tagMap] },
  UntagQueue: { QueueUrl: queueUrl, TagKeys: stringList('TagKey') },
  ListQueueTags: { QueueUrl: queueUrl },
};

const sendResult: Members = {
  MessageId: ['MessageId', 'string'],
  MD5OfMessageBody: ['MD5OfMessageBody', 'string'],
  MD5OfMessageAttributes: ['MD5OfMessageAttributes', 'string'],
  MD5OfMessageSystemAttributes: ['MD5OfMessageSystemAttributes', 'string'],
  SequenceNumber: ['SequenceNumber', 'string'],
};

/** Result members per operation (operations without a result encode to nothing). */
const outputs: Record<string, Members> = {
  CreateQueue: { QueueUrl: queueUrl },
  GetQueueUrl: { QueueUrl: queueUrl },
  ListQueues: {
    QueueUrls: stringList('QueueUrl'),
    NextToken: ['NextToken', 'string'],
  },
  GetQueueAttributes: { Attributes: ['Attribute', attributeMap] },
  SendMessage: sendResult,
  SendMessageBatch: {
    Successful: [
      'SendMessageBatchResultEntry',
      { list: { struct: { Id: ['Id', 'string'], ...sendResult } } },
    ],
    Failed: ['BatchResultErrorEntry', { list: batchError }],
  },
  ReceiveMessage: {
    Messages: [
      'Message',
      {
        list: {
          struct: {
            MessageId: ['MessageId', 'string'],
            ReceiptHandle: ['ReceiptHandle', 'string'],
            MD5OfBody: ['MD5OfBody', 'string'],
            Body: ['Body', 'string'],
            Attributes: ['Attribute', attributeMap],
            MD5OfMessageAttributes: ['MD5OfMessageAttributes', 'string'],
            MessageAttributes: ['MessageAttribute', messageAttributeMap],
          },
        },
      },
    ],
  },
  DeleteMessageBatch: {
    Successful: ['DeleteMessageBatchResultEntry', { list: idEntry }],
    Failed: ['BatchResultErrorEntry', { list: batchError }],
  },
  ChangeMessageVisibilityBatch: {
    Successful: ['ChangeMessageVisibilityBatchResultEntry', { list: idEntry }],
    Failed: ['BatchResultErrorEntry', { list: batchError }],
  },
  ListDeadLetterSourceQueues: {
    queueUrls: stringList('QueueUrl'),
    NextToken: ['NextToken', 'string'],
  },
  ListQueueTags: { Tags: ['Tag', tagMap] },
};

/** The SQS query codec: see the module comment. */
export const sqsQueryCodec: QueryCodec = {
  decode(operation: string, params: URLSearchParams): unknown {
    const members = inputs[operation];
    if (!members) return Object.fromEntries(params);
    const form = new Form(params);
    return decodeMembers(form, '', members);
  },

  encode(operation: string, output: unknown): string {
    const members = outputs[operation];
    if (!members || !output || typeof output !== 'object') return '';
    return encodeMembers(output as Record<string, unknown>, members);
  },
};

/** Form parameters with an index of their names, to find the `N`s of a flattened list. */
class Form {
  private readonly names: string[];

  constructor(private readonly params: URLSearchParams) {
    this.names = [...new Set(params.keys())];
  }

  get(name: string): string | undefined {
    return this.params.get(name) ?? undefined;
  }

  /** The indexes `N` present under `prefix.N...`, ascending. */
  indexes(prefix: string): number[] {
    const start = `${prefix}.`;
    const found = new Set<number>();
    for (const name of this.names) {
      if (!name.startsWith(start)) continue;
      const segment = name.slice(start.length).split('.', 1)[0] as string;
      if (/^\d+$/.test(segment)) found.add(Number(segment));
    }
    return [...found].sort((a, b) => a - b);
  }
}

function decodeMembers(form: Form, prefix: string, members: Members): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [json, [wire, shape]] of Object.entries(members)) {
    const value = decodeShape(form, `${prefix}${wire}`, shape);
    if (value !== undefined) out[json] = value;
  }
  return out;
}

function decodeShape(form: Form, name: string, shape: Shape): unknown {
  if (shape === 'string') return form.get(name);
  if (shape === 'integer') {
    const raw = form.get(name);
    // Malformed numbers stay strings, so the action reports them with AWS's wording.
    return raw !== undefined && /^-?\d{1,15}$/.test(raw) ? Number(raw) : raw;
  }
  if (shape === 'boolean') {
    const raw = form.get(name);
    return raw === undefined ? undefined : raw === 'true';
  }
  if ('list' in shape) {
    const indexes = form.indexes(name);
    if (indexes.length === 0) return undefined;
    return indexes.map((i) => decodeShape(form, `${name}.${i}`, shape.list));
  }
  if ('map' in shape) {
    const indexes = form.indexes(name);
    if (indexes.length === 0) return undefined;
    const out: Record<string, unknown> = {};
    for (const i of indexes) {
      const key = form.get(`${name}.${i}.${shape.key}`);
      if (key === undefined) continue;
      out[key] = decodeShape(form, `${name}.${i}.${shape.value}`, shape.map);
    }
    return out;
  }
  return decodeMembers(form, `${name}.`, shape.struct);
}

function encodeMembers(value: Record<string, unknown>, members: Members): string {
  let xml = '';
  for (const [json, [wire, shape]] of Object.entries(members)) {
    const member = value[json];
    if (member !== undefined && member !== null) xml += encodeShape(wire, member, shape);
  }
  return xml;
}

function encodeShape(wire: string, value: unknown, shape: Shape): string {
  if (typeof shape === 'string') return `<${wire}>${escapeXml(String(value))}</${wire}>`;
  if ('list' in shape) {
    return (value as unknown[]).map((item) => encodeShape(wire, item, shape.list)).join('');
  }
  if ('map' in shape) {
    return Object.entries(value as Record<string, unknown>)
      .map(
        ([key, item]) =>
          `<${wire}><${shape.key}>${escapeXml(key)}</${shape.key}>${encodeShape(shape.value, item, shape.map)}</${wire}>`
      )
      .join('');
  }
  return `<${wire}>${encodeMembers(value as Record<string, unknown>, shape.struct)}</${wire}>`;
}
