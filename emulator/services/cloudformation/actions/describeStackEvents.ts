import type { CloudFormationInterpreter } from '../../../cloudformation/interpreter';
import { missingMember, page, stackEventShape } from '../shapes';

export interface DescribeStackEventsInput {
  StackName?: string;
  NextToken?: string;
}

/** DescribeStackEvents: a stack's events, newest first, 100 per page. */
export function describeStackEvents(
  cfn: CloudFormationInterpreter,
  input: DescribeStackEventsInput
) {
  if (input.StackName === undefined) throw missingMember('stackName');
  const stack = cfn.describeStack(input.StackName);
  const { items, next } = page(stack.events, input.NextToken, 100);
  return { StackEvents: items.map(stackEventShape), NextToken: next };
}
