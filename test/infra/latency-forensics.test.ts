import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  LAB_NAME,
  METRICS_NAMESPACE,
  MetricName,
  OutputKey,
  ScenarioId,
  stackName,
  Tag,
  VARIANTS,
} from '../../infra/names';
import { nagFindings, synthScenario } from '../helpers/synth';

const id = ScenarioId.LatencyForensics;

/** The output keys the checks, the CLI and the guide read from this stack. */
const OUTPUT_KEYS = [
  OutputKey.ScenarioId,
  OutputKey.Variant,
  OutputKey.StreamName,
  OutputKey.StreamArn,
  OutputKey.TableName,
  OutputKey.ProducerFunctionName,
  OutputKey.ProducerLogGroupName,
  OutputKey.ProcessorFunctionName,
  OutputKey.ProcessorLogGroupName,
  OutputKey.EventSourceMappingId,
  OutputKey.DashboardName,
];

/** The logical id of the one resource of a type. */
function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

/** The processor: the function the event source mapping invokes. */
function processorLogicalId(template: Template): string {
  const mapping = template.findResources('AWS::Lambda::EventSourceMapping')[
    onlyLogicalId(template, 'AWS::Lambda::EventSourceMapping')
  ] as { Properties: { FunctionName: { Ref: string } } };
  return mapping.Properties.FunctionName.Ref;
}

/** The template with the variant's name blanked out, to compare the two variants. */
function withoutVariant(template: Template): Record<string, unknown> {
  return JSON.parse(JSON.stringify(template.toJSON()).replace(/\b(broken|fixed)\b/g, '<variant>'));
}

describe('latency-forensics (broken)', () => {
  const { template } = synthScenario(id, 'broken');

  it('provisions the trades table at 2 WCU and 1 RCU', () => {
    // Assert
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'tradeId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'tradeId', AttributeType: 'S' }],
      ProvisionedThroughput: { WriteCapacityUnits: 2, ReadCapacityUnits: 1 },
      BillingMode: Match.absent(),
    });
  });

  it('gives the table no auto scaling', () => {
    // Assert
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
  });
});

describe('latency-forensics (fixed)', () => {
  const { template } = synthScenario(id, 'fixed');

  it('makes the trades table on-demand', () => {
    // Assert
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'tradeId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      ProvisionedThroughput: Match.absent(),
    });
  });

  it('differs from the broken variant only in the table', () => {
    // Arrange
    const fixed = withoutVariant(template) as { Resources: Record<string, unknown> };
    const broken = withoutVariant(synthScenario(id, 'broken').template) as typeof fixed;
    const tableId = onlyLogicalId(template, 'AWS::DynamoDB::Table');

    // Act
    const differing = Object.keys(fixed.Resources).filter(
      (logicalId) =>
        JSON.stringify(fixed.Resources[logicalId]) !== JSON.stringify(broken.Resources[logicalId])
    );

    // Assert
    expect(differing).toEqual([tableId]);
    expect(Object.keys(fixed.Resources).sort()).toEqual(Object.keys(broken.Resources).sort());
    expect({ ...fixed, Resources: {} }).toEqual({ ...broken, Resources: {} });
  });
});

