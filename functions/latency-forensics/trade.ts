import { randomUUID } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * One trade, as the producer writes it to the `trades` stream: about 230 bytes of JSON, so
 * the item the processor writes stays well under 1 KB and every PutItem costs exactly 1 WCU
 * (500 trades/s = 500 WCU/s).
 */
export interface Trade {
  tradeId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  price: number;
  qty: number;
  currency: 'USD';
  venue: string;
  accountId: string;
  ts: string;
}

const SYMBOLS = ['AMZN', 'AAPL', 'MSFT', 'GOOGL', 'NVDA', 'META', 'TSLA', 'JPM', 'V', 'KO'];
const VENUES = ['XNAS', 'XNYS', 'ARCX', 'BATS'];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] ?? (items[0] as T);
}

/** A new trade executed at `nowMs`, with a random id, symbol, side, price and quantity. */
export function makeTrade(nowMs: number, random: () => number = Math.random): Trade {
  return {
    tradeId: randomUUID(),
    symbol: pick(SYMBOLS, random),
    side: random() < 0.5 ? 'BUY' : 'SELL',
    price: Math.round((10 + random() * 990) * 100) / 100,
    qty: 1 + Math.floor(random() * 1_000),
    currency: 'USD',
    venue: pick(VENUES, random),
    accountId: `ACC-${String(1 + Math.floor(random() * 99_999)).padStart(6, '0')}`,
    ts: new Date(nowMs).toISOString(),
  };
}

/** True when a decoded stream record looks like a trade the producer wrote. */
export function isTrade(value: unknown): value is Trade {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.tradeId === 'string' &&
    v.tradeId.length > 0 &&
    typeof v.symbol === 'string' &&
    typeof v.price === 'number' &&
    typeof v.qty === 'number' &&
    typeof v.ts === 'string'
  );
}

/**
 * The DynamoDB item of a trade, keyed by `tradeId`. `arrivedAt` is when Kinesis accepted the
 * record (epoch ms) and `writtenAt` when the processor wrote it, so the item itself shows how
 * late the pipeline is running.
 */
export function tradeItem(
  trade: Trade,
  arrivedAtMs: number,
  writtenAtMs: number
): Record<string, AttributeValue> {
  return {
    tradeId: { S: trade.tradeId },
    symbol: { S: trade.symbol },
    side: { S: trade.side },
    price: { N: String(trade.price) },
    qty: { N: String(trade.qty) },
    currency: { S: trade.currency },
    venue: { S: trade.venue },
    accountId: { S: trade.accountId },
    ts: { S: trade.ts },
    arrivedAt: { N: String(Math.round(arrivedAtMs)) },
    writtenAt: { N: String(writtenAtMs) },
  };
}
