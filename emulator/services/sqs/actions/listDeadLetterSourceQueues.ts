import { quotas } from '../../../core/quotas';
import type { SqsStore } from '../store';
import { type InputTable, queueUrlField, validateInput } from '../validation';

const maxResults = quotas.sqsListQueuesMaxResults.value;

export const input = {
  QueueUrl: queueUrlField,
  MaxResults: {
    type: 'integer',
    min: 1,
    max: maxResults,
    reason: `MaxResults must be an integer between 1 and ${maxResults}.`,
  },
  NextToken: { type: 'string' },
} as const satisfies InputTable;

/**
 * ListDeadLetterSourceQueues: the queues whose RedrivePolicy targets this one. The output
 * member is `queueUrls`, lower-case, as in the API model. One page only.
 */
export function listDeadLetterSourceQueues(
  store: SqsStore,
  request: unknown
): { queueUrls: string[] } {
  const req = validateInput<{ QueueUrl: string; MaxResults?: number }>(request, input);
  const sources = store.listDeadLetterSourceQueues(req.QueueUrl);
  return {
    queueUrls: sources.slice(0, req.MaxResults ?? maxResults).map((q) => store.queueUrl(q)),
  };
}
