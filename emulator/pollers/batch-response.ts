/**
 * Reads a function's partial batch response (aws-facts C.5):
 * `{ "batchItemFailures": [ { "itemIdentifier": "<id>" } ] }`.
 *
 * - complete success: an empty or null response, no `batchItemFailures`, or an empty/null list;
 * - complete failure (`invalid`): an item whose `itemIdentifier` is missing, null, empty, not a
 *   string, or not the id of a record of the batch (a bad key name is a missing identifier);
 * - otherwise the listed ids failed.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html
 */
export type BatchResponse =
  | { kind: 'success' }
  | { kind: 'partial'; failedIds: string[] }
  | { kind: 'invalid'; reason: string };

export function parseBatchResponse(payload: string, batchIds: ReadonlySet<string>): BatchResponse {
  let parsed: unknown;
  try {
    parsed = payload.trim() === '' ? null : JSON.parse(payload);
  } catch {
    return { kind: 'success' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { kind: 'success' };
  }
  const failures = (parsed as Record<string, unknown>).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) {
    return { kind: 'invalid', reason: 'batchItemFailures is not a list' };
  }
  if (failures.length === 0) return { kind: 'success' };
  const failedIds: string[] = [];
  for (const item of failures) {
    const id =
      item !== null && typeof item === 'object'
        ? (item as Record<string, unknown>).itemIdentifier
        : undefined;
    if (typeof id !== 'string' || id === '') {
      return { kind: 'invalid', reason: 'an itemIdentifier is missing, null or empty' };
    }
    if (!batchIds.has(id)) {
      return { kind: 'invalid', reason: `itemIdentifier ${id} is not in the batch` };
    }
    failedIds.push(id);
  }
  return { kind: 'partial', failedIds };
}
