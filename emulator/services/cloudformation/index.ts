import type { CloudFormationInterpreter } from '../../cloudformation/interpreter';
import type { ServiceDefinition } from '../../core/service';
import { createStack } from './actions/createStack';
import { deleteStack } from './actions/deleteStack';
import { describeStackEvents } from './actions/describeStackEvents';
import { describeStackResource } from './actions/describeStackResource';
import { describeStackResources } from './actions/describeStackResources';
import { describeStacks } from './actions/describeStacks';
import { listStackResources } from './actions/listStackResources';
import { listStacks } from './actions/listStacks';
import { updateStack } from './actions/updateStack';
import { cloudFormationQueryCodec } from './query-codec';

/**
 * The emulated CloudFormation API (awsQuery, `Version=2010-05-15`) over the interpreter that
 * deploys the stacks: DescribeStacks, DescribeStackResource(s), ListStackResources,
 * ListStacks, DescribeStackEvents, and CreateStack/UpdateStack/DeleteStack with a JSON
 * TemplateBody. The lab deploys its cloud assembly through the interpreter directly
 * (`interpreter.deployStack(assemblyDir, stackName)`); this service reports on it.
 *
 * @example
 * const cloudformation = createCloudFormationService(interpreter);
 * emulator.register(cloudformation.definition);
 */
export function createCloudFormationService(interpreter: CloudFormationInterpreter): {
  definition: ServiceDefinition;
} {
  return {
    definition: {
      signingName: 'cloudformation',
      queryVersion: '2010-05-15',
      queryXmlNamespace: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
      queryCodec: cloudFormationQueryCodec,
      actions: {
        CreateStack: (input) => createStack(interpreter, input ?? {}),
        DeleteStack: (input) => deleteStack(interpreter, input ?? {}),
        DescribeStackEvents: (input) => describeStackEvents(interpreter, input ?? {}),
        DescribeStackResource: (input) => describeStackResource(interpreter, input ?? {}),
        DescribeStackResources: (input) => describeStackResources(interpreter, input ?? {}),
        DescribeStacks: (input) => describeStacks(interpreter, input ?? {}),
        ListStackResources: (input) => listStackResources(interpreter, input ?? {}),
        ListStacks: (input) => listStacks(interpreter, input ?? {}),
        UpdateStack: (input) => updateStack(interpreter, input ?? {}),
      },
    },
  };
}
