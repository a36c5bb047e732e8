import type { CloudFormationInterpreter } from '../../../cloudformation/interpreter';
import { missingMember } from '../shapes';
import { settled } from './stackRequest';

/** DeleteStack: deleting a stack that does not exist succeeds, as on AWS. */
export async function deleteStack(cfn: CloudFormationInterpreter, input: { StackName?: string }) {
  if (input.StackName === undefined) throw missingMember('stackName');
  await settled(cfn.deleteStack(input.StackName));
  return {};
}
