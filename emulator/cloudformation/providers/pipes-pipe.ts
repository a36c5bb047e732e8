import type { Pipe, PipeInput } from '../../core/integrations';
import { NAME_LIMITS } from '../physical-names';
import {
  alreadyExists,
  type Properties,
  type ProvidedResource,
  type ProviderContext,
  type ResourceProvider,
  tagMap,
  without,
} from '../provider';

const TYPE = 'AWS::Pipes::Pipe';

/** Properties whose change replaces the pipe (CloudFormation: "Update requires: Replacement"). */
const REPLACE_ON = [
  'Name',
  'Source',
  'SourceParameters.DynamoDBStreamParameters.StartingPosition',
  'SourceParameters.KinesisStreamParameters.StartingPosition',
  'SourceParameters.KinesisStreamParameters.StartingPositionTimestamp',
  'SourceParameters.ActiveMQBrokerParameters.QueueName',
  'SourceParameters.RabbitMQBrokerParameters.QueueName',
  'SourceParameters.RabbitMQBrokerParameters.VirtualHost',
  'SourceParameters.ManagedStreamingKafkaParameters',
  'SourceParameters.SelfManagedKafkaParameters',
];

/**
 * AWS::Pipes::Pipe
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-pipes-pipe.html),
 * through the PipeRegistry the Pipes service implements. Ref is the pipe name; GetAtt Arn,
 * CreationTime, CurrentState, LastModifiedTime, StateReason. The template's properties are
 * CreatePipe's input and pass through unchanged; updates send every updatable property, with
 * `undefined` for one the template no longer sets.
 */
export const pipeProvider: ResourceProvider = {
  type: TYPE,
  attributes: ['Arn', 'CreationTime', 'CurrentState', 'LastModifiedTime', 'StateReason'],
  replaceOn: REPLACE_ON,
  properties: [
    'Description',
    'DesiredState',
    'Enrichment',
    'EnrichmentParameters',
    'KmsKeyIdentifier',
    'LogConfiguration',
    'Name',
    'RoleArn',
    'Source',
    'SourceParameters',
    'Tags',
    'Target',
    'TargetParameters',
  ],
  required: ['RoleArn', 'Source', 'Target'],
  nameProperty: 'Name',

  create(ctx, props) {
    const pipes = ctx.service('pipes');
    const name = props.Name !== undefined ? String(props.Name) : ctx.generateName(NAME_LIMITS.pipe);
    if (exists(ctx, name)) throw alreadyExists(TYPE, name);
    return described(pipes.create({ ...pipeFields(props), Name: name } as PipeInput));
  },

  update(ctx, current, props, previous) {
    const changes: Properties = {};
    const next = pipeFields(props);
    for (const key of new Set([...Object.keys(pipeFields(previous)), ...Object.keys(next)])) {
      if (key === 'Name' || key === 'Source') continue;
      changes[key] = next[key];
    }
    return described(
      ctx.service('pipes').update(current.physicalId, changes as Partial<PipeInput>)
    );
  },

  delete(ctx, current) {
    if (exists(ctx, current.physicalId)) ctx.service('pipes').delete(current.physicalId);
  },
};

function pipeFields(props: Properties): Properties {
  const fields = without(props, 'Tags');
  if (props.Tags !== undefined) fields.Tags = tagMap(props.Tags);
  return fields;
}

function exists(ctx: ProviderContext, name: string): boolean {
  try {
    ctx.service('pipes').get(name);
    return true;
  } catch {
    return false;
  }
}

function described(pipe: Pipe): ProvidedResource {
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
  return {
    physicalId: pipe.Name,
    attributes: {
      Arn: pipe.Arn,
      CreationTime: iso(pipe.CreationTime),
      CurrentState: pipe.CurrentState,
      LastModifiedTime: iso(pipe.LastModifiedTime),
      StateReason: pipe.StateReason ?? '',
    },
  };
}
