import type { CloudFormationInterpreter } from '../../../cloudformation/interpreter';
import { missingMember, page, stackResourceSummaryShape } from '../shapes';

export interface ListStackResourcesInput {
  StackName?: string;
  NextToken?: string;
}

/** ListStackResources: summaries of a stack's resources, 100 per page. */
export function listStackResources(cfn: CloudFormationInterpreter, input: ListStackResourcesInput) {
  if (input.StackName === undefined) throw missingMember('stackName');
  const stack = cfn.describeStack(input.StackName);
  const { items, next } = page([...stack.resources.values()], input.NextToken, 100);
  return { StackResourceSummaries: items.map(stackResourceSummaryShape), NextToken: next };
}
