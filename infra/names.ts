/**
 * Names shared by the stacks, the functions, the checks and the CLI.
 *
 * Everything that more than one layer refers to (scenario ids, stack names, output keys,
 * environment variables, metric names) is defined here once, so it cannot drift. This file
 * must not import aws-cdk-lib: the Lambda bundles import it too.
 */

/** The lab's name: tagged on every resource, and the prefix of every stack. */
export const LAB_NAME = 'telemetry-forensics-lab';

/** Tag keys put on every resource of every stack. */
export const Tag = {
  Lab: 'forensics:lab',
  Scenario: 'forensics:scenario',
  Variant: 'forensics:variant',
} as const;

/** The five scenario ids, in the order the workshop teaches them. */
export const ScenarioId = {
  SilentDisappear: 'silent-disappear',
  LatencyForensics: 'latency-forensics',
  DoubleTrouble: 'double-trouble',
  VanishingRecords: 'vanishing-records',
  ShardPerpetrator: 'shard-perpetrator',
} as const;
export type ScenarioId = (typeof ScenarioId)[keyof typeof ScenarioId];
export const SCENARIO_IDS: readonly ScenarioId[] = Object.values(ScenarioId);

/** Whether a scenario is deployed with its bug or with the fix. */
export const Variant = { Broken: 'broken', Fixed: 'fixed' } as const;
export type Variant = (typeof Variant)[keyof typeof Variant];
export const VARIANTS: readonly Variant[] = Object.values(Variant);

/** True when `value` is one of the five scenario ids. */
export function isScenarioId(value: string): value is ScenarioId {
  return (SCENARIO_IDS as readonly string[]).includes(value);
}

/** True when `value` is `broken` or `fixed`. */
export function isVariant(value: string): value is Variant {
  return (VARIANTS as readonly string[]).includes(value);
}

/** The CloudFormation stack name of a scenario: `forensics-<scenario-id>`. */
export function stackName(id: ScenarioId): string {
  return `forensics-${id}`;
}

/**
 * CloudFormation output keys. A stack exports only the ones it has; checks and the CLI read
 * them with DescribeStacks, so a key is part of the contract: never rename one.
 */
export const OutputKey = {
  ScenarioId: 'ScenarioId',
  Variant: 'Variant',
  DashboardName: 'DashboardName',
  // functions
  ProducerFunctionName: 'ProducerFunctionName',
  ProcessorFunctionName: 'ProcessorFunctionName',
  ConsumerFunctionName: 'ConsumerFunctionName',
  SenderFunctionName: 'SenderFunctionName',
  RedriveFunctionName: 'RedriveFunctionName',
  // log groups
  ProducerLogGroupName: 'ProducerLogGroupName',
  ProcessorLogGroupName: 'ProcessorLogGroupName',
  ConsumerLogGroupName: 'ConsumerLogGroupName',
  SenderLogGroupName: 'SenderLogGroupName',
  RedriveLogGroupName: 'RedriveLogGroupName',
  PipeLogGroupName: 'PipeLogGroupName',
  // data stores
  TableName: 'TableName',
  TableStreamArn: 'TableStreamArn',
  StreamName: 'StreamName',
  StreamArn: 'StreamArn',
  QueueName: 'QueueName',
  QueueUrl: 'QueueUrl',
  DeadLetterQueueName: 'DeadLetterQueueName',
  DeadLetterQueueUrl: 'DeadLetterQueueUrl',
  OnFailureQueueName: 'OnFailureQueueName',
  OnFailureQueueUrl: 'OnFailureQueueUrl',
  ParkedQueueName: 'ParkedQueueName',
  ParkedQueueUrl: 'ParkedQueueUrl',
  // integrations
  PipeName: 'PipeName',
  EventSourceMappingId: 'EventSourceMappingId',
  FailureAlarmName: 'FailureAlarmName',
} as const;
export type OutputKey = (typeof OutputKey)[keyof typeof OutputKey];

/** Environment variables the stacks set on functions and the handlers read. */
export const Env = {
  ScenarioId: 'SCENARIO_ID',
  Variant: 'VARIANT',
  TableName: 'TABLE_NAME',
  StreamName: 'STREAM_NAME',
  StreamArn: 'STREAM_ARN',
  QueueUrl: 'QUEUE_URL',
  ParkedQueueUrl: 'PARKED_QUEUE_URL',
  /** double-trouble: how long the processor's accidental sleep lasts, in milliseconds. */
  ProcessingMs: 'PROCESSING_MS',
  /** vanishing-records: one record in this many is poison. */
  PoisonEvery: 'POISON_EVERY',
} as const;

/**
 * The longest a producer runs for one invocation, in seconds. Handlers refuse a longer
 * `durationSeconds`; stacks give producers a timeout above it.
 */
export const PRODUCER_MAX_DURATION_SECONDS = 600;

/** The namespace of every custom metric the lab's functions publish (Powertools EMF). */
export const METRICS_NAMESPACE = 'TelemetryForensicsLab';

/**
 * Custom metric names. Each is published with the Powertools `service` dimension set to the
 * scenario id, so a check queries `{ Namespace: METRICS_NAMESPACE, MetricName, Dimensions:
 * [{ Name: 'service', Value: <scenario id> }] }`.
 */
export const MetricName = {
  // silent-disappear
  SmallProductsWritten: 'SmallProductsWritten',
  LargeProductsWritten: 'LargeProductsWritten',
  SmallProductsDelivered: 'SmallProductsDelivered',
  LargeProductsDelivered: 'LargeProductsDelivered',
  // latency-forensics
  TradesSent: 'TradesSent',
  TradesWritten: 'TradesWritten',
  // double-trouble
  OrdersSent: 'OrdersSent',
  OrderAttempts: 'OrderAttempts',
  OrdersCharged: 'OrdersCharged',
  DuplicateCharges: 'DuplicateCharges',
  OrdersCompleted: 'OrdersCompleted',
  // vanishing-records
  RecordsProduced: 'RecordsProduced',
  PoisonRecordsProduced: 'PoisonRecordsProduced',
  RecordsProcessed: 'RecordsProcessed',
  FailedBatchesReceived: 'FailedBatchesReceived',
  RecordsRetried: 'RecordsRetried',
  RecordsRecovered: 'RecordsRecovered',
  RecordsParked: 'RecordsParked',
  // shard-perpetrator
  OrdersAttempted: 'OrdersAttempted',
  OrdersAccepted: 'OrdersAccepted',
  OrdersThrottled: 'OrdersThrottled',
  OrdersConsumed: 'OrdersConsumed',
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** The Powertools dimension that carries the scenario id on every custom metric. */
export const SERVICE_DIMENSION = 'service';
