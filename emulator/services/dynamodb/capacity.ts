import { quotas } from '../../core/quotas';
import { TokenBucket } from '../../core/token-bucket';

export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';
export type CapacityDirection = 'read' | 'write';

/** Tolerance for the floating-point refill (0.1 unit steps must add up to whole units). */
const EPSILON = 1e-9;

/** Write units of an item of `bytes`: 1 KB each, rounded up, at least 1. */
export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / quotas.dynamoDbWriteUnitBytes.value));
}

/**
 * A table's read and write capacity on the emulator clock (see the DynamoDB section of
 * core/quotas.ts for the model and its sources).
 */
export class TableCapacity {
  private readBucket!: TokenBucket;
  private writeBucket!: TokenBucket;
  private currentMode!: BillingMode;

  constructor(mode: BillingMode, readUnits: number, writeUnits: number, now: number) {
    this.configure(mode, readUnits, writeUnits, now);
  }

  get mode(): BillingMode {
    return this.currentMode;
  }

  /**
   * Applies a (new) capacity mode or provisioned throughput, at once. A mode switch starts full
   * buckets; a throughput change keeps the tokens already saved, up to the new burst size.
   */
  configure(mode: BillingMode, readUnits: number, writeUnits: number, now: number): void {
    const keep = mode === this.currentMode && mode === 'PROVISIONED';
    const read = bucketFor(mode, readUnits, 'read', now);
    const write = bucketFor(mode, writeUnits, 'write', now);
    if (keep) {
      read.take(Math.max(0, read.capacity - this.readBucket.available(now)), now);
      write.take(Math.max(0, write.capacity - this.writeBucket.available(now)), now);
    }
    this.readBucket = read;
    this.writeBucket = write;
    this.currentMode = mode;
  }

  /**
   * Admits a request whose known cost is `units` if the bucket holds that many (or is full,
   * for a request bigger than the whole bucket), and takes them. Returns false to throttle.
   */
  tryAdmit(direction: CapacityDirection, units: number, now: number): boolean {
    const bucket = this.bucket(direction);
    const need = Math.min(units, bucket.capacity);
    if (bucket.available(now) + EPSILON < need) return false;
    bucket.take(units, now);
    return true;
  }

  /** Charges what a request cost beyond what admission took (or refunds a negative amount). */
  settle(direction: CapacityDirection, units: number, now: number): void {
    if (units !== 0) this.bucket(direction).take(units, now);
  }

  /** Units available now (for tests and diagnostics). */
  available(direction: CapacityDirection, now: number): number {
    return this.bucket(direction).available(now);
  }

  private bucket(direction: CapacityDirection): TokenBucket {
    return direction === 'read' ? this.readBucket : this.writeBucket;
  }
}

function bucketFor(
  mode: BillingMode,
  units: number,
  direction: CapacityDirection,
  now: number
): TokenBucket {
  if (mode === 'PAY_PER_REQUEST') {
    const rate =
      direction === 'read'
        ? quotas.dynamoDbOnDemandReadUnitsPerSecond.value
        : quotas.dynamoDbOnDemandWriteUnitsPerSecond.value;
    return new TokenBucket(rate, rate, now);
  }
  return new TokenBucket(units * quotas.dynamoDbBurstSeconds.value, units, now);
}
