/**
 * The SQS request and response shapes as the awsJson1_0 protocol carries them (and as the query
 * codec decodes form bodies into). Blobs (`BinaryValue`) are base64 strings, as on the wire.
 * Integers may arrive as strings from hand-written JSON or malformed forms; the validators
 * decide what to do with them, so input members are typed `unknown` where that matters.
 */

/** A message attribute value (`MessageAttributeValue` in the API reference). */
export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  /** Base64. */
  BinaryValue?: string;
  StringListValues?: string[];
  /** Base64 each. */
  BinaryListValues?: string[];
}

export type MessageAttributeMap = Record<string, MessageAttributeValue>;

/** `SendMessage` input (also one `SendMessageBatch` entry, minus `Id`). */
export interface SendMessageInput {
  QueueUrl?: string;
  MessageBody?: unknown;
  DelaySeconds?: unknown;
  MessageAttributes?: MessageAttributeMap;
  MessageSystemAttributes?: MessageAttributeMap;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

export interface SendMessageOutput {
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  MD5OfMessageSystemAttributes?: string;
}

export interface SendMessageBatchEntry extends Omit<SendMessageInput, 'QueueUrl'> {
  Id?: unknown;
}

/** One failed entry of a batch call. */
export interface BatchResultErrorEntry {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

export interface SendMessageBatchResultEntry extends SendMessageOutput {
  Id: string;
}

export interface SendMessageBatchOutput {
  Successful: SendMessageBatchResultEntry[];
  Failed: BatchResultErrorEntry[];
}

/** `ReceiveMessage` input. */
export interface ReceiveMessageInput {
  QueueUrl?: string;
  /** Deprecated by AWS in favour of `MessageSystemAttributeNames`; both are honoured. */
  AttributeNames?: string[];
  MessageSystemAttributeNames?: string[];
  MessageAttributeNames?: string[];
  MaxNumberOfMessages?: unknown;
  VisibilityTimeout?: unknown;
  WaitTimeSeconds?: unknown;
  ReceiveRequestAttemptId?: string;
}

/** One received message (`Message` in the API reference). */
export interface ReceivedMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: MessageAttributeMap;
}

export interface ReceiveMessageOutput {
  Messages?: ReceivedMessage[];
}

/** A batch entry that carries a receipt handle (delete, change visibility). */
export interface ReceiptHandleEntry {
  Id?: unknown;
  ReceiptHandle?: unknown;
  VisibilityTimeout?: unknown;
}

/** Output of `DeleteMessageBatch` and `ChangeMessageVisibilityBatch`. */
export interface IdBatchOutput {
  Successful: { Id: string }[];
  Failed: BatchResultErrorEntry[];
}

/** Queue attributes as the API carries them: every value a string. */
export type QueueAttributes = Record<string, string>;
