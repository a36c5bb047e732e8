import type { EmulatorEnv, ServiceDefinition } from '../../core/service';
import { describeStream } from './actions/describeStream';
import { getRecords } from './actions/getRecords';
import { getShardIterator } from './actions/getShardIterator';
import { listStreams } from './actions/listStreams';
import type { DynamoDbStreamsStore } from './store';

export type {
  ItemChange,
  ShardIteratorType,
  StoredStreamRecord,
  StreamReadResult,
  StreamRecord,
  StreamViewType,
} from './store';
export { DynamoDbStreamsStore } from './store';

/**
 * The emulated DynamoDB Streams (awsJson1_0, `DynamoDBStreams_20120810`, signed as `dynamodb`).
 * Its store is the one the DynamoDB service appends to: `createDynamoDbService` builds both.
 */
export function createDynamoDbStreamsService(
  _env: EmulatorEnv,
  store: DynamoDbStreamsStore
): { definition: ServiceDefinition; store: DynamoDbStreamsStore } {
  const definition: ServiceDefinition = {
    signingName: 'dynamodb',
    jsonTargetPrefix: 'DynamoDBStreams_20120810',
    jsonVersion: '1.0',
    jsonErrorTypePrefix: 'com.amazonaws.dynamodb.v20120810#',
    actions: {
      DescribeStream: (req) => describeStream(store, req),
      GetRecords: (req) => getRecords(store, req),
      GetShardIterator: (req) => getShardIterator(store, req),
      ListStreams: (req) => listStreams(store, req),
    },
  };
  return { definition, store };
}
