import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import {
  DynamoDBClient,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { Env, MetricName, Variant } from '../../infra/names';
import { type Clock, systemClock } from '../shared/clock';
import { intEnv, requireEnv, requireVariant } from '../shared/env';
import { logger, metrics } from '../shared/powertools';
import { type Order, parseOrder } from './order';

/** Order statuses written to the `orders` table. */
export const OrderStatus = { Processing: 'PROCESSING', Completed: 'COMPLETED' } as const;

/** What the processor needs from its environment. */
export interface ProcessorConfig {
  tableName: string;
  /** How long the slow step takes, in milliseconds (PROCESSING_MS). */
  processingMs: number;
  variant: Variant;
}

/** The processor's configuration plus the things tests replace: the DynamoDB client and the clock. */
export interface ProcessorDeps extends ProcessorConfig {
  ddb: DynamoDBClient;
  clock: Clock;
}

/** Reads TABLE_NAME, PROCESSING_MS and VARIANT, which the stack sets on the function. */
export function readProcessorConfig(): ProcessorConfig {
  const tableName = requireEnv(Env.TableName);
  requireEnv(Env.ProcessingMs);
  const processingMs = intEnv(Env.ProcessingMs, 0);
  const variant = requireVariant();
  return { tableName, processingMs, variant };
}

const ddb = new DynamoDBClient({});

const isoTime = (clock: Clock): string => new Date(clock.now()).toISOString();

/** Step 1: marks the order PROCESSING and counts the attempt; returns the attempt number. */
async function startAttempt(deps: ProcessorDeps, order: Order): Promise<number> {
  const result = await deps.ddb.send(
    new UpdateItemCommand({
      TableName: deps.tableName,
      Key: { orderId: { S: order.orderId } },
      UpdateExpression:
        'SET #status = :processing, customerId = :customerId, amountCents = :amountCents, updatedAt = :now ADD attempts :one',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':processing': { S: OrderStatus.Processing },
        ':customerId': { S: order.customerId },
        ':amountCents': { N: String(order.amountCents) },
        ':now': { S: isoTime(deps.clock) },
        ':one': { N: '1' },
      },
      ReturnValues: 'UPDATED_NEW',
    })
  );
  return Number(result.Attributes?.attempts?.N ?? '1');
}

/** The charge write: adds one charge to the order and stamps when it happened. */
function chargeUpdate(deps: ProcessorDeps, order: Order): UpdateItemCommandInput {
  return {
    TableName: deps.tableName,
    Key: { orderId: { S: order.orderId } },
    UpdateExpression: 'SET chargedAt = :now ADD charges :one',
    ExpressionAttributeValues: { ':now': { S: isoTime(deps.clock) }, ':one': { N: '1' } },
    ReturnValues: 'UPDATED_NEW',
  };
}

/** Charges the customer; returns true when a charge was made. */
type ChargeStep = (deps: ProcessorDeps, order: Order) => Promise<boolean>;

/**
 * BROKEN: charges on every delivery. Looks harmless while each message is processed once, but
 * SQS delivers at least once, and a timed-out invocation is redelivered after the visibility
 * timeout: every redelivery charges the customer again.
 */
export const charge: ChargeStep = async (deps, order) => {
  const result = await deps.ddb.send(new UpdateItemCommand(chargeUpdate(deps, order)));
  const charges = Number(result.Attributes?.charges?.N ?? '1');
  if (charges > 1) {
    metrics.addMetric(MetricName.DuplicateCharges, MetricUnit.Count, 1);
    logger.warn('customer charged again', {
      orderId: order.orderId,
      customerId: order.customerId,
      charges,
    });
  }
  metrics.addMetric(MetricName.OrdersCharged, MetricUnit.Count, 1);
  logger.info('customer charged', { orderId: order.orderId, amountCents: order.amountCents });
  return true;
};

/**
 * FIXED: the same write, made idempotent. The condition lets exactly one delivery record the
 * charge; a redelivery gets ConditionalCheckFailedException and skips the charge.
 */
export const chargeOnce: ChargeStep = async (deps, order) => {
  try {
    await deps.ddb.send(
      new UpdateItemCommand({
        ...chargeUpdate(deps, order),
        ConditionExpression: 'attribute_not_exists(chargedAt)',
      })
    );
  } catch (e) {
    if (e instanceof Error && e.name === 'ConditionalCheckFailedException') {
      logger.info('charge already recorded', { orderId: order.orderId });
      return false;
    }
    throw e;
  }
  metrics.addMetric(MetricName.OrdersCharged, MetricUnit.Count, 1);
  logger.info('customer charged', { orderId: order.orderId, amountCents: order.amountCents });
  return true;
};

/** Step 4: marks the order COMPLETED. */
async function completeOrder(deps: ProcessorDeps, order: Order): Promise<void> {
  const now = isoTime(deps.clock);
  await deps.ddb.send(
    new UpdateItemCommand({
      TableName: deps.tableName,
      Key: { orderId: { S: order.orderId } },
      UpdateExpression: 'SET #status = :completed, completedAt = :now, updatedAt = :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':completed': { S: OrderStatus.Completed }, ':now': { S: now } },
    })
  );
}

/**
 * Processes one order: record the attempt, charge the customer, do the slow work, mark it
 * completed. `receiveCount` is the message's ApproximateReceiveCount, logged for forensics.
 */
export async function processOrder(
  order: Order,
  deps: ProcessorDeps,
  receiveCount = 1
): Promise<void> {
  const attempt = await startAttempt(deps, order);
  metrics.addMetric(MetricName.OrderAttempts, MetricUnit.Count, 1);
  logger.info('order processing started', { orderId: order.orderId, attempt, receiveCount });

  // Only the fixed variant's charge is idempotent: see charge vs chargeOnce.
  const chargeStep = deps.variant === Variant.Fixed ? chargeOnce : charge;
  await chargeStep(deps, order);

  // If the runtime kills this invocation during the slow step, metrics still in the buffer are
  // lost with it: publish what happened so far now, so attempts and charges are counted.
  metrics.publishStoredMetrics();

  // The slow step: a sleep left in from testing (the write-up's lines 36-37). Deleting it is
  // the better code fix; the lab keeps it in both variants so the configuration must fit it.
  await deps.clock.sleep(deps.processingMs);

  await completeOrder(deps, order);
  metrics.addMetric(MetricName.OrdersCompleted, MetricUnit.Count, 1);
  logger.info('order completed', { orderId: order.orderId, attempt });
}

/**
 * Processes a batch of `orders` messages one by one and reports the ones that failed, so SQS
 * redelivers only those (ReportBatchItemFailures).
 */
export async function processRecords(
  records: SQSRecord[],
  deps: ProcessorDeps
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of records) {
    try {
      const order = parseOrder(record.body);
      await processOrder(order, deps, Number(record.attributes.ApproximateReceiveCount));
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      logger.error('order failed', { messageId: record.messageId, error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

const lambdaHandler = async (event: SQSEvent): Promise<SQSBatchResponse> =>
  processRecords(event.Records, { ...readProcessorConfig(), ddb, clock: systemClock });

/** The `orders` queue processor. */
export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
