import { performance } from 'node:perf_hooks';
import { AwsError } from '../../core/errors';
import type { Action, EmulatorEnv, ServiceDefinition } from '../../core/service';
import { createDynamoDbStreamsService, type DynamoDbStreamsStore } from '../dynamodb-streams';
import { batchGetItem } from './actions/batchGetItem';
import { batchWriteItem } from './actions/batchWriteItem';
import { createTable } from './actions/createTable';
import { deleteItem } from './actions/deleteItem';
import { deleteTable } from './actions/deleteTable';
import { describeTable } from './actions/describeTable';
import { getItem } from './actions/getItem';
import { listTables } from './actions/listTables';
import { putItem } from './actions/putItem';
import { query } from './actions/query';
import { scan } from './actions/scan';
import { updateItem } from './actions/updateItem';
import { updateTable } from './actions/updateTable';
import type { DynamoDbMetrics } from './metrics';
import { DynamoDbStore } from './store';

export type { BillingMode } from './capacity';
export type { Item, TableRecord } from './dynalite';
export { DYNAMODB_NAMESPACE } from './metrics';
export type { StreamSpecification, TableState, TableTemplate } from './store';
export { DynamoDbStore } from './store';

/** What `createDynamoDbService` returns: DynamoDB and DynamoDB Streams, sharing one store. */
export interface DynamoDbService {
  definition: ServiceDefinition;
  store: DynamoDbStore;
  streams: { definition: ServiceDefinition; store: DynamoDbStreamsStore };
}

/** Item operations: the ones AWS/DynamoDB's per-operation metrics (`Operation` dimension) cover. */
const ITEM_OPERATIONS = new Set([
  'PutItem',
  'DeleteItem',
  'UpdateItem',
  'GetItem',
  'BatchGetItem',
  'Scan',
  'Query',
  'BatchWriteItem',
]);

/** Errors that are not UserErrors: throttling and failed conditions have their own metrics. */
const NOT_USER_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ConditionalCheckFailedException',
]);

/**
 * The emulated DynamoDB (awsJson1_0, `DynamoDB_20120810`) on dynalite, with provisioned and
 * on-demand capacity on the emulator clock, AWS/DynamoDB metrics, and DynamoDB Streams
 * (`DynamoDBStreams_20120810`, returned as `streams`: register both definitions).
 */
export function createDynamoDbService(env: EmulatorEnv): DynamoDbService {
  const store = new DynamoDbStore(env);
  const op = (
    operation: string,
    fn: (store: DynamoDbStore, input: Record<string, unknown>) => unknown
  ) => instrument(store.metrics, operation, (input) => fn(store, input));
  const definition: ServiceDefinition = {
    signingName: 'dynamodb',
    jsonTargetPrefix: 'DynamoDB_20120810',
    jsonVersion: '1.0',
    jsonErrorTypePrefix: 'com.amazonaws.dynamodb.v20120810#',
    actions: {
      BatchGetItem: op('BatchGetItem', batchGetItem),
      BatchWriteItem: op('BatchWriteItem', batchWriteItem),
      CreateTable: op('CreateTable', createTable),
      DeleteItem: op('DeleteItem', deleteItem),
      DeleteTable: op('DeleteTable', deleteTable),
      DescribeTable: op('DescribeTable', describeTable),
      GetItem: op('GetItem', getItem),
      ListTables: op('ListTables', listTables),
      PutItem: op('PutItem', putItem),
      Query: op('Query', query),
      Scan: op('Scan', scan),
      UpdateItem: op('UpdateItem', updateItem),
      UpdateTable: op('UpdateTable', updateTable),
    },
  };
  const streams = createDynamoDbStreamsService(env, store.streams);
  for (const [name, action] of Object.entries(streams.definition.actions)) {
    streams.definition.actions[name] = instrument(store.metrics, name, action);
  }
  return { definition, store, streams };
}

/**
 * Wraps an action with the request-level metrics: SuccessfulRequestLatency of item operations,
 * UserErrors (HTTP 400 other than throttling and failed conditions), SystemErrors (anything
 * that is not an AwsError: an emulator bug, answered as a 500).
 */
function instrument(metrics: DynamoDbMetrics, operation: string, action: Action): Action {
  return async (input, ctx) => {
    const started = performance.now();
    try {
      const output = await action(input ?? {}, ctx);
      if (ITEM_OPERATIONS.has(operation)) {
        const elapsed = performance.now() - started;
        for (const table of tablesOf(input)) metrics.latency(table, operation, elapsed);
      }
      return output;
    } catch (error) {
      if (error instanceof AwsError) {
        if (error.status >= 500)
          for (const table of tablesOf(input)) metrics.systemError(table, operation);
        else if (!NOT_USER_ERRORS.has(error.code)) metrics.userError();
      } else {
        for (const table of tablesOf(input)) metrics.systemError(table, operation);
      }
      throw error;
    }
  };
}

/** The tables a request names (TableName, or the keys of RequestItems). */
function tablesOf(input: unknown): string[] {
  if (!input || typeof input !== 'object') return [];
  const { TableName, RequestItems } = input as { TableName?: unknown; RequestItems?: unknown };
  if (typeof TableName === 'string') return [TableName];
  if (RequestItems && typeof RequestItems === 'object') return Object.keys(RequestItems);
  return [];
}
