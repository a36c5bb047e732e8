import { PoisonRecordError } from '../shared/errors';

/** One event the producer writes to the `events` stream (the record's data, as JSON). */
export interface EventRecord {
  /** Unique per record: `<run id>-<seq>`. Also the partition key. */
  id: string;
  /** 0-based position of the record in its producer run. */
  seq: number;
  /** True for the records the processor refuses: they fail their whole batch. */
  poison: boolean;
  payload: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The record data as text: Kinesis hands the processor base64, GetRecords hands bytes. */
function asText(data: string | Uint8Array): string {
  if (typeof data === 'string') return data;
  try {
    return decoder.decode(data);
  } catch (e) {
    throw new PoisonRecordError('record data is not valid UTF-8', { cause: e });
  }
}

/**
 * The business logic of the pipeline, shared by the processor and the fixed redrive: parses
 * one record's JSON and accepts it, or throws PoisonRecordError when it can never be accepted
 * (`poison: true`, or data that is not a JSON object). Retrying a poison record is pointless.
 *
 * It is deliberately lenient about everything else: a JSON object without `poison: true` is
 * accepted. That is what lets the broken redrive "retry" an on-failure message as if it were
 * a record and succeed, with clean logs.
 */
export function processRecord(data: string | Uint8Array): Partial<EventRecord> {
  const text = asText(data);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new PoisonRecordError('record data is not JSON', { cause: e });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PoisonRecordError('record data is not a JSON object');
  }
  const record = parsed as Partial<EventRecord>;
  if (record.poison === true) {
    throw new PoisonRecordError(`record ${String(record.id)} is poison and is refused`);
  }
  return record;
}
