import type { EmulatorEnv } from '../../core/service';
import type { CapacityDirection } from './capacity';

/** The namespace of DynamoDB's standard metrics. */
export const DYNAMODB_NAMESPACE = 'AWS/DynamoDB';

/**
 * AWS/DynamoDB metrics, named, dimensioned and unit-ed as AWS publishes them (aws-facts B.3,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html).
 * One datum per request (or per throttle event), time-stamped on the emulator clock; CloudWatch
 * aggregates them into periods.
 */
export class DynamoDbMetrics {
  constructor(private readonly env: EmulatorEnv) {}

  /** ConsumedRead/WriteCapacityUnits (TableName), one datum per request: Sum/60 = units per second. */
  consumed(tableName: string, direction: CapacityDirection, units: number): void {
    const name = direction === 'read' ? 'ConsumedReadCapacityUnits' : 'ConsumedWriteCapacityUnits';
    this.record(name, { TableName: tableName }, units, 'Count');
  }

  /** Read/WriteThrottleEvents (TableName): one per throttled event (each throttled item of a batch). */
  throttleEvents(tableName: string, direction: CapacityDirection, events: number): void {
    if (events <= 0) return;
    const name = direction === 'read' ? 'ReadThrottleEvents' : 'WriteThrottleEvents';
    this.record(name, { TableName: tableName }, events, 'Count');
  }

  /** ThrottledRequests (TableName, Operation): a request refused because of throttling. */
  throttledRequest(tableName: string, operation: string): void {
    this.record('ThrottledRequests', { TableName: tableName, Operation: operation }, 1, 'Count');
  }

  /** ConditionalCheckFailedRequests (TableName). */
  conditionalCheckFailed(tableName: string): void {
    this.record('ConditionalCheckFailedRequests', { TableName: tableName }, 1, 'Count');
  }

  /** SuccessfulRequestLatency (TableName, Operation), in milliseconds of server time. */
  latency(tableName: string, operation: string, milliseconds: number): void {
    this.record(
      'SuccessfulRequestLatency',
      { TableName: tableName, Operation: operation },
      milliseconds,
      'Milliseconds'
    );
  }

  /** ReturnedItemCount (TableName, Operation) for Query and Scan. */
  returnedItems(tableName: string, operation: string, count: number): void {
    this.record(
      'ReturnedItemCount',
      { TableName: tableName, Operation: operation },
      count,
      'Count'
    );
  }

  /** UserErrors: no dimensions (account and Region). */
  userError(): void {
    this.record('UserErrors', {}, 1, 'Count');
  }

  /** SystemErrors (TableName, Operation). */
  systemError(tableName: string, operation: string): void {
    this.record('SystemErrors', { TableName: tableName, Operation: operation }, 1, 'Count');
  }

  /** ProvisionedRead/WriteCapacityUnits (TableName), sampled. */
  provisioned(
    tableName: string,
    direction: CapacityDirection,
    units: number,
    timestamp: number
  ): void {
    const name =
      direction === 'read' ? 'ProvisionedReadCapacityUnits' : 'ProvisionedWriteCapacityUnits';
    this.record(name, { TableName: tableName }, units, 'Count', timestamp);
  }

  private record(
    metricName: string,
    dimensions: Record<string, string>,
    value: number,
    unit: string,
    timestamp = this.env.clock.now()
  ): void {
    this.env.metrics.record({
      namespace: DYNAMODB_NAMESPACE,
      metricName,
      dimensions,
      value,
      unit,
      timestamp,
    });
  }
}
