import { NAME_LIMITS } from '../physical-names';
import {
  alreadyExists,
  type ProvidedResource,
  type ProviderContext,
  type ResourceProvider,
  tagMap,
} from '../provider';

const TYPE = 'AWS::Logs::LogGroup';

/**
 * AWS::Logs::LogGroup
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html).
 * Ref is the log group name; GetAtt Arn (`arn:aws:logs:<region>:<account>:log-group:<name>:*`,
 * with the trailing `:*` CloudFormation returns). RetentionInDays, KmsKeyId and Tags update
 * in place; LogGroupName and LogGroupClass replace the group. Deleting the group deletes its
 * events. Accepted without effect: DataProtectionPolicy, FieldIndexPolicies.
 */
export const logGroupProvider: ResourceProvider = {
  type: TYPE,
  attributes: ['Arn'],
  replaceOn: ['LogGroupName', 'LogGroupClass'],
  properties: [
    'DataProtectionPolicy',
    'DeletionProtectionEnabled',
    'FieldIndexPolicies',
    'KmsKeyId',
    'LogGroupClass',
    'LogGroupName',
    'ResourcePolicyDocument',
    'RetentionInDays',
    'Tags',
  ],
  nameProperty: 'LogGroupName',

  create(ctx, props) {
    const logs = ctx.service('logs');
    const name =
      props.LogGroupName !== undefined
        ? String(props.LogGroupName)
        : ctx.generateName(NAME_LIMITS.logGroup);
    if (logs.groups.has(name)) throw alreadyExists(TYPE, name);
    logs.createGroup(name, {
      ...(props.RetentionInDays !== undefined
        ? { retentionInDays: Number(props.RetentionInDays) }
        : {}),
      ...(props.KmsKeyId !== undefined ? { kmsKeyId: String(props.KmsKeyId) } : {}),
      ...(props.LogGroupClass !== undefined ? { logGroupClass: String(props.LogGroupClass) } : {}),
      tags: tagMap(props.Tags),
    });
    return described(ctx, name);
  },

  update(ctx, current, props) {
    const logs = ctx.service('logs');
    const group = logs.groups.get(current.physicalId);
    if (!group) throw new Error(`Log group ${current.physicalId} does not exist`);
    group.retentionInDays =
      props.RetentionInDays === undefined ? undefined : Number(props.RetentionInDays);
    group.kmsKeyId = props.KmsKeyId === undefined ? undefined : String(props.KmsKeyId);
    group.tags = tagMap(props.Tags);
    logs.enforceRetention(group);
    return described(ctx, group.logGroupName);
  },

  delete(ctx, current) {
    ctx.service('logs').groups.delete(current.physicalId);
  },
};

function described(ctx: ProviderContext, name: string): ProvidedResource {
  return { physicalId: name, attributes: { Arn: `${ctx.service('logs').groupArn(name)}:*` } };
}
