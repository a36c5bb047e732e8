import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PRODUCER_LIMITS } from '../../functions/shard-perpetrator/producer';
import { OutputKey, ScenarioId, stackName, Tag, VARIANTS, type Variant } from '../../infra/names';
import { CONSUMER_BATCH_SIZE, ORDER_SHARD_COUNT } from '../../infra/stacks/shard-perpetrator';
import { nagFindings, synthScenario } from '../helpers/synth';

const ID = ScenarioId.ShardPerpetrator;

/** The producer function: the one whose description says it writes orders. */
const PRODUCER = { Description: Match.stringLikeRegexp('^Writes order events') };
const CONSUMER = { Description: Match.stringLikeRegexp('^Counts the order events') };

describe.each(VARIANTS)('ShardPerpetratorStack (%s)', (variant: Variant) => {
  const { template } = synthScenario(ID, variant);

  it('creates a provisioned 4-shard orders stream kept for 24 h and deleted with the stack', () => {
    // Assert
    expect(ORDER_SHARD_COUNT).toBe(4);
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.hasResource('AWS::Kinesis::Stream', {
      Properties: {
        ShardCount: 4,
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
        RetentionPeriodHours: 24,
        StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      },
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  it('turns on shard-level metrics for IncomingRecords and WriteProvisionedThroughputExceeded', () => {
    // Assert: the L2 sets the stream's own DesiredShardLevelMetrics property (no custom resource)
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      DesiredShardLevelMetrics: ['IncomingRecords', 'WriteProvisionedThroughputExceeded'],
    });
    template.resourceCountIs('AWS::CloudFormation::CustomResource', 0);
  });

  it(`deploys the producer with VARIANT=${variant}, which picks the partition key`, () => {
    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      ...PRODUCER,
      Environment: {
        Variables: Match.objectLike({ VARIANT: variant, STREAM_NAME: { Ref: Match.anyValue() } }),
      },
      MemorySize: 512,
    });
  });

  it('gives the producer a timeout beyond its longest run plus 30 s', () => {
    // Assert
    const [producer] = Object.values(
      template.findResources('AWS::Lambda::Function', { Properties: PRODUCER })
    );
    expect(PRODUCER_LIMITS.maxDurationSeconds).toBe(600);
    expect(producer?.Properties.Timeout).toBeGreaterThan(PRODUCER_LIMITS.maxDurationSeconds + 30);
    expect(producer?.Properties.Timeout).toBeLessThanOrEqual(900);
  });

  it('lets the producer only put records to the orders stream', () => {
    // Assert
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ProducerFunctionServiceRole') }],
      PolicyDocument: {
        Statement: [
          {
            Action: ['kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersStream'), 'Arn'] },
          },
        ],
      },
    });
  });

  it('reads the stream into the consumer 100 records at a time from LATEST, one batch per shard', () => {
    // Assert
    expect(CONSUMER_BATCH_SIZE).toBe(100);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 100,
      StartingPosition: 'LATEST',
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersStream'), 'Arn'] },
      FunctionName: { Ref: Match.stringLikeRegexp('^ConsumerFunction') },
      ParallelizationFactor: Match.absent(),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      ...CONSUMER,
      Environment: { Variables: Match.objectLike({ VARIANT: variant }) },
    });
  });

  it('builds a dashboard named after the stack with the per-shard and throttling metrics', () => {
    // Assert
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: stackName(ID) });
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const shardId of [0, 1, 2, 3].map((i) => `shardId-00000000000${i}`)) {
      expect(body).toContain(shardId);
    }
    for (const metric of [
      'IncomingRecords',
      'WriteProvisionedThroughputExceeded',
      'PutRecords.ThrottledRecords',
      'PutRecords.SuccessfulRecords',
      'IteratorAge',
      'ConcurrentExecutions',
      'OrdersAttempted',
      'OrdersAccepted',
      'OrdersThrottled',
      'OrdersConsumed',
    ]) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
    expect(body).toContain('\\"ShardId\\"');
  });

  it('exports every output the checks and the guide rely on', () => {
    // Assert
    for (const key of [
      OutputKey.ScenarioId,
      OutputKey.Variant,
      OutputKey.StreamName,
      OutputKey.StreamArn,
      OutputKey.ProducerFunctionName,
      OutputKey.ProducerLogGroupName,
      OutputKey.ConsumerFunctionName,
      OutputKey.ConsumerLogGroupName,
      OutputKey.EventSourceMappingId,
      OutputKey.DashboardName,
    ]) {
      template.hasOutput(key, {});
    }
    template.hasOutput(OutputKey.Variant, { Value: variant });
  });

  it('tags the stream with the lab, the scenario and the variant', () => {
    // Assert
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      Tags: Match.arrayWith([
        { Key: Tag.Lab, Value: 'telemetry-forensics-lab' },
        { Key: Tag.Scenario, Value: ID },
        { Key: Tag.Variant, Value: variant },
      ]),
    });
  });

  it('has no unacknowledged cdk-nag findings', () => {
    // Assert
    expect(nagFindings(ID, variant)).toEqual([]);
  });
});

describe('ShardPerpetratorStack variants', () => {
  it('differ only in the variant name: the lesson is the producer code VARIANT selects', () => {
    // Arrange
    const normalised = (variant: Variant): string =>
      JSON.stringify(synthScenario(ID, variant).template.toJSON())
        .replaceAll('broken or fixed', '<either>')
        .replaceAll(variant, '<variant>');
    // Act
    const broken = normalised('broken');
    const fixed = normalised('fixed');
    // Assert: same resources, same code bundles; only VARIANT, tags and descriptions differ
    expect(broken.includes('"VARIANT":"<variant>"')).toBe(true);
    expect(broken === fixed).toBe(true);
  });
});
