import { PoisonRecordError } from '../shared/errors';

/** One order, as the sender puts it on the `orders` queue. */
export interface Order {
  orderId: string;
  customerId: string;
  amountCents: number;
}

/**
 * Parses an `orders` queue message body. A body that is not an order can never succeed, so it
 * is refused with a PoisonRecordError (the redrive policy parks it in the dead-letter queue).
 */
export function parseOrder(body: string): Order {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    throw new PoisonRecordError('the message body is not JSON', { cause: e });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PoisonRecordError('the message body must be a JSON object');
  }
  const { orderId, customerId, amountCents } = parsed as Record<string, unknown>;
  if (typeof orderId !== 'string' || orderId === '') {
    throw new PoisonRecordError('orderId must be a non-empty string');
  }
  if (typeof customerId !== 'string' || customerId === '') {
    throw new PoisonRecordError('customerId must be a non-empty string');
  }
  if (typeof amountCents !== 'number' || !Number.isInteger(amountCents) || amountCents <= 0) {
    throw new PoisonRecordError('amountCents must be a positive integer');
  }
  return { orderId, customerId, amountCents };
}
