/**
 * Shard iterators: opaque base64 strings (AWS's start with 8 bytes 00..01 too). This one
 * carries the stream incarnation, the shard, the next sequence number to read and when it
 * was issued (iterators expire after 5 minutes).
 */
export interface IteratorState {
  streamName: string;
  streamCreatedAt: number;
  shardIndex: number;
  /** Read records whose sequence number is >= this. */
  position: bigint;
  /** Emulated ms when the iterator was handed out. */
  issuedAt: number;
}

const MAGIC = Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]);

export function encodeIterator(state: IteratorState): string {
  const payload = JSON.stringify([
    state.streamName,
    state.streamCreatedAt,
    state.shardIndex,
    state.position.toString(),
    state.issuedAt,
  ]);
  return Buffer.concat([MAGIC, Buffer.from(payload, 'utf8')]).toString('base64');
}

/** The iterator's state, or undefined if the string is not an iterator this emulator issued. */
export function decodeIterator(iterator: string): IteratorState | undefined {
  const buffer = Buffer.from(iterator, 'base64');
  if (buffer.toString('base64') !== iterator || buffer.length <= MAGIC.length) return undefined;
  if (!buffer.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  try {
    const parsed: unknown = JSON.parse(buffer.subarray(MAGIC.length).toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 5) return undefined;
    const [streamName, streamCreatedAt, shardIndex, position, issuedAt] = parsed;
    if (
      typeof streamName !== 'string' ||
      typeof streamCreatedAt !== 'number' ||
      typeof shardIndex !== 'number' ||
      typeof position !== 'string' ||
      !/^\d+$/.test(position) ||
      typeof issuedAt !== 'number'
    ) {
      return undefined;
    }
    return { streamName, streamCreatedAt, shardIndex, position: BigInt(position), issuedAt };
  } catch {
    return undefined;
  }
}
