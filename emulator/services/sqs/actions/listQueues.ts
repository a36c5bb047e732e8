import { quotas } from '../../../core/quotas';
import { invalidParameter } from '../errors';
import type { SqsStore } from '../store';
import { type InputTable, validateInput } from '../validation';

const maxResults = quotas.sqsListQueuesMaxResults.value;

export const input = {
  QueueNamePrefix: { type: 'string' },
  MaxResults: {
    type: 'integer',
    min: 1,
    max: maxResults,
    reason: `MaxResults must be an integer between 1 and ${maxResults}.`,
  },
  NextToken: { type: 'string' },
} as const satisfies InputTable;

interface ListQueuesInput {
  QueueNamePrefix?: string;
  MaxResults?: number;
  NextToken?: string;
}

interface ListQueuesOutput {
  QueueUrls?: string[];
  NextToken?: string;
}

/**
 * ListQueues, in name order. Without MaxResults AWS returns up to 1,000 URLs and no token;
 * with it, pages of MaxResults and a NextToken while more remain.
 */
export function listQueues(store: SqsStore, request: unknown): ListQueuesOutput {
  const req = validateInput<ListQueuesInput>(request, input);
  let queues = store.listQueues(req.QueueNamePrefix ?? '');
  if (req.NextToken !== undefined) {
    const after = Buffer.from(req.NextToken, 'base64').toString('utf8');
    if (!after.startsWith('after:')) {
      throw invalidParameter('NextToken', req.NextToken, 'Invalid or expired next token.');
    }
    const name = after.slice('after:'.length);
    queues = queues.filter((queue) => queue.name > name);
  }
  const page = queues.slice(0, req.MaxResults ?? maxResults);
  const output: ListQueuesOutput = {};
  if (page.length > 0) output.QueueUrls = page.map((queue) => store.queueUrl(queue));
  const last = page.at(-1);
  if (req.MaxResults !== undefined && last && queues.length > page.length) {
    output.NextToken = Buffer.from(`after:${last.name}`).toString('base64');
  }
  return output;
}
