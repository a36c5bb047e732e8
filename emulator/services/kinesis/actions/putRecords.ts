import { AwsError } from '../../../core/errors';
import { quotas } from '../../../core/quotas';
import { base64ByteLength, type InputShape, validateInput } from '../../../core/validate';
import { hashKeyShape, streamRefShape } from '../shapes';
import type { KinesisStore, PutEntry, StreamRef } from '../store';

/** The input shape, checked before the action runs. */
export const input = {
  Records: {
    type: 'list',
    required: true,
    min: 1,
    max: quotas.kinesisPutRecordsMaxRecords.value,
    memberString: () => 'com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry',
    member: {
      type: 'structure',
      members: {
        Data: { type: 'blob', required: true, max: quotas.kinesisRecordDataBytes.value },
        ExplicitHashKey: hashKeyShape,
        PartitionKey: {
          type: 'string',
          required: true,
          min: 1,
          max: quotas.kinesisPartitionKeyMaxLength.value,
        },
      },
    },
  },
  ...streamRefShape,
} as const satisfies InputShape;

export interface PutRecordsInput extends StreamRef {
  Records: PutEntry[];
}

/** PutRecords: up to 500 records, each admitted or throttled on its own (partial failures). */
export function putRecords(store: KinesisStore, req: PutRecordsInput) {
  validateInput(req, input);
  const stream = store.stream(req, { active: true });
  // The request limit counts data and partition keys (API_PutRecords).
  let total = 0;
  for (const record of req.Records) {
    total += base64ByteLength(record.Data) + Buffer.byteLength(record.PartitionKey, 'utf8');
  }
  if (total > quotas.kinesisPutRecordsMaxBytes.value) {
    // AWS's text from the 5 MB era was "Records size exceeds 5 MB limit".
    throw new AwsError('InvalidArgumentException', 'Records size exceeds 10 MB limit');
  }
  const results = store.put(stream, req.Records, 'PutRecords');
  const failed = results.filter((r) => 'ErrorCode' in r).length;
  return { FailedRecordCount: failed, Records: results, EncryptionType: 'NONE' };
}
