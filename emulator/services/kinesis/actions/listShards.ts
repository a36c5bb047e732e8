import { AwsError } from '../../../core/errors';
import { quotas } from '../../../core/quotas';
import { type InputShape, validateInput } from '../../../core/validate';
import { describeShard } from '../describe';
import { nextTokenShape, shardIdShape, streamRefShape } from '../shapes';
import type { KinesisStore, StreamRef } from '../store';

/** The input shape, checked before the action runs. */
export const input = {
  ...streamRefShape,
  NextToken: nextTokenShape,
  ExclusiveStartShardId: shardIdShape,
  MaxResults: { type: 'integer', min: 1, max: 10_000 },
  StreamCreationTimestamp: { type: 'timestamp' },
  ShardFilter: {
    type: 'structure',
    members: {
      Type: {
        type: 'string',
        required: true,
        enum: [
          'AFTER_SHARD_ID',
          'AT_TRIM_HORIZON',
          'FROM_TRIM_HORIZON',
          'AT_LATEST',
          'AT_TIMESTAMP',
          'FROM_TIMESTAMP',
        ],
      },
      ShardId: shardIdShape,
      Timestamp: { type: 'timestamp' },
    },
  },
} as const satisfies InputShape;

export interface ListShardsInput extends StreamRef {
  NextToken?: string;
  ExclusiveStartShardId?: string;
  MaxResults?: number;
  StreamCreationTimestamp?: number;
  ShardFilter?: { Type: string; ShardId?: string; Timestamp?: number };
}

interface Token {
  name: string;
  createdAt: number;
  after: string;
  issuedAt: number;
}

/** ListShards: the shards of a stream, paged with MaxResults and NextToken (valid 300 s). */
export function listShards(store: KinesisStore, req: ListShardsInput) {
  validateInput(req, input);
  const now = store.env.clock.now();
  const named = req.StreamName !== undefined || req.StreamARN !== undefined;
  if (req.NextToken !== undefined && named) {
    throw new AwsError(
      'InvalidArgumentException',
      'NextToken and StreamName cannot be provided together.'
    );
  }
  let after = req.ExclusiveStartShardId;
  let stream: ReturnType<KinesisStore['stream']>;
  if (req.NextToken !== undefined) {
    const token = decodeToken(req.NextToken);
    if (!token)
      throw new AwsError('InvalidArgumentException', `Invalid NextToken ${req.NextToken}.`);
    if (now - token.issuedAt > quotas.kinesisNextTokenLifetimeMs.value) {
      throw new AwsError('ExpiredNextTokenException', 'The NextToken has expired.');
    }
    stream = store.stream({ StreamName: token.name });
    if (stream.createdAt !== token.createdAt) throw store.notFound(token.name);
    after = token.after;
  } else if (named) {
    stream = store.stream(req);
  } else {
    throw new AwsError(
      'InvalidArgumentException',
      'Either NextToken or StreamName should be provided.'
    );
  }
  if (req.ShardFilter?.Type === 'AFTER_SHARD_ID') {
    if (req.ShardFilter.ShardId === undefined) {
      throw new AwsError(
        'InvalidArgumentException',
        'ShardId must be specified for the AFTER_SHARD_ID ShardFilter type.'
      );
    }
    after = req.ShardFilter.ShardId;
  }
  // Every shard is open and none was ever closed (no resharding): the other filter types
  // (trim horizon, latest, timestamp) all select every shard.
  const max = req.MaxResults ?? quotas.kinesisListShardsDefaultMaxResults.value;
  const shards =
    stream.status(now) === 'CREATING'
      ? []
      : stream.shards.filter((s) => after === undefined || s.shardId > after);
  const page = shards.slice(0, max);
  const last = page[page.length - 1];
  const hasMore = shards.length > max && last !== undefined;
  return {
    Shards: page.map(describeShard),
    ...(hasMore
      ? {
          NextToken: encodeToken({
            name: stream.name,
            createdAt: stream.createdAt,
            after: last.shardId,
            issuedAt: now,
          }),
        }
      : {}),
  };
}

function encodeToken(token: Token): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64');
}

function decodeToken(value: string): Token | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    if (
      typeof parsed?.name === 'string' &&
      typeof parsed?.createdAt === 'number' &&
      typeof parsed?.after === 'string' &&
      typeof parsed?.issuedAt === 'number'
    ) {
      return parsed;
    }
  } catch {
    // not ours
  }
  return undefined;
}
