import type { EmulatorEnv, ServiceDefinition } from '../../core/service';
import { createStream } from './actions/createStream';
import { deleteStream } from './actions/deleteStream';
import { describeStream } from './actions/describeStream';
import { describeStreamSummary } from './actions/describeStreamSummary';
import { disableEnhancedMonitoring } from './actions/disableEnhancedMonitoring';
import { enableEnhancedMonitoring } from './actions/enableEnhancedMonitoring';
import { getRecords } from './actions/getRecords';
import { getShardIterator } from './actions/getShardIterator';
import { listShards } from './actions/listShards';
import { listStreams } from './actions/listStreams';
import { putRecord } from './actions/putRecord';
import { putRecords } from './actions/putRecords';
import { type KinesisOptions, KinesisStore } from './store';

export type { KinesisOptions } from './store';
export { KinesisStore } from './store';

/** The emulated Kinesis Data Streams (awsJson1_1, `Kinesis_20131202`). */
export function createKinesisService(
  env: EmulatorEnv,
  options: KinesisOptions = {}
): { definition: ServiceDefinition; store: KinesisStore } {
  const store = new KinesisStore(env, options);
  const definition: ServiceDefinition = {
    signingName: 'kinesis',
    jsonTargetPrefix: 'Kinesis_20131202',
    jsonVersion: '1.1',
    actions: {
      CreateStream: (req) => createStream(store, req),
      DeleteStream: (req) => deleteStream(store, req),
      DescribeStream: (req) => describeStream(store, req),
      DescribeStreamSummary: (req) => describeStreamSummary(store, req),
      DisableEnhancedMonitoring: (req) => disableEnhancedMonitoring(store, req),
      EnableEnhancedMonitoring: (req) => enableEnhancedMonitoring(store, req),
      GetRecords: (req) => getRecords(store, req),
      GetShardIterator: (req) => getShardIterator(store, req),
      ListShards: (req) => listShards(store, req),
      ListStreams: (req) => listStreams(store, req),
      PutRecord: (req) => putRecord(store, req),
      PutRecords: (req) => putRecords(store, req),
    },
  };
  return { definition, store };
}
