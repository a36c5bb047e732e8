import type { ResourceProvider } from '../provider';
import { alarmProvider } from './cloudwatch-alarm';
import { dashboardProvider } from './cloudwatch-dashboard';
import { dynamodbTableProvider } from './dynamodb-table';
import { kinesisStreamProvider } from './kinesis-stream';
import { eventSourceMappingProvider } from './lambda-eventsourcemapping';
import { lambdaFunctionProvider } from './lambda-function';
import { logGroupProvider } from './logs-loggroup';
import { NO_OP_TYPES, noOpProviders } from './no-op';
import { pipeProvider } from './pipes-pipe';
import { sqsQueueProvider } from './sqs-queue';

export { NO_OP_TYPES } from './no-op';

/** The resource types the interpreter creates in the emulated services. */
const serviceProviders: readonly ResourceProvider[] = [
  sqsQueueProvider,
  kinesisStreamProvider,
  dynamodbTableProvider,
  lambdaFunctionProvider,
  eventSourceMappingProvider,
  logGroupProvider,
  alarmProvider,
  dashboardProvider,
  pipeProvider,
];

/** Every provider, by resource type: the service-backed ones and the no-ops. */
export const PROVIDERS: ReadonlyMap<string, ResourceProvider> = new Map(
  [...serviceProviders, ...noOpProviders].map((p) => [p.type, p])
);

/** The types that create something (sorted), for error messages and docs. */
export const SUPPORTED_TYPES: readonly string[] = serviceProviders.map((p) => p.type).sort();

/** The provider of `type`, or undefined. */
export function providerFor(type: string): ResourceProvider | undefined {
  return PROVIDERS.get(type);
}

/** Whether `type` is accepted without creating anything. */
export function isNoOpType(type: string): boolean {
  return (NO_OP_TYPES as readonly string[]).includes(type);
}
