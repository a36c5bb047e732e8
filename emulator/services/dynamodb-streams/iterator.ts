/**
 * DynamoDB Streams shard iterators: `<StreamArn>|1|<base64 payload>`, the shape AWS's have
 * (`arn:aws:dynamodb:...:table/T/stream/<label>|1|AAAA...`). The payload carries the shard,
 * the next sequence number to read and when the iterator was handed out (they expire after
 * 15 minutes).
 */
export interface StreamIteratorState {
  streamArn: string;
  shardId: string;
  /** Read records whose sequence number is >= this. */
  position: bigint;
  /** Emulated ms when the iterator was handed out. */
  issuedAt: number;
}

export function encodeStreamIterator(state: StreamIteratorState): string {
  const payload = JSON.stringify([state.shardId, state.position.toString(), state.issuedAt]);
  return `${state.streamArn}|1|${Buffer.from(payload, 'utf8').toString('base64')}`;
}

/** The iterator's state, or undefined if the string is not an iterator this emulator issued. */
export function decodeStreamIterator(iterator: string): StreamIteratorState | undefined {
  const parts = iterator.split('|');
  if (parts.length !== 3 || parts[1] !== '1') return undefined;
  const [streamArn, , encoded] = parts as [string, string, string];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
    const [shardId, position, issuedAt] = parsed;
    if (typeof shardId !== 'string' || typeof position !== 'string' || !/^\d+$/.test(position))
      return undefined;
    if (typeof issuedAt !== 'number') return undefined;
    return { streamArn, shardId, position: BigInt(position), issuedAt };
  } catch {
    return undefined;
  }
}
