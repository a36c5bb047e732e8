import { quotas } from '../../core/quotas';
import { invalidParameter, missingParameter, sqsError } from './errors';

/**
 * The input tables each action exports (A3 validation tables, in SQS's own error style: SQS does
 * not answer with "1 validation error detected" but with `MissingParameter` and
 * `InvalidParameterValue` texts).
 */
export type Field =
  | { type: 'string'; required?: boolean }
  | { type: 'list'; required?: boolean }
  | { type: 'map'; required?: boolean }
  | {
      type: 'integer';
      required?: boolean;
      min: number;
      max: number;
      /** The `Reason:` AWS gives when the value is out of range. */
      reason: string;
    };

/** An action's members, by their API name. */
export type InputTable = Record<string, Field>;

/**
 * Checks `input` against `table` and returns a shallow copy with integer members as numbers.
 * Absent (or empty-string) required members raise `MissingParameter`; integers that are not
 * whole numbers in range raise `InvalidParameterValue` with the table's reason.
 */
export function validateInput<T>(input: unknown, table: InputTable): T {
  const source = (input ?? {}) as Record<string, unknown>;
  if (typeof source !== 'object' || Array.isArray(source)) {
    throw sqsError('InvalidParameterValue', 'The request body must be a JSON object.');
  }
  const out: Record<string, unknown> = { ...source };
  for (const [name, field] of Object.entries(table)) {
    const value = source[name];
    if (value === undefined || value === null || value === '') {
      if (field.required) throw missingParameter(name);
      delete out[name];
      continue;
    }
    switch (field.type) {
      case 'string':
        if (typeof value !== 'string') throw invalidParameter(name, value, 'Must be a string.');
        break;
      case 'list':
        if (!Array.isArray(value)) throw invalidParameter(name, value, 'Must be a list.');
        break;
      case 'map':
        if (typeof value !== 'object' || Array.isArray(value)) {
          throw invalidParameter(name, value, 'Must be a map.');
        }
        break;
      case 'integer': {
        const n = toInteger(value);
        if (n === undefined || n < field.min || n > field.max) {
          throw invalidParameter(name, value, field.reason);
        }
        out[name] = n;
        break;
      }
    }
  }
  return out as T;
}

/** A whole number from a JSON number or a decimal string, else undefined. */
export function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim())) return Number(value);
  return undefined;
}

/** Members every queue-addressed action shares. */
export const queueUrlField: Field = { type: 'string', required: true };

/** VisibilityTimeout as ReceiveMessage and ChangeMessageVisibility take it. */
export const visibilityTimeoutField = {
  type: 'integer',
  min: 0,
  max: quotas.sqsVisibilityTimeoutMax.value,
  reason: `Must be between 0 and ${quotas.sqsVisibilityTimeoutMax.value}, if provided.`,
} as const satisfies Field;

const batchEntryIdPattern = new RegExp(
  `^[A-Za-z0-9_-]{1,${quotas.sqsBatchEntryIdMaxLength.value}}$`
);

/**
 * The checks every batch action makes on its entries before touching any of them: at least one
 * entry, at most 10, well-formed ids, distinct ids. `entryName` is the wire name of an entry
 * (`SendMessageBatchRequestEntry` ...), used in the EmptyBatchRequest text.
 */
export function validateBatchEntries(
  entries: unknown,
  entryName: string
): asserts entries is { Id: string }[] {
  if (entries === undefined || entries === null) throw missingParameter('Entries');
  if (!Array.isArray(entries)) throw invalidParameter('Entries', entries, 'Must be a list.');
  if (entries.length === 0) {
    throw sqsError(
      'EmptyBatchRequest',
      `There should be at least one ${entryName} in the request.`
    );
  }
  const max = quotas.sqsBatchMaxEntries.value;
  if (entries.length > max) {
    throw sqsError(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are ${max}. You have sent ${entries.length}.`
    );
  }
  const seen = new Set<string>();
  for (const entry of entries) {
    const id = (entry as { Id?: unknown } | null)?.Id;
    if (typeof id !== 'string' || !batchEntryIdPattern.test(id)) {
      throw sqsError(
        'InvalidBatchEntryId',
        'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.'
      );
    }
    if (seen.has(id)) throw sqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
    seen.add(id);
  }
}
