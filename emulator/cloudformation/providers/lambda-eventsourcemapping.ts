import type { EventSourceMapping, EventSourceMappingInput } from '../../core/integrations';
import type { Properties, ProvidedResource, ProviderContext, ResourceProvider } from '../provider';
import { without } from '../provider';

/** Properties whose change replaces the mapping (CloudFormation: "Update requires: Replacement"). */
const REPLACE_ON = [
  'EventSourceArn',
  'StartingPosition',
  'StartingPositionTimestamp',
  'SelfManagedEventSource',
  'AmazonManagedKafkaEventSourceConfig',
  'SelfManagedKafkaEventSourceConfig',
  'Queues',
  'Topics',
];

/**
 * AWS::Lambda::EventSourceMapping
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html),
 * through the EventSourceMappingRegistry the Lambda service implements. Ref is the mapping's
 * UUID; GetAtt Id and EventSourceMappingArn. The template's properties are the
 * CreateEventSourceMapping input (Tags aside) and pass through unchanged; updates send every
 * updatable property, with `undefined` for one the template no longer sets (back to default).
 */
export const eventSourceMappingProvider: ResourceProvider = {
  type: 'AWS::Lambda::EventSourceMapping',
  attributes: ['Id', 'EventSourceMappingArn'],
  replaceOn: REPLACE_ON,
  properties: [
    'AmazonManagedKafkaEventSourceConfig',
    'BatchSize',
    'BisectBatchOnFunctionError',
    'DestinationConfig',
    'DocumentDBEventSourceConfig',
    'Enabled',
    'EventSourceArn',
    'FilterCriteria',
    'FunctionName',
    'FunctionResponseTypes',
    'KmsKeyArn',
    'LoggingConfig',
    'MaximumBatchingWindowInSeconds',
    'MaximumRecordAgeInSeconds',
    'MaximumRetryAttempts',
    'MetricsConfig',
    'ParallelizationFactor',
    'ProvisionedPollerConfig',
    'Queues',
    'ScalingConfig',
    'SelfManagedEventSource',
    'SelfManagedKafkaEventSourceConfig',
    'SourceAccessConfigurations',
    'StartingPosition',
    'StartingPositionTimestamp',
    'Tags',
    'Topics',
    'TumblingWindowInSeconds',
  ],
  required: ['FunctionName'],

  create(ctx, props) {
    const registry = ctx.service('eventSourceMappings');
    return described(registry.create(without(props, 'Tags') as unknown as EventSourceMappingInput));
  },

  update(ctx, current, props, previous) {
    const registry = ctx.service('eventSourceMappings');
    const changes: Properties = {};
    for (const key of new Set([...Object.keys(previous), ...Object.keys(props)])) {
      if (key === 'Tags' || REPLACE_ON.includes(key)) continue;
      changes[key] = props[key];
    }
    return described(
      registry.update(current.physicalId, changes as Partial<EventSourceMappingInput>)
    );
  },

  delete(ctx, current) {
    const registry = ctx.service('eventSourceMappings');
    if (exists(ctx, current.physicalId)) registry.delete(current.physicalId);
  },
};

function exists(ctx: ProviderContext, uuid: string): boolean {
  try {
    ctx.service('eventSourceMappings').get(uuid);
    return true;
  } catch {
    return false;
  }
}

function described(mapping: EventSourceMapping): ProvidedResource {
  return {
    physicalId: mapping.UUID,
    attributes: { Id: mapping.UUID, EventSourceMappingArn: mapping.EventSourceMappingArn },
  };
}
