import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { INPUT_TEMPLATE_MAX_CHARS } from '../../functions/silent-disappear/input-template';
import { PRODUCER_LIMITS } from '../../functions/silent-disappear/producer';
import { Env, MetricName, OutputKey, ScenarioId, Tag, Variant } from '../../infra/names';
import {
  auditCopyInputTemplate,
  claimCheckInputTemplate,
} from '../../infra/stacks/silent-disappear';
import { nagFindings, synthScenario } from '../helpers/synth';

const ID = ScenarioId.SilentDisappear;

/** Output keys both variants export: the checks, the CLI and the guide read them. */
const COMMON_OUTPUTS = [
  OutputKey.ScenarioId,
  OutputKey.Variant,
  OutputKey.DashboardName,
  OutputKey.TableName,
  OutputKey.TableStreamArn,
  OutputKey.QueueName,
  OutputKey.QueueUrl,
  OutputKey.PipeName,
  OutputKey.ProducerFunctionName,
  OutputKey.ProducerLogGroupName,
  OutputKey.ConsumerFunctionName,
  OutputKey.ConsumerLogGroupName,
];

/** Output keys only the fixed variant has: its safety net. */
const FIXED_OUTPUTS = [
  OutputKey.FailureAlarmName,
  OutputKey.PipeLogGroupName,
  OutputKey.DeadLetterQueueName,
  OutputKey.DeadLetterQueueUrl,
];

function logicalId(template: Template, type: string, props: Record<string, unknown> = {}): string {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

function pipeProperties(template: Template): Record<string, unknown> {
  const pipes = Object.values(template.findResources('AWS::Pipes::Pipe'));
  expect(pipes).toHaveLength(1);
  return pipes[0]?.Properties as Record<string, unknown>;
}

/** The product-events queue: the one queue with an explicit maximum message size. */
function productEventsQueueId(template: Template): string {
  return logicalId(template, 'AWS::SQS::Queue', { MaximumMessageSize: Match.anyValue() });
}

describe.each([Variant.Broken, Variant.Fixed])('silent-disappear %s', (variant) => {
  const { stack, template } = synthScenario(ID, variant);

  it('has an on-demand Products table keyed by productId with a new-and-old-images stream', () => {
    // Assert
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'productId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'productId', AttributeType: 'S' }],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      },
      DeletionPolicy: 'Delete',
    });
  });

  it('caps product-events messages at 1,048,576 bytes, the SQS maximum', () => {
    // Assert
    template.hasResource('AWS::SQS::Queue', {
      Properties: { MaximumMessageSize: 1_048_576 },
      DeletionPolicy: 'Delete',
    });
  });

  it('pipes the table stream to the queue one record at a time, with bounded retries', () => {
    // Arrange
    const tableId = logicalId(template, 'AWS::DynamoDB::Table');
    const queueId = productEventsQueueId(template);
    // Assert
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      Source: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      Target: { 'Fn::GetAtt': [queueId, 'Arn'] },
      SourceParameters: {
        DynamoDBStreamParameters: Match.objectLike({
          StartingPosition: 'LATEST',
          BatchSize: 1,
          MaximumRetryAttempts: 2,
        }),
      },
    });
  });

  it('keeps the input template under the 8,192-character limit', () => {
    // Arrange
    const template =
      variant === Variant.Fixed ? claimCheckInputTemplate('T') : auditCopyInputTemplate();
    // Assert
    expect(template.length).toBeLessThanOrEqual(INPUT_TEMPLATE_MAX_CHARS);
  });

  it('lets the pipe role read only the table stream and send only to its queues', () => {
    // Arrange
    const tableId = logicalId(template, 'AWS::DynamoDB::Table');
    const queueId = productEventsQueueId(template);
    // Assert
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'pipes.amazonaws.com' } })],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: [
              'dynamodb:DescribeStream',
              'dynamodb:GetRecords',
              'dynamodb:GetShardIterator',
              'dynamodb:ListStreams',
            ],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
          },
          {
            Action: 'sqs:SendMessage',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
          },
        ]),
      },
    });
  });

  it('gives the producer a timeout beyond its 600 s maximum run and the table name', () => {
    // Arrange
    const tableId = logicalId(template, 'AWS::DynamoDB::Table');
    // Assert
    expect(PRODUCER_LIMITS.maxDurationSeconds + 30).toBe(630);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 630,
      Environment: { Variables: Match.objectLike({ [Env.TableName]: { Ref: tableId } }) },
    });
  });

  it('feeds the consumer from the queue with partial batch responses', () => {
    // Arrange
    const queueId = productEventsQueueId(template);
    // Assert
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('builds a dashboard named after the stack with the pipe, queue and custom metrics', () => {
    // Arrange
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    // Act
    const body = JSON.stringify(dashboards[0]?.Properties?.DashboardBody);
    // Assert
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties?.DashboardName).toBe('forensics-silent-disappear');
    for (const name of [
      'AWS/EventBridge/Pipes',
      'ExecutionFailed',
      'TargetStageFailed',
      'NumberOfMessagesSent',
      'SentMessageSize',
      MetricName.SmallProductsWritten,
      MetricName.LargeProductsWritten,
      MetricName.SmallProductsDelivered,
      MetricName.LargeProductsDelivered,
    ]) {
      expect(body).toContain(name);
    }
  });

  it.each(COMMON_OUTPUTS)('exports the %s output', (key) => {
    // Assert
    template.hasOutput(key, {});
  });

  it('tags every resource with the lab, the scenario and the variant', () => {
    // Assert
    template.hasResourceProperties('AWS::SQS::Queue', {
      Tags: Match.arrayWith([
        { Key: Tag.Scenario, Value: ID },
        { Key: Tag.Variant, Value: variant },
      ]),
    });
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      Tags: Match.objectLike({ [Tag.Scenario]: ID, [Tag.Variant]: variant }),
    });
    expect(stack.stackName).toBe('forensics-silent-disappear');
  });

  it('has no unacknowledged cdk-nag findings', () => {
    // Act + Assert
    expect(nagFindings(ScenarioId.SilentDisappear, variant)).toEqual([]);
  });
});

