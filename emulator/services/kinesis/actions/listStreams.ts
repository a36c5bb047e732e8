import { AwsError } from '../../../core/errors';
import { quotas } from '../../../core/quotas';
import { type InputShape, validateInput } from '../../../core/validate';
import { nextTokenShape, streamNameShape } from '../shapes';
import type { KinesisStore } from '../store';

/** The input shape, checked before the action runs. */
export const input = {
  Limit: { type: 'integer', min: 1, max: 10_000 },
  ExclusiveStartStreamName: streamNameShape,
  NextToken: nextTokenShape,
} as const satisfies InputShape;

export interface ListStreamsInput {
  Limit?: number;
  ExclusiveStartStreamName?: string;
  NextToken?: string;
}

/** ListStreams: stream names and summaries in name order, at most 100 per page. */
export function listStreams(store: KinesisStore, req: ListStreamsInput) {
  validateInput(req, input);
  const now = store.env.clock.now();
  let after = req.ExclusiveStartStreamName;
  if (req.NextToken !== undefined) {
    const token = decodeToken(req.NextToken);
    if (!token)
      throw new AwsError('InvalidArgumentException', `Invalid NextToken ${req.NextToken}.`);
    if (now - token.issuedAt > quotas.kinesisNextTokenLifetimeMs.value) {
      throw new AwsError('ExpiredNextTokenException', 'The NextToken has expired.');
    }
    after = token.after;
  }
  // At most 100 streams per call, whatever Limit says (API_ListStreams).
  const limit = Math.min(
    req.Limit ?? quotas.kinesisListStreamsDefaultLimit.value,
    quotas.kinesisListStreamsDefaultLimit.value
  );
  const streams = store.listStreams().filter((s) => after === undefined || s.name > after);
  const page = streams.slice(0, limit);
  const hasMore = streams.length > limit;
  const last = page[page.length - 1];
  return {
    StreamNames: page.map((s) => s.name),
    HasMoreStreams: hasMore,
    ...(hasMore && last ? { NextToken: encodeToken(last.name, now) } : {}),
    StreamSummaries: page.map((s) => ({
      StreamName: s.name,
      StreamARN: s.arn,
      StreamStatus: s.status(now),
      StreamModeDetails: { StreamMode: s.mode },
      StreamCreationTimestamp: s.createdAt / 1000,
    })),
  };
}

function encodeToken(after: string, issuedAt: number): string {
  return Buffer.from(JSON.stringify({ after, issuedAt }), 'utf8').toString('base64');
}

function decodeToken(token: string): { after: string; issuedAt: number } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (typeof parsed?.after === 'string' && typeof parsed?.issuedAt === 'number') return parsed;
  } catch {
    // not ours
  }
  return undefined;
}
