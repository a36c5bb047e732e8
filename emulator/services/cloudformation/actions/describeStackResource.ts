import type { CloudFormationInterpreter } from '../../../cloudformation/interpreter';
import { AwsError } from '../../../core/errors';
import { missingMember, stackResourceDetailShape } from '../shapes';

export interface DescribeStackResourceInput {
  StackName?: string;
  LogicalResourceId?: string;
}

/** DescribeStackResource: one resource of a stack, by logical id. */
export function describeStackResource(
  cfn: CloudFormationInterpreter,
  input: DescribeStackResourceInput
) {
  if (input.StackName === undefined) throw missingMember('stackName');
  if (input.LogicalResourceId === undefined) throw missingMember('logicalResourceId');
  const stack = cfn.describeStack(input.StackName);
  const resource = stack.resources.get(input.LogicalResourceId);
  if (!resource) {
    throw new AwsError(
      'ValidationError',
      `Resource ${input.LogicalResourceId} does not exist for stack ${stack.stackName}`
    );
  }
  return { StackResourceDetail: stackResourceDetailShape(stack, resource) };
}
