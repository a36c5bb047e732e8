import type { MetricSink } from '../../core/metric-sink';
import type { EmulatorEnv, ServiceDefinition } from '../../core/service';
import { createLogGroup } from './actions/createLogGroup';
import { createLogStream } from './actions/createLogStream';
import { deleteLogGroup } from './actions/deleteLogGroup';
import { deleteLogStream } from './actions/deleteLogStream';
import { deleteRetentionPolicy } from './actions/deleteRetentionPolicy';
import { describeLogGroups } from './actions/describeLogGroups';
import { describeLogStreams } from './actions/describeLogStreams';
import { filterLogEvents } from './actions/filterLogEvents';
import { getLogEvents } from './actions/getLogEvents';
import { putLogEvents } from './actions/putLogEvents';
import { putRetentionPolicy } from './actions/putRetentionPolicy';
import { LogsStore } from './store';

export { compileFilterPattern } from './filter-pattern';
export { LogsStore } from './store';

export interface LogsServiceOptions {
  /**
   * Where EMF metrics (and AWS/Logs metrics) extracted from events written through the sink
   * go: pass the CloudWatch service's sink. @default env.metrics
   */
  metrics?: MetricSink | null;
  /** Memory bound per log group, bytes. @default 64 MiB */
  maxGroupBytes?: number;
}

/** The emulated CloudWatch Logs, with the LogSink Lambda and Pipes write to. */
export interface LogsService {
  definition: ServiceDefinition;
  store: LogsStore;
  /** Creates groups and streams on first write; extracts EMF into `options.metrics`. */
  sink: LogsStore;
}

/** CloudWatch Logs: awsJson1_1, `Logs_20140328`. */
export function createLogsService(env: EmulatorEnv, options: LogsServiceOptions = {}): LogsService {
  const store = new LogsStore(env.clock, env.region, env.accountId, {
    maxGroupBytes: options.maxGroupBytes,
    metrics: options.metrics === null ? undefined : (options.metrics ?? env.metrics),
  });
  const definition: ServiceDefinition = {
    signingName: 'logs',
    jsonTargetPrefix: 'Logs_20140328',
    jsonVersion: '1.1',
    actions: {
      CreateLogGroup: (input) => createLogGroup(store, input ?? {}),
      DeleteLogGroup: (input) => deleteLogGroup(store, input ?? {}),
      DescribeLogGroups: (input) => describeLogGroups(store, input ?? {}),
      CreateLogStream: (input) => createLogStream(store, input ?? {}),
      DeleteLogStream: (input) => deleteLogStream(store, input ?? {}),
      DescribeLogStreams: (input) => describeLogStreams(store, input ?? {}),
      PutLogEvents: (input) => putLogEvents(store, input ?? {}),
      GetLogEvents: (input) => getLogEvents(store, input ?? {}),
      FilterLogEvents: (input) => filterLogEvents(store, input ?? {}),
      PutRetentionPolicy: (input) => putRetentionPolicy(store, input ?? {}),
      DeleteRetentionPolicy: (input) => deleteRetentionPolicy(store, input ?? {}),
    },
  };
  return { definition, store, sink: store };
}
