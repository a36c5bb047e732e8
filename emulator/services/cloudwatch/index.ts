import type { EmulatorEnv, RequestContext, ServiceDefinition } from '../../core/service';
import { deleteAlarms } from './actions/deleteAlarms';
import { describeAlarms } from './actions/describeAlarms';
import { getMetricData } from './actions/getMetricData';
import { getMetricStatistics } from './actions/getMetricStatistics';
import { listMetrics } from './actions/listMetrics';
import { type PutMetricAlarmInput, putMetricAlarm } from './actions/putMetricAlarm';
import { putMetricData } from './actions/putMetricData';
import { setAlarmState } from './actions/setAlarmState';
import { evaluateAlarms } from './alarms';
import { cloudWatchQueryCodec } from './query-codec';
import { CloudWatchStore, type CloudWatchStoreOptions } from './store';

export type { PutMetricAlarmInput } from './actions/putMetricAlarm';
export { extractEmf } from './emf';
export { CloudWatchStore } from './store';

/** The emulated CloudWatch, with the store that is also every service's MetricSink. */
export interface CloudWatchService {
  definition: ServiceDefinition;
  store: CloudWatchStore;
  /** Where AWS metrics and EMF metrics are recorded (the store itself). */
  sink: CloudWatchStore;
  /** Creates or replaces an alarm without a request (for the CloudFormation interpreter). */
  putAlarm(input: PutMetricAlarmInput): void;
  /** Deletes an alarm if it exists. */
  deleteAlarm(name: string): void;
  /** Re-evaluates every alarm at the current emulator time. */
  evaluateAlarms(): void;
}

/**
 * CloudWatch metrics: awsJson1_0 (`GraniteServiceVersion20100801`, query-compatible) and
 * awsQuery (`Version=2010-08-01`). `env.metrics` is not used: this service is the sink.
 */
export function createCloudWatchService(
  env: EmulatorEnv,
  options: CloudWatchStoreOptions = {}
): CloudWatchService {
  const store = new CloudWatchStore(env.clock, options);
  const definition: ServiceDefinition = {
    signingName: 'monitoring',
    jsonTargetPrefix: 'GraniteServiceVersion20100801',
    jsonVersion: '1.0',
    jsonErrorTypePrefix: 'com.amazonaws.cloudwatch#',
    queryCompatible: true,
    queryVersion: '2010-08-01',
    queryXmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
    queryCodec: cloudWatchQueryCodec,
    actions: {
      PutMetricData: (input, ctx) => putMetricData(store, input ?? {}, ctx),
      GetMetricData: (input, ctx) => getMetricData(store, input ?? {}, ctx),
      GetMetricStatistics: (input, ctx) => getMetricStatistics(store, input ?? {}, ctx),
      ListMetrics: (input, ctx) => listMetrics(store, input ?? {}, ctx),
      PutMetricAlarm: (input, ctx) => putMetricAlarm(store, input ?? {}, ctx),
      DescribeAlarms: (input, ctx) => describeAlarms(store, input ?? {}, ctx),
      DeleteAlarms: (input, ctx) => deleteAlarms(store, input ?? {}, ctx),
      SetAlarmState: (input, ctx) => setAlarmState(store, input ?? {}, ctx),
    },
  };
  const programmatic: Pick<RequestContext, 'clock' | 'region' | 'accountId'> = {
    clock: env.clock,
    region: env.region,
    accountId: env.accountId,
  };
  return {
    definition,
    store,
    sink: store,
    putAlarm: (input) => {
      putMetricAlarm(store, input, programmatic);
    },
    deleteAlarm: (name) => {
      store.alarms.delete(name);
    },
    evaluateAlarms: () => evaluateAlarms(store),
  };
}
