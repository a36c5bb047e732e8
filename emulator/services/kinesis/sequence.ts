/**
 * Sequence numbers: 56-digit decimal strings, increasing per shard, comparable as BigInt, as
 * AWS's are. The emulator's layout (AWS's own is opaque):
 *   4 * 10^55 + streamCreatedAtMs * 10^40 + shardIndex * 10^30 + counter
 * so a sequence number tells which stream incarnation and shard it came from, which
 * GetShardIterator checks as AWS does.
 */
const BASE = 4n * 10n ** 55n;
const STREAM_UNIT = 10n ** 40n;
const SHARD_UNIT = 10n ** 30n;
const LIMIT = BASE + 10n ** 55n;

/** The first sequence number of a shard (counter 0). */
export function shardSequenceBase(streamCreatedAt: number, shardIndex: number): bigint {
  return BASE + BigInt(streamCreatedAt) * STREAM_UNIT + BigInt(shardIndex) * SHARD_UNIT;
}

/** What an emulator sequence number encodes, or undefined if it is not one. */
export function parseSequenceNumber(
  value: string
): { streamCreatedAt: number; shardIndex: number; counter: bigint } | undefined {
  if (!/^(0|[1-9]\d{0,128})$/.test(value)) return undefined;
  const n = BigInt(value);
  if (n < BASE || n >= LIMIT) return undefined;
  const rest = n - BASE;
  return {
    streamCreatedAt: Number(rest / STREAM_UNIT),
    shardIndex: Number((rest % STREAM_UNIT) / SHARD_UNIT),
    counter: rest % SHARD_UNIT,
  };
}
