import { randomUUID } from 'node:crypto';

/** One order event, as the producer writes it to the `orders` stream (about 200 bytes of JSON). */
export interface OrderEvent {
  orderId: string;
  customerId: string;
  amount: number;
  currency: 'USD';
  itemCount: number;
  channel: 'web' | 'mobile' | 'store';
  ts: string;
}

const CHANNELS = ['web', 'mobile', 'store'] as const;

/** A new order placed at `nowMs`, with a random id, customer, amount and channel. */
export function makeOrder(nowMs: number, random: () => number = Math.random): OrderEvent {
  return {
    orderId: randomUUID(),
    customerId: `customer-${String(1 + Math.floor(random() * 50_000)).padStart(6, '0')}`,
    amount: Math.round((5 + random() * 495) * 100) / 100,
    currency: 'USD',
    itemCount: 1 + Math.floor(random() * 9),
    channel: CHANNELS[Math.floor(random() * CHANNELS.length)] ?? 'web',
    ts: new Date(nowMs).toISOString(),
  };
}

/** True when a decoded stream record looks like an order the producer wrote. */
export function isOrderEvent(value: unknown): value is OrderEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.orderId === 'string' &&
    typeof v.customerId === 'string' &&
    typeof v.amount === 'number' &&
    typeof v.ts === 'string'
  );
}
