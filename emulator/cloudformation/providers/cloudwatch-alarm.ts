import type { PutMetricAlarmInput } from '../../services/cloudwatch';
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

const TYPE = 'AWS::CloudWatch::Alarm';

/**
 * AWS::CloudWatch::Alarm
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html),
 * created with the CloudWatch service's PutMetricAlarm (same validation and errors). Ref is the
 * alarm name; GetAtt Arn. Every change but AlarmName is a new PutMetricAlarm in place.
 */
export const alarmProvider: ResourceProvider = {
  type: TYPE,
  attributes: ['Arn'],
  replaceOn: ['AlarmName'],
  properties: [
    'ActionsEnabled',
    'AlarmActions',
    'AlarmDescription',
    'AlarmName',
    'ComparisonOperator',
    'DatapointsToAlarm',
    'Dimensions',
    'EvaluateLowSampleCountPercentile',
    'EvaluationPeriods',
    'ExtendedStatistic',
    'InsufficientDataActions',
    'MetricName',
    'Metrics',
    'Namespace',
    'OKActions',
    'Period',
    'Statistic',
    'Tags',
    'Threshold',
    'ThresholdMetricId',
    'TreatMissingData',
    'Unit',
  ],
  required: ['ComparisonOperator', 'EvaluationPeriods'],
  nameProperty: 'AlarmName',

  create(ctx, props) {
    const cloudwatch = ctx.service('cloudwatch');
    const name =
      props.AlarmName !== undefined ? String(props.AlarmName) : ctx.generateName(NAME_LIMITS.alarm);
    if (cloudwatch.store.alarms.has(name)) throw alreadyExists(TYPE, name);
    cloudwatch.putAlarm(alarmInput(name, props));
    return described(ctx, name);
  },

  update(ctx, current, props) {
    ctx.service('cloudwatch').putAlarm(alarmInput(current.physicalId, props));
    return described(ctx, current.physicalId);
  },

  delete(ctx, current) {
    ctx.service('cloudwatch').deleteAlarm(current.physicalId);
  },
};

function alarmInput(name: string, props: Properties): PutMetricAlarmInput {
  const tags = Object.entries(tagMap(props.Tags)).map(([Key, Value]) => ({ Key, Value }));
  return {
    ...(without(props, 'AlarmName', 'Tags') as PutMetricAlarmInput),
    AlarmName: name,
    ...(tags.length > 0 ? { Tags: tags } : {}),
  };
}

function described(ctx: ProviderContext, name: string): ProvidedResource {
  return {
    physicalId: name,
    attributes: {
      Arn: `arn:${ctx.partition}:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${name}`,
    },
  };
}
