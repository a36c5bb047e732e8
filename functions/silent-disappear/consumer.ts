import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MetricName } from '../../infra/names';
import { PoisonRecordError } from '../shared/errors';
import { logger, metrics } from '../shared/powertools';
import { isSizeClass, SizeClass } from './product';

/**
 * The two top-level fields every product-events message carries, whichever input template the
 * pipe uses (the audit copy or the claim-check).
 */
export interface ProductEvent {
  productId: string;
  sizeClass: SizeClass;
}

/** Reads a message body; throws PoisonRecordError when it is not a product event. */
export function parseProductEvent(body: string): ProductEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    throw new PoisonRecordError('message body is not JSON', { cause: e });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PoisonRecordError('message body is not a JSON object');
  }
  const { productId, sizeClass } = parsed as Record<string, unknown>;
  if (typeof productId !== 'string' || productId === '') {
    throw new PoisonRecordError('message has no productId string');
  }
  if (!isSizeClass(sizeClass)) {
    throw new PoisonRecordError(
      `message sizeClass must be 'small' or 'large' (got ${JSON.stringify(sizeClass)})`
    );
  }
  return { productId, sizeClass };
}

/** Counts one delivered product in SmallProductsDelivered or LargeProductsDelivered. */
export function processMessage(record: SQSRecord): ProductEvent {
  const product = parseProductEvent(record.body);
  metrics.addMetric(
    product.sizeClass === SizeClass.Large
      ? MetricName.LargeProductsDelivered
      : MetricName.SmallProductsDelivered,
    MetricUnit.Count,
    1
  );
  logger.info('product delivered', {
    productId: product.productId,
    sizeClass: product.sizeClass,
    messageId: record.messageId,
    bodyBytes: Buffer.byteLength(record.body, 'utf8'),
  });
  return product;
}

/**
 * Processes every message of the batch; a message that cannot be parsed is reported as a batch
 * item failure (logged once, here) so the rest of the batch is still deleted.
 */
export async function processBatch(event: SQSEvent): Promise<SQSBatchResponse> {
  const response: SQSBatchResponse = { batchItemFailures: [] };
  for (const record of event.Records) {
    try {
      processMessage(record);
    } catch (e) {
      if (!(e instanceof PoisonRecordError)) throw e;
      logger.error('product message unreadable', {
        messageId: record.messageId,
        bodyBytes: Buffer.byteLength(record.body, 'utf8'),
        error: e,
      });
      response.batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return response;
}

export const handler = middy(processBatch)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
