import type { CloudFormationInterpreter } from '../../../cloudformation/interpreter';
import { AwsError } from '../../../core/errors';
import { missingMember } from '../shapes';
import {
  requestParameters,
  requestTags,
  requestTemplate,
  type StackRequest,
  settled,
} from './stackRequest';

/**
 * UpdateStack with a TemplateBody or UsePreviousTemplate. An update that changes nothing is
 * `ValidationError: No updates are to be performed.`, as on AWS.
 */
export async function updateStack(cfn: CloudFormationInterpreter, input: StackRequest) {
  if (input.StackName === undefined) throw missingMember('stackName');
  const stack = cfn.findStack(input.StackName);
  if (!stack || stack.status === 'DELETE_COMPLETE') {
    throw new AwsError('ValidationError', `Stack [${input.StackName}] does not exist`);
  }
  const usePrevious = String(input.UsePreviousTemplate) === 'true';
  const template = usePrevious ? stack.template : requestTemplate(input);
  if (!template) {
    throw new AwsError(
      'ValidationError',
      'Either Template URL or Template Body must be specified.'
    );
  }
  const assets = usePrevious ? stack.assets : undefined;
  let unchanged = false;
  await settled(
    cfn
      .updateStackFrom(
        stack.stackName,
        { template, assets },
        {
          parameters: requestParameters(input),
          ...(input.Tags !== undefined ? { tags: requestTags(input) } : {}),
        }
      )
      .then((result) => {
        unchanged = result.unchanged === true;
      })
  );
  if (unchanged) throw new AwsError('ValidationError', 'No updates are to be performed.');
  return { StackId: stack.stackId };
}