describe.each(VARIANTS)('latency-forensics (%s)', (variant) => {
  const { template } = synthScenario(id, variant);

  it('creates a 2-shard provisioned stream kept 24 hours and deleted with the stack', () => {
    // Assert
    template.hasResource('AWS::Kinesis::Stream', {
      Properties: {
        ShardCount: 2,
        RetentionPeriodHours: 24,
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
      },
      DeletionPolicy: 'Delete',
    });
  });

  it('deletes the table and the log groups with the stack', () => {
    // Assert
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(logGroups).toHaveLength(2);
    for (const logGroup of logGroups) expect(logGroup.DeletionPolicy).toBe('Delete');
  });

  it('feeds the processor batches of 100 from LATEST, retried until they succeed', () => {
    // Assert
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [onlyLogicalId(template, 'AWS::Kinesis::Stream'), 'Arn'] },
      BatchSize: 100,
      StartingPosition: 'LATEST',
      // The AWS defaults: retry until the record expires, never bisect, nowhere to drop to.
      MaximumRetryAttempts: Match.absent(),
      MaximumRecordAgeInSeconds: Match.absent(),
      BisectBatchOnFunctionError: Match.absent(),
      DestinationConfig: Match.absent(),
    });
  });

  it('gives the processor 60 s and the table name, and the producer more than its 600 s run', () => {
    // Assert
    const tableId = onlyLogicalId(template, 'AWS::DynamoDB::Table');
    const streamId = onlyLogicalId(template, 'AWS::Kinesis::Stream');
    const functions = template.findResources('AWS::Lambda::Function');
    const processor = functions[processorLogicalId(template)];
    expect(processor?.Properties).toMatchObject({
      Timeout: 60,
      Runtime: 'nodejs22.x',
      Environment: { Variables: { TABLE_NAME: { Ref: tableId }, VARIANT: variant } },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 660,
      Environment: { Variables: Match.objectLike({ STREAM_NAME: { Ref: streamId } }) },
    });
  });

  it('lets the processor only PutItem on the table', () => {
    // Assert
    const tableArn = { 'Fn::GetAtt': [onlyLogicalId(template, 'AWS::DynamoDB::Table'), 'Arn'] };
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const dynamodbStatements = policies
      .flatMap((p) => (p.Properties.PolicyDocument.Statement as Record<string, unknown>[]) ?? [])
      .filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(dynamodbStatements).toEqual([
      { Action: 'dynamodb:PutItem', Effect: 'Allow', Resource: [tableArn] },
    ]);
  });

  it('exports every output the scripts rely on', () => {
    // Assert
    for (const key of OUTPUT_KEYS) template.hasOutput(key, {});
    template.hasOutput(OutputKey.Variant, { Value: variant });
    template.hasOutput(OutputKey.EventSourceMappingId, {
      Value: { Ref: onlyLogicalId(template, 'AWS::Lambda::EventSourceMapping') },
    });
  });

  it('tags the stateful resources with the lab, the scenario and the variant', () => {
    // Assert
    const tags = Match.arrayWith([
      { Key: Tag.Lab, Value: LAB_NAME },
      { Key: Tag.Scenario, Value: id },
      { Key: Tag.Variant, Value: variant },
    ]);
    for (const type of ['AWS::Kinesis::Stream', 'AWS::DynamoDB::Table', 'AWS::Lambda::Function']) {
      template.hasResourceProperties(type, { Tags: tags });
    }
  });

  it('names the dashboard after the stack and graphs the symptom metrics', () => {
    // Arrange
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);

    // Assert
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties.DashboardName).toBe(stackName(id));
    for (const expected of [
      '\\"AWS/Lambda\\",\\"IteratorAge\\"',
      '\\"AWS/Lambda\\",\\"Duration\\"',
      '\\"AWS/Lambda\\",\\"Errors\\"',
      '\\"AWS/DynamoDB\\",\\"WriteThrottleEvents\\"',
      '\\"AWS/DynamoDB\\",\\"ThrottledRequests\\",\\"Operation\\",\\"PutItem\\"',
      '\\"AWS/DynamoDB\\",\\"ConsumedWriteCapacityUnits\\"',
      '\\"AWS/DynamoDB\\",\\"ProvisionedWriteCapacityUnits\\"',
      '\\"AWS/Kinesis\\",\\"IncomingRecords\\"',
      '\\"AWS/Kinesis\\",\\"GetRecords.IteratorAgeMilliseconds\\"',
      `\\"${METRICS_NAMESPACE}\\",\\"${MetricName.TradesSent}\\",\\"service\\",\\"${id}\\"`,
      `\\"${METRICS_NAMESPACE}\\",\\"${MetricName.TradesWritten}\\",\\"service\\",\\"${id}\\"`,
    ]) {
      expect(body).toContain(expected);
    }
  });

  it('has no unacknowledged cdk-nag findings', () => {
    // Assert
    expect(nagFindings(id, variant)).toEqual([]);
  });
});
