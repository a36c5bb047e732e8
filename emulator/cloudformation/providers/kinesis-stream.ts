import { SHARD_LEVEL_METRICS, type ShardLevelMetric } from '../../services/kinesis/shapes';
import type { StreamMode } from '../../services/kinesis/store';
import { NAME_LIMITS } from '../physical-names';
import {
  alreadyExists,
  type Properties,
  type ProvidedResource,
  type ResourceProvider,
  tagMap,
} from '../provider';

const TYPE = 'AWS::Kinesis::Stream';

/**
 * AWS::Kinesis::Stream
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesis-stream.html).
 * Ref is the stream name; GetAtt Arn. In place: Tags, DesiredShardLevelMetrics,
 * StreamEncryption (accepted, not emulated). ShardCount, RetentionPeriodHours and
 * StreamModeDetails are updated in place on AWS, but the Kinesis store has no resharding or
 * retention change, so such an update fails with an error saying so.
 */
export const kinesisStreamProvider: ResourceProvider = {
  type: TYPE,
  attributes: ['Arn'],
  replaceOn: ['Name'],
  properties: [
    'DesiredShardLevelMetrics',
    'MaxRecordSizeInKiB',
    'Name',
    'RetentionPeriodHours',
    'ShardCount',
    'StreamEncryption',
    'StreamModeDetails',
    'Tags',
    'WarmThroughputMiBps',
  ],
  nameProperty: 'Name',

  create(ctx, props) {
    const kinesis = ctx.service('kinesis');
    const name =
      props.Name !== undefined ? String(props.Name) : ctx.generateName(NAME_LIMITS.kinesisStream);
    if (kinesis.listStreams().some((s) => s.name === name)) throw alreadyExists(TYPE, name);
    const mode = streamMode(props);
    const stream = kinesis.createStream({
      StreamName: name,
      ...(mode === 'ON_DEMAND'
        ? { StreamModeDetails: { StreamMode: mode } }
        : { ShardCount: props.ShardCount === undefined ? 1 : Number(props.ShardCount) }),
      ...(props.RetentionPeriodHours !== undefined
        ? { RetentionPeriodHours: Number(props.RetentionPeriodHours) }
        : {}),
      ShardLevelMetrics: shardLevelMetrics(props),
      Tags: tagMap(props.Tags),
    });
    return described(stream.name, stream.arn);
  },

  update(ctx, current, props, previous) {
    const kinesis = ctx.service('kinesis');
    const stream = kinesis.stream({ StreamName: current.physicalId });
    for (const key of ['ShardCount', 'RetentionPeriodHours'] as const) {
      const before = previous[key] ?? (key === 'ShardCount' ? 1 : 24);
      const after = props[key] ?? (key === 'ShardCount' ? 1 : 24);
      if (streamMode(props) === 'PROVISIONED' && Number(before) !== Number(after)) {
        throw new Error(
          `${key} of stream ${stream.name} cannot change from ${before} to ${after}: the emulator's Kinesis store does not support ${key === 'ShardCount' ? 'UpdateShardCount' : 'changing the retention period'}`
        );
      }
    }
    if (streamMode(props) !== streamMode(previous)) {
      throw new Error(
        `StreamModeDetails of stream ${stream.name} cannot change: the emulator's Kinesis store does not support UpdateStreamMode`
      );
    }
    const before = shardLevelMetrics(previous);
    const after = shardLevelMetrics(props);
    const off = before.filter((m) => !after.includes(m));
    const on = after.filter((m) => !before.includes(m));
    if (off.length > 0) kinesis.setShardLevelMetrics({ StreamName: stream.name }, off, false);
    if (on.length > 0) kinesis.setShardLevelMetrics({ StreamName: stream.name }, on, true);
    for (const key of Object.keys(stream.tags)) delete stream.tags[key];
    Object.assign(stream.tags, tagMap(props.Tags));
    return described(stream.name, stream.arn);
  },

  delete(ctx, current) {
    const kinesis = ctx.service('kinesis');
    if (kinesis.listStreams().some((s) => s.name === current.physicalId)) {
      kinesis.deleteStream({ StreamName: current.physicalId });
    }
  },
};

function streamMode(props: Properties): StreamMode {
  const details = props.StreamModeDetails as { StreamMode?: string } | undefined;
  return details?.StreamMode === 'ON_DEMAND' ? 'ON_DEMAND' : 'PROVISIONED';
}

function shardLevelMetrics(props: Properties): ShardLevelMetric[] {
  const list = props.DesiredShardLevelMetrics;
  if (!Array.isArray(list)) return [];
  const names = list.map(String);
  return names.includes('ALL') ? [...SHARD_LEVEL_METRICS] : (names as ShardLevelMetric[]);
}

function described(name: string, arn: string): ProvidedResource {
  return { physicalId: name, attributes: { Arn: arn } };
}
