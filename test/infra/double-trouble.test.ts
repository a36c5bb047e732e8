import { App } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { Env, MetricName, OutputKey, ScenarioId, Tag, Variant } from '../../infra/names';
import { DoubleTroubleStack } from '../../infra/stacks/double-trouble';
import { nagFindings, synthScenario } from '../helpers/synth';

const ID = ScenarioId.DoubleTrouble;

/** The processor is the function that gets PROCESSING_MS. */
const processorMatch = (props: Record<string, unknown> = {}) => ({
  Environment: { Variables: Match.objectLike({ [Env.ProcessingMs]: Match.anyValue() }) },
  ...props,
});

function onlyResource(template: Template, type: string, props: Record<string, unknown>) {
  const found = Object.values(template.findResources(type, { Properties: props }));
  expect(found).toHaveLength(1);
  return found[0]?.Properties as Record<string, unknown>;
}

describe('double-trouble broken', () => {
  const { stack, template } = synthScenario(ID, Variant.Broken);

  it('gives the processor a 30 s timeout for its 40 s of work', () => {
    // Arrange + Act: synthesized above
    // Assert
    template.hasResourceProperties(
      'AWS::Lambda::Function',
      processorMatch({
        Timeout: 30,
        Environment: {
          Variables: Match.objectLike({
            [Env.ProcessingMs]: '40000',
            [Env.Variant]: Variant.Broken,
          }),
        },
      })
    );
  });

  it('keeps the orders queue visibility timeout at 30 s with a redrive after 5 receives', () => {
    // Arrange + Act: synthesized above
    // Assert
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 30,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
  });

  it('is tagged as the broken variant', () => {
    // Arrange + Act: synthesized above
    // Assert
    template.hasResourceProperties('AWS::SQS::Queue', {
      Tags: Match.arrayWith([
        { Key: Tag.Scenario, Value: ID },
        { Key: Tag.Variant, Value: Variant.Broken },
      ]),
    });
    expect(stack.stackName).toBe('forensics-double-trouble');
  });

  it('has no unacknowledged cdk-nag findings', () => {
    // Act + Assert
    expect(nagFindings(ID, Variant.Broken)).toEqual([]);
  });
});

describe('double-trouble fixed', () => {
  const { template } = synthScenario(ID, Variant.Fixed);

  it('gives the processor a 60 s timeout: 40 s of work plus a buffer', () => {
    // Arrange + Act: synthesized above
    // Assert
    template.hasResourceProperties(
      'AWS::Lambda::Function',
      processorMatch({
        Timeout: 60,
        Environment: {
          Variables: Match.objectLike({
            [Env.ProcessingMs]: '40000',
            [Env.Variant]: Variant.Fixed,
          }),
        },
      })
    );
  });

  it('sets the visibility timeout to at least 6x the processor timeout (360 s)', () => {
    // Arrange
    const processor = onlyResource(template, 'AWS::Lambda::Function', processorMatch());
    const queue = onlyResource(template, 'AWS::SQS::Queue', { RedrivePolicy: Match.anyValue() });
    // Act
    const ratio = Number(queue.VisibilityTimeout) / Number(processor.Timeout);
    // Assert
    expect(queue.VisibilityTimeout).toBe(360);
    expect(ratio).toBeGreaterThanOrEqual(6);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: expect.anything(),
      maxReceiveCount: 5,
    });
  });

  it('is tagged as the fixed variant', () => {
    // Arrange + Act: synthesized above
    // Assert
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      Tags: Match.arrayWith([{ Key: Tag.Variant, Value: Variant.Fixed }]),
    });
  });

  it('has no unacknowledged cdk-nag findings', () => {
    // Act + Assert
    expect(nagFindings(ID, Variant.Fixed)).toEqual([]);
  });
});

