import type { CloudFormationInterpreter } from '../../../cloudformation/interpreter';
import { page, stackShape } from '../shapes';

export interface DescribeStacksInput {
  StackName?: string;
  NextToken?: string;
}

/**
 * DescribeStacks: one stack by name (live) or stack id (deleted ones too), or every live stack.
 * An unknown stack is `ValidationError: Stack with id <name> does not exist`.
 */
export function describeStacks(cfn: CloudFormationInterpreter, input: DescribeStacksInput) {
  if (input.StackName !== undefined && input.StackName !== '') {
    return { Stacks: [stackShape(cfn.describeStack(input.StackName))] };
  }
  const { items, next } = page(cfn.liveStacks(), input.NextToken, 100);
  return { Stacks: items.map(stackShape), NextToken: next };
}
