import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { Env, MetricName, PRODUCER_MAX_DURATION_SECONDS } from '../../infra/names';
import { type Clock, systemClock } from '../shared/clock';
import { requireEnv } from '../shared/env';
import { InvalidEventError } from '../shared/errors';
import { nearDeadline, runPacedLoop } from '../shared/paced-loop';
import { logger, metrics } from '../shared/powertools';
import {
  type ProducerEvent,
  type ProducerLimits,
  type ProducerPlan,
  parseProducerEvent,
} from '../shared/producer-event';
import {
  buildProduct,
  ITEM_TARGET_BYTES,
  itemSizeBytes,
  LARGE_ITEM_BYTES,
  SizeClass,
  toItem,
} from './product';

/** The producer's event: how fast, how long, and how often a product is a large one. */
export interface ProductProducerEvent extends ProducerEvent {
  /** Every Nth product is large (~300 KB); the others are small (~2 KB). @default 4 */
  largeEvery?: number;
}

/** The producer's bounds. The stack sets the timeout to the maximum duration plus 30 s. */
export const PRODUCER_LIMITS: ProducerLimits = {
  defaultRatePerSecond: 2,
  maxRatePerSecond: 20,
  defaultDurationSeconds: 60,
  maxDurationSeconds: PRODUCER_MAX_DURATION_SECONDS,
};

/** Bounds of `largeEvery`: 1 makes every product large. */
export const LARGE_EVERY_LIMITS = { default: 4, min: 1, max: 1000 } as const;

/** A validated producer plan. */
export interface ProductPlan extends ProducerPlan {
  largeEvery: number;
}

/** Validates the producer event, rejecting a bad rate, duration or `largeEvery` clearly. */
export function parseProductEvent(event: unknown): ProductPlan {
  const plan = parseProducerEvent(event, PRODUCER_LIMITS);
  const raw = (event ?? {}) as Record<string, unknown>;
  const largeEvery = raw.largeEvery ?? LARGE_EVERY_LIMITS.default;
  if (
    typeof largeEvery !== 'number' ||
    !Number.isInteger(largeEvery) ||
    largeEvery < LARGE_EVERY_LIMITS.min ||
    largeEvery > LARGE_EVERY_LIMITS.max
  ) {
    throw new InvalidEventError(
      `largeEvery must be an integer between ${LARGE_EVERY_LIMITS.min} and ${LARGE_EVERY_LIMITS.max} (got ${JSON.stringify(largeEvery)})`
    );
  }
  return { ...plan, largeEvery };
}

/** What the producer needs from the outside world; tests pass fakes. */
export interface ProducerDeps {
  client: DynamoDBClient;
  tableName: string;
  clock: Clock;
  newId: () => string;
  /** True when the Lambda deadline is near. */
  shouldStop: () => boolean;
}

/** What a run wrote. */
export interface ProductionSummary {
  smallWritten: number;
  largeWritten: number;
  failed: number;
  ticks: number;
}

/**
 * Writes products at the plan's rate for the plan's duration: product number n (1-based) is
 * large when n is a multiple of `largeEvery`. Each successful write counts once in
 * SmallProductsWritten or LargeProductsWritten; the metrics are flushed every second so the
 * datapoints land in the minute the products were written.
 */
export async function produceProducts(
  plan: ProductPlan,
  deps: ProducerDeps
): Promise<ProductionSummary> {
  const summary: ProductionSummary = { smallWritten: 0, largeWritten: 0, failed: 0, ticks: 0 };
  let sequence = 0;
  let largeSequence = 0;

  const writeOne = async (sizeClass: SizeClass): Promise<void> => {
    const targetBytes =
      sizeClass === SizeClass.Large
        ? LARGE_ITEM_BYTES[largeSequence++ % LARGE_ITEM_BYTES.length]
        : ITEM_TARGET_BYTES[sizeClass];
    const product = buildProduct(
      deps.newId(),
      sizeClass,
      new Date(deps.clock.now()).toISOString(),
      targetBytes
    );
    const itemBytes = itemSizeBytes({ ...product });
    try {
      await deps.client.send(
        new PutItemCommand({ TableName: deps.tableName, Item: toItem(product) })
      );
    } catch (e) {
      summary.failed++;
      logger.error('product write failed', {
        productId: product.productId,
        sizeClass,
        itemBytes,
        error: e instanceof Error ? e : String(e),
      });
      return;
    }
    if (sizeClass === SizeClass.Large) {
      summary.largeWritten++;
      metrics.addMetric(MetricName.LargeProductsWritten, MetricUnit.Count, 1);
    } else {
      summary.smallWritten++;
      metrics.addMetric(MetricName.SmallProductsWritten, MetricUnit.Count, 1);
    }
    logger.info('product written', { productId: product.productId, sizeClass, itemBytes });
  };

  const { ticks } = await runPacedLoop(
    plan,
    deps.clock,
    async ({ count }) => {
      const writes: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        sequence++;
        const sizeClass = sequence % plan.largeEvery === 0 ? SizeClass.Large : SizeClass.Small;
        writes.push(writeOne(sizeClass));
      }
      const before = summary.smallWritten + summary.largeWritten;
      await Promise.all(writes);
      // Flush each second that wrote something: a 10-minute run must not land in one minute.
      if (summary.smallWritten + summary.largeWritten > before) metrics.publishStoredMetrics();
    },
    deps.shouldStop
  );
  summary.ticks = ticks;
  return summary;
}

const dynamodb = new DynamoDBClient({});

/** Writes a mix of small and large products for a bounded time, then stops by itself. */
export const lambdaHandler = async (
  event: unknown,
  context: Context
): Promise<ProductionSummary> => {
  const plan = parseProductEvent(event);
  logger.info('traffic started', { ...plan });
  const summary = await produceProducts(plan, {
    client: dynamodb,
    tableName: requireEnv(Env.TableName),
    clock: systemClock,
    newId: randomUUID,
    shouldStop: nearDeadline(context),
  });
  logger.info('traffic finished', { ...summary, plannedSeconds: plan.durationSeconds });
  return summary;
};

export const handler = middy(lambdaHandler)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
