import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SQSClient,
} from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import { Env, MetricName } from '../../infra/names';
import { requireEnv } from '../shared/env';
import { InvalidEventError } from '../shared/errors';
import { logger, metrics } from '../shared/powertools';
import type { Order } from './order';

/** How many orders one invocation sends when the event does not say. */
export const DEFAULT_ORDER_COUNT = 5;
/**
 * The most orders one invocation may send. Each order holds a processor invocation for 30-40 s
 * (and, while broken, up to five times): 100 is plenty to see the symptom at lab cost.
 */
export const MAX_ORDER_COUNT = 100;
/** SendMessageBatch takes at most 10 entries (aws-facts A.1). */
const SQS_BATCH_LIMIT = 10;

/** The sender's event: how many orders to send. */
export interface SenderEvent {
  count?: number;
}

/** What one sender invocation did. */
export interface SendResult {
  requested: number;
  sent: number;
  failed: number;
  orderIds: string[];
}

/** Validates the sender event; `count` defaults to 5 and must be an integer in 1..100. */
export function parseSenderEvent(event: unknown): number {
  if (
    event !== undefined &&
    event !== null &&
    (typeof event !== 'object' || Array.isArray(event))
  ) {
    throw new InvalidEventError(
      `the sender event must be a JSON object like {"count":5} (got ${JSON.stringify(event)})`
    );
  }
  const count = (event as SenderEvent | null | undefined)?.count;
  if (count === undefined || count === null) return DEFAULT_ORDER_COUNT;
  if (typeof count !== 'number' || !Number.isInteger(count)) {
    throw new InvalidEventError(`count must be an integer (got ${JSON.stringify(count)})`);
  }
  if (count < 1 || count > MAX_ORDER_COUNT) {
    throw new InvalidEventError(`count must be between 1 and ${MAX_ORDER_COUNT} (got ${count})`);
  }
  return count;
}

/** Builds `count` orders, each with a unique id. */
export function makeOrders(count: number, newId: () => string = randomUUID): Order[] {
  return Array.from({ length: count }, (_, i) => ({
    orderId: newId(),
    customerId: `customer-${(i % 5) + 1}`,
    amountCents: 500 + (i % 10) * 250,
  }));
}

/**
 * Sends the orders to the queue in SendMessageBatch calls of at most 10, counting the entries
 * SQS accepted and the ones it refused (a batch call can succeed while entries in it fail).
 */
export async function sendOrders(
  sqs: SQSClient,
  queueUrl: string,
  orders: Order[]
): Promise<SendResult> {
  let sent = 0;
  let failed = 0;
  for (let start = 0; start < orders.length; start += SQS_BATCH_LIMIT) {
    const entries: SendMessageBatchRequestEntry[] = orders
      .slice(start, start + SQS_BATCH_LIMIT)
      .map((order, i) => ({ Id: String(start + i), MessageBody: JSON.stringify(order) }));
    const result = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries })
    );
    sent += result.Successful?.length ?? 0;
    for (const failure of result.Failed ?? []) {
      failed++;
      logger.warn('order not sent', {
        orderId: orders[Number(failure.Id)]?.orderId,
        code: failure.Code,
        reason: failure.Message,
      });
    }
  }
  metrics.addMetric(MetricName.OrdersSent, MetricUnit.Count, sent);
  logger.info('orders sent', { requested: orders.length, sent, failed });
  return { requested: orders.length, sent, failed, orderIds: orders.map((o) => o.orderId) };
}

const sqs = new SQSClient({});

const lambdaHandler = async (event: unknown): Promise<SendResult> => {
  const count = parseSenderEvent(event);
  return sendOrders(sqs, requireEnv(Env.QueueUrl), makeOrders(count));
};

/** Sends a handful of orders to the `orders` queue: `{"count": 5}`. */
export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