describe('silent-disappear broken', () => {
  const { template } = synthScenario(ID, Variant.Broken);

  it('copies the new image four times into every message', () => {
    // Arrange
    const inputTemplate = auditCopyInputTemplate();
    // Assert
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      TargetParameters: { InputTemplate: inputTemplate },
    });
    expect(inputTemplate.match(/<\$\.dynamodb\.NewImage>/g)).toHaveLength(3);
    expect(inputTemplate).toContain('"raw": <aws.pipes.event.json>');
    expect(inputTemplate).toContain('"productId": "<$.dynamodb.Keys.productId.S>"');
    expect(inputTemplate).toContain('"sizeClass": "<$.dynamodb.NewImage.sizeClass.S>"');
  });

  it('has no pipe logging, no dead-letter queue and no alarm: failures are silent', () => {
    // Arrange
    const pipe = pipeProperties(template);
    const source = (pipe.SourceParameters as Record<string, Record<string, unknown>>)
      .DynamoDBStreamParameters;
    // Assert
    expect(pipe.LogConfiguration).toBeUndefined();
    expect(source?.DeadLetterConfig).toBeUndefined();
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
  });

  it('grants the pipe role nothing for logs', () => {
    // Assert
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('logs:');
  });

  it.each(FIXED_OUTPUTS)('does not export the %s output', (key) => {
    // Assert
    expect(Object.keys(template.findOutputs(key))).toEqual([]);
  });
});

describe('silent-disappear fixed', () => {
  const { template } = synthScenario(ID, Variant.Fixed);

  it('sends a claim-check that names the table instead of copying the item', () => {
    // Arrange
    const tableId = logicalId(template, 'AWS::DynamoDB::Table');
    const [before, after] = claimCheckInputTemplate('<TABLE>').split('<TABLE>');
    // Assert
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      TargetParameters: {
        InputTemplate: { 'Fn::Join': ['', [before, { Ref: tableId }, after]] },
      },
    });
    expect(claimCheckInputTemplate('T')).not.toContain('NewImage>');
    expect(claimCheckInputTemplate('T')).not.toContain('aws.pipes.event');
  });

  it('logs pipe failures at ERROR, with execution data, to its vended log group', () => {
    // Arrange
    const logGroupId = logicalId(template, 'AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/pipes/forensics-silent-disappear',
    });
    // Assert
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      LogConfiguration: {
        Level: 'ERROR',
        IncludeExecutionData: ['ALL'],
        CloudwatchLogsLogDestination: { LogGroupArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
          },
        ]),
      },
    });
  });

  it('dead-letters the records it gives up on after 2 retries', () => {
    // Arrange
    const dlqId = logicalId(template, 'AWS::SQS::Queue', { MessageRetentionPeriod: 1_209_600 });
    // Assert
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      SourceParameters: {
        DynamoDBStreamParameters: Match.objectLike({
          MaximumRetryAttempts: 2,
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
        }),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'sqs:SendMessage',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [dlqId, 'Arn'] },
          },
        ]),
      },
    });
  });

  it('alarms when the pipe fails even once in a minute', () => {
    // Arrange
    const pipeId = logicalId(template, 'AWS::Pipes::Pipe');
    // Assert
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      Namespace: 'AWS/EventBridge/Pipes',
      MetricName: 'ExecutionFailed',
      Dimensions: [{ Name: 'PipeName', Value: { Ref: pipeId } }],
      Period: 60,
      Statistic: 'Sum',
    });
  });

  it.each(FIXED_OUTPUTS)('exports the %s output', (key) => {
    // Assert
    template.hasOutput(key, {});
  });
});
