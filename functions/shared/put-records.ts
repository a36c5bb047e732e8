import {
  type KinesisClient,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';

/**
 * PutRecords takes at most 500 records per call.
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
 */
export const MAX_RECORDS_PER_PUT = 500;

/** What Kinesis did with one record of a PutRecords call. */
export type RecordResult =
  | { accepted: true }
  | {
      accepted: false;
      /** ProvisionedThroughputExceededException, InternalFailure, or NoResult. */
      errorCode: string;
      /** Kinesis' message (it names the shard), else the code. */
      errorMessage: string;
    };

/**
 * Sends up to 500 entries to a stream in one PutRecords call and says what happened to each,
 * in request order. PutRecords answers 200 even when it refuses some records (a per-record
 * ErrorCode, no exception), so refusals only show up by reading the response, as here. A
 * record counts as accepted only when it got a sequence number: then the stream holds it.
 *
 * @example
 * const results = await putRecordBatch(kinesis, 'orders', entries);
 * const accepted = results.filter((r) => r.accepted).length;
 */
export async function putRecordBatch(
  client: KinesisClient,
  streamName: string,
  entries: readonly PutRecordsRequestEntry[]
): Promise<RecordResult[]> {
  if (entries.length === 0 || entries.length > MAX_RECORDS_PER_PUT) {
    throw new RangeError(
      `a PutRecords call takes 1 to ${MAX_RECORDS_PER_PUT} records (got ${entries.length})`
    );
  }
  const response = await client.send(
    new PutRecordsCommand({ StreamName: streamName, Records: [...entries] })
  );
  const results = response.Records ?? [];
  return entries.map((_, i) => toRecordResult(results[i]));
}

/** Splits items, in order, into PutRecords-sized chunks of at most 500. */
export function chunksForPut<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += MAX_RECORDS_PER_PUT) {
    chunks.push(items.slice(start, start + MAX_RECORDS_PER_PUT));
  }
  return chunks;
}

function toRecordResult(result: PutRecordsResultEntry | undefined): RecordResult {
  if (result?.ErrorCode) {
    return {
      accepted: false,
      errorCode: result.ErrorCode,
      errorMessage: result.ErrorMessage ?? result.ErrorCode,
    };
  }
  if (result?.SequenceNumber) return { accepted: true };
  // A response shorter than the request, or an entry with neither outcome: never stored.
  return { accepted: false, errorCode: 'NoResult', errorMessage: 'no result for record' };
}
