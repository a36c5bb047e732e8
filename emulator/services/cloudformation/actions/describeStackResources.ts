import type { CloudFormationInterpreter } from '../../../cloudformation/interpreter';
import type { StackRecord } from '../../../cloudformation/stacks';
import { AwsError } from '../../../core/errors';
import { stackResourceShape } from '../shapes';

export interface DescribeStackResourcesInput {
  StackName?: string;
  LogicalResourceId?: string;
  PhysicalResourceId?: string;
}

/**
 * DescribeStackResources: the resources of a stack (named, or found by one of its resources'
 * physical id), optionally narrowed to one logical id.
 */
export function describeStackResources(
  cfn: CloudFormationInterpreter,
  input: DescribeStackResourcesInput
) {
  let stack: StackRecord;
  if (input.StackName !== undefined && input.StackName !== '') {
    stack = cfn.describeStack(input.StackName);
  } else if (input.PhysicalResourceId !== undefined && input.PhysicalResourceId !== '') {
    const owner = cfn
      .liveStacks()
      .find((s) =>
        [...s.resources.values()].some((r) => r.physicalId === input.PhysicalResourceId)
      );
    if (!owner)
      throw new AwsError('ValidationError', `Stack for ${input.PhysicalResourceId} does not exist`);
    stack = owner;
  } else {
    throw new AwsError(
      'ValidationError',
      'Either StackName or PhysicalResourceId must be specified.'
    );
  }
  const resources = [...stack.resources.values()].filter(
    (r) =>
      (input.LogicalResourceId === undefined || r.logicalId === input.LogicalResourceId) &&
      (input.PhysicalResourceId === undefined || r.physicalId === input.PhysicalResourceId)
  );
  return { StackResources: resources.map((r) => stackResourceShape(stack, r)) };
}
