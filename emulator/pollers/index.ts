/**
 * Pollers that turn sources into invocations: Kinesis and DynamoDB stream pollers (one batch in
 * flight per shard, retries, bisect, partial batch responses, on-failure destinations) and the
 * SQS poller, used by Lambda event source mappings (services/lambda) and EventBridge Pipes
 * (services/pipes). Everything runs on the emulator clock.
 */
export { type BatchResponse, parseBatchResponse } from './batch-response';
export { type EsmPollerDeps, onFailureDocument } from './esm-common';
export { createSqsEsmPoller, SqsEsmPoller, sqsRecord } from './esm-sqs';
export {
  createStreamEsmPoller,
  STREAM_ESM_TIMING,
  StreamEsmHandler,
  streamSettingsOf,
} from './esm-stream';
export {
  type BatchHandler,
  type BatchOutcome,
  type DiscardInfo,
  StreamPoller,
  type StreamPollerSettings,
  type StreamPollerTiming,
} from './stream-poller';
export {
  type DynamoDbStreamsApi,
  type DynamoDbStreamsReader,
  dynamoDbStreamSource,
  dynamoDbStreamsReader,
  kinesisStreamSource,
  type SourceRecord,
  type StreamPosition,
  type StreamSource,
} from './stream-source';
