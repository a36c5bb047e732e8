import type { CloudFormationInterpreter } from '../../../cloudformation/interpreter';
import { missingMember } from '../shapes';
import {
  requestParameters,
  requestTags,
  requestTemplate,
  type StackRequest,
  settled,
} from './stackRequest';

/**
 * CreateStack with a TemplateBody (JSON). Returns once the stack is CREATE_COMPLETE or rolled
 * back (ROLLBACK_COMPLETE): the emulator's resources take no time to create. Lambda code can
 * only be inline (`Code.ZipFile`): there is no S3 and no cloud assembly behind a TemplateBody.
 */
export async function createStack(cfn: CloudFormationInterpreter, input: StackRequest) {
  if (input.StackName === undefined) throw missingMember('stackName');
  const template = requestTemplate(input);
  if (!template) throw missingMember('templateBody');
  const stackName = input.StackName;
  await settled(
    cfn.createStackFrom(
      stackName,
      { template },
      {
        parameters: requestParameters(input),
        tags: requestTags(input) ?? {},
      }
    )
  );
  return { StackId: cfn.describeStack(stackName).stackId };
}
