import { AwsError } from '../../core/errors';

/**
 * SQS's errors. SQS is query-compatible: over JSON the `__type` carries the first code and the
 * `x-amzn-query-error` header the second (the legacy query code), which is also what the AWS CLI
 * sees in `<Error><Code>` and what the SDK v3 reports as the error `name` when it has no modelled
 * class for it (e.g. `InvalidParameterValue`).
 *
 * Pairs come from @aws-sdk/client-sqs@3.1175.0 (`awsQueryError` traits in dist-cjs/index.js) and,
 * for the unmodelled common errors, from responses recorded against AWS (LocalStack's
 * tests/aws/services/sqs/test_sqs.snapshot.json: `QueryErrorCode` = JSON `__type`, `Code` =
 * query code). Texts come from the same recordings unless marked otherwise in the report.
 */
export const SqsErrorCode = {
  QueueDoesNotExist: ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 400],
  QueueNameExists: ['QueueNameExists', 'QueueAlreadyExists', 400],
  QueueDeletedRecently: [
    'QueueDeletedRecently',
    'AWS.SimpleQueueService.QueueDeletedRecently',
    400,
  ],
  InvalidParameterValue: ['InvalidParameterValueException', 'InvalidParameterValue', 400],
  MissingParameter: ['MissingRequiredParameterException', 'MissingParameter', 400],
  InvalidAttributeName: ['InvalidAttributeName', 'InvalidAttributeName', 400],
  InvalidAttributeValue: ['InvalidAttributeValue', 'InvalidAttributeValue', 400],
  InvalidMessageContents: ['InvalidMessageContents', 'InvalidMessageContents', 400],
  ReceiptHandleIsInvalid: ['ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', 404],
  EmptyBatchRequest: ['EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest', 400],
  TooManyEntriesInBatchRequest: [
    'TooManyEntriesInBatchRequest',
    'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    400,
  ],
  BatchEntryIdsNotDistinct: [
    'BatchEntryIdsNotDistinct',
    'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    400,
  ],
  InvalidBatchEntryId: ['InvalidBatchEntryId', 'AWS.SimpleQueueService.InvalidBatchEntryId', 400],
  BatchRequestTooLong: ['BatchRequestTooLong', 'AWS.SimpleQueueService.BatchRequestTooLong', 400],
  PurgeQueueInProgress: [
    'PurgeQueueInProgress',
    'AWS.SimpleQueueService.PurgeQueueInProgress',
    403,
  ],
  UnsupportedOperation: [
    'UnsupportedOperation',
    'AWS.SimpleQueueService.UnsupportedOperation',
    400,
  ],
} as const satisfies Record<string, readonly [string, string, number]>;

export type SqsErrorName = keyof typeof SqsErrorCode;

/** Builds an SQS error with its JSON code, legacy query code and HTTP status. */
export function sqsError(name: SqsErrorName, message: string): AwsError {
  const [code, queryCode, status] = SqsErrorCode[name];
  return new AwsError(code, message, status, queryCode);
}

/** `QueueDoesNotExist`, with the JSON protocol's wording. */
export function queueDoesNotExist(): AwsError {
  return sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
}

/** `MissingParameter` for an absent required member. */
export function missingParameter(name: string): AwsError {
  return sqsError('MissingParameter', `The request must contain the parameter ${name}.`);
}

/** `InvalidParameterValue` in AWS's "Value X for parameter Y is invalid. Reason: Z" form. */
export function invalidParameter(name: string, value: unknown, reason: string): AwsError {
  return sqsError(
    'InvalidParameterValue',
    `Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`
  );
}

/** `ReceiptHandleIsInvalid` for a handle the emulator never issued for this queue. */
export function receiptHandleIsInvalid(handle: unknown): AwsError {
  return sqsError(
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${String(handle)}" is not a valid receipt handle.`
  );
}

/** `InvalidAttributeName` for an attribute SQS does not know (or that is read-only). */
export function unknownAttribute(name: string): AwsError {
  return sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
}

/** `InvalidAttributeValue` for a queue attribute outside its range. */
export function invalidAttributeValue(name: string, reason?: string): AwsError {
  return sqsError(
    'InvalidAttributeValue',
    `Invalid value for the parameter ${name}.${reason ? ` Reason: ${reason}` : ''}`
  );
}

/** Turns an error thrown for one batch entry into its `Failed[]` entry. */
export function batchErrorEntry(id: string, error: unknown): BatchEntryError {
  if (error instanceof AwsError) {
    return {
      Id: id,
      SenderFault: error.status < 500,
      Code: error.queryCode ?? error.code,
      Message: error.message,
    };
  }
  throw error;
}

interface BatchEntryError {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}