describe.each([Variant.Broken, Variant.Fixed])('double-trouble %s (shared shape)', (variant) => {
  const { template } = synthScenario(ID, variant);

  it('feeds the processor one order per invocation and reports item failures', () => {
    // Arrange + Act: synthesized above
    // Assert
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('keeps the orders in an on-demand table keyed by orderId, deleted with the stack', () => {
    // Arrange + Act: synthesized above
    // Assert
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
      },
    });
  });

  it('lets the processor call only UpdateItem on the table', () => {
    // Arrange
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: Match.stringLikeRegexp('^dynamodb:') }),
          ]),
        },
      },
    });
    // Act
    const dynamoActions = Object.values(policies).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
        .flatMap((s) => s.Action)
        .filter((a) => a.startsWith('dynamodb:'))
    );
    // Assert
    expect(dynamoActions).toEqual(['dynamodb:UpdateItem']);
  });

  it('deletes both queues with the stack', () => {
    // Arrange + Act: synthesized above
    // Assert
    template.resourceCountIs('AWS::SQS::Queue', 2);
    expect(
      Object.keys(template.findResources('AWS::SQS::Queue', { DeletionPolicy: 'Delete' }))
    ).toHaveLength(2);
  });

  it('exports every name the checks and the CLI use', () => {
    // Arrange
    const keys = [
      OutputKey.ScenarioId,
      OutputKey.Variant,
      OutputKey.QueueName,
      OutputKey.QueueUrl,
      OutputKey.DeadLetterQueueName,
      OutputKey.DeadLetterQueueUrl,
      OutputKey.TableName,
      OutputKey.ProcessorFunctionName,
      OutputKey.ProcessorLogGroupName,
      OutputKey.SenderFunctionName,
      OutputKey.SenderLogGroupName,
      OutputKey.EventSourceMappingId,
      OutputKey.DashboardName,
    ];
    // Act + Assert
    for (const key of keys) template.hasOutput(key, {});
    template.hasOutput(OutputKey.DashboardName, { Value: 'forensics-double-trouble' });
  });

  it('draws the symptom on a dashboard named after the stack', () => {
    // Arrange
    const dashboard = onlyResource(template, 'AWS::CloudWatch::Dashboard', {
      DashboardName: 'forensics-double-trouble',
    });
    // Act
    const body = JSON.stringify(dashboard.DashboardBody);
    // Assert
    for (const name of [
      'Invocations',
      'Errors',
      'Duration',
      'NumberOfMessagesSent',
      'NumberOfMessagesReceived',
      'NumberOfMessagesDeleted',
      'ApproximateNumberOfMessagesNotVisible',
      'ApproximateNumberOfMessagesVisible',
      MetricName.OrdersSent,
      MetricName.OrderAttempts,
      MetricName.OrdersCharged,
      MetricName.DuplicateCharges,
      MetricName.OrdersCompleted,
      'Task timed out',
    ]) {
      expect(body).toContain(name);
    }
  });
});

describe('DoubleTroubleStack timeouts guard', () => {
  it('fails if the processor timeout exceeds the visibility timeout', () => {
    // Arrange
    const app = new App();
    // Act + Assert
    expect(
      () => new DoubleTroubleStack(app, { variant: Variant.Fixed, visibilityTimeoutSeconds: 30 })
    ).toThrow(/processor timeout \(60 s\) must not exceed .*visibility timeout \(30 s\)/);
  });

  it('fails if the processor timeout is above the Lambda maximum of 900 s', () => {
    // Arrange
    const app = new App();
    // Act + Assert
    expect(
      () =>
        new DoubleTroubleStack(app, {
          variant: Variant.Broken,
          processorTimeoutSeconds: 901,
          visibilityTimeoutSeconds: 5400,
        })
    ).toThrow(/between 1 and 900 \(got 901\)/);
  });

  it('fails if the visibility timeout is above the SQS maximum of 43200 s', () => {
    // Arrange
    const app = new App();
    // Act + Assert
    expect(
      () =>
        new DoubleTroubleStack(app, { variant: Variant.Broken, visibilityTimeoutSeconds: 43_201 })
    ).toThrow(/between 0 and 43200 \(got 43201\)/);
  });

  it('accepts a processor timeout equal to the visibility timeout, as Lambda does', () => {
    // Arrange
    const app = new App();
    // Act
    const create = () =>
      new DoubleTroubleStack(app, {
        variant: Variant.Broken,
        processorTimeoutSeconds: 45,
        visibilityTimeoutSeconds: 45,
      });
    // Assert
    expect(create).not.toThrow();
  });
});
