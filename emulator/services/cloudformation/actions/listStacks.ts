import type { CloudFormationInterpreter } from '../../../cloudformation/interpreter';
import { STACK_STATUSES } from '../../../cloudformation/stacks';
import { AwsError } from '../../../core/errors';
import { page, stackSummaryShape } from '../shapes';

export interface ListStacksInput {
  StackStatusFilter?: string[];
  NextToken?: string;
}

/** ListStacks: every stack, deleted ones included, newest first; optionally by status. */
export function listStacks(cfn: CloudFormationInterpreter, input: ListStacksInput) {
  const filter = input.StackStatusFilter ?? [];
  filter.forEach((status, i) => {
    if (!(STACK_STATUSES as readonly string[]).includes(status)) {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '[${filter.join(', ')}]' at 'stackStatusFilter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${STACK_STATUSES.join(', ')}]] (member ${i + 1})`
      );
    }
  });
  const stacks = cfn.allStacks().filter((s) => filter.length === 0 || filter.includes(s.status));
  const { items, next } = page(stacks, input.NextToken, 100);
  return { StackSummaries: items.map(stackSummaryShape), NextToken: next };
}
