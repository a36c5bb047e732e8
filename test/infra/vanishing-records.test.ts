import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { CfnDashboard } from 'aws-cdk-lib/aws-cloudwatch';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { Env, LAB_NAME, OutputKey, ScenarioId, Tag, Variant } from '../../infra/names';
import { scenarioStacks } from '../../infra/stacks';
import { nagFindings, synthScenario } from '../helpers/synth';

const ID = ScenarioId.VanishingRecords;

/** The resolved CloudFormation reference to a construct's attribute (e.g. a queue's ARN). */
function resolved(variant: Variant, value: (queue: Queue) => string, child: string): unknown {
  const { stack } = synthScenario(ID, variant);
  return stack.resolve(value(stack.node.findChild(child) as Queue));
}

describe.each([Variant.Broken, Variant.Fixed])('vanishing-records (%s)', (variant) => {
  it('has a one-shard provisioned events stream kept 24 h and deleted with the stack', () => {
    // Arrange
    const { template } = synthScenario(ID, variant);

    // Assert
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.hasResource('AWS::Kinesis::Stream', {
      Properties: {
        ShardCount: 1,
        RetentionPeriodHours: 24,
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
      },
      DeletionPolicy: 'Delete',
    });
  });

  it('maps the stream to the processor in batches of 5, 2 retries, no bisect, failures to ofd', () => {
    // Arrange
    const { template } = synthScenario(ID, variant);
    const ofdArn = resolved(variant, (q) => q.queueArn, 'OnFailureQueue');

    // Assert
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 5,
      StartingPosition: 'TRIM_HORIZON',
      MaximumRetryAttempts: 2,
      BisectBatchOnFunctionError: false,
      DestinationConfig: { OnFailure: { Destination: ofdArn } },
      MetricsConfig: { Metrics: ['EventCount'] },
      // The trap: no partial batch response, so one poison record fails the whole batch.
      FunctionResponseTypes: Match.absent(),
    });
  });

  it('maps the ofd queue to the redrive with partial batch responses', () => {
    // Arrange
    const { template } = synthScenario(ID, variant);
    const ofdArn = resolved(variant, (q) => q.queueArn, 'OnFailureQueue');

    // Assert
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: ofdArn,
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('keeps ofd messages invisible for 6x the redrive timeout, and parked ones 14 days', () => {
    // Arrange
    const { template } = synthScenario(ID, variant);

    // Assert
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Retries the failed batches'),
      Timeout: 60,
    });
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 360 });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 1_209_600 });
  });

  it(`deploys the redrive with VARIANT=${variant} and the parked queue URL`, () => {
    // Arrange
    const { template } = synthScenario(ID, variant);
    const parkedUrl = resolved(variant, (q) => q.queueUrl, 'ParkedQueue');

    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Retries the failed batches'),
      Environment: {
        Variables: Match.objectLike({ [Env.Variant]: variant, [Env.ParkedQueueUrl]: parkedUrl }),
      },
    });
  });

  it('lets the redrive read the stream and send to the parked queue, in both variants', () => {
    // Arrange
    const { template } = synthScenario(ID, variant);
    const parkedArn = resolved(variant, (q) => q.queueArn, 'ParkedQueue');

    // Assert
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^RedriveFunction'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['kinesis:GetRecords', 'kinesis:GetShardIterator']),
          }),
          Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']), Resource: parkedArn }),
        ]),
      },
    });
  });

  it('gives the producer a timeout beyond its 600 s maximum run and the poison ratio', () => {
    // Arrange
    const { template } = synthScenario(ID, variant);

    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Writes records'),
      Timeout: 660,
      Environment: { Variables: Match.objectLike({ [Env.PoisonEvery]: '20' }) },
    });
  });

  it('exports every name the checks, the CLI and the guide need', () => {
    // Arrange
    const { template } = synthScenario(ID, variant);

    // Assert
    for (const key of [
      OutputKey.ScenarioId,
      OutputKey.Variant,
      OutputKey.StreamName,
      OutputKey.StreamArn,
      OutputKey.OnFailureQueueName,
      OutputKey.OnFailureQueueUrl,
      OutputKey.ParkedQueueName,
      OutputKey.ParkedQueueUrl,
      OutputKey.ProducerFunctionName,
      OutputKey.ProducerLogGroupName,
      OutputKey.ProcessorFunctionName,
      OutputKey.ProcessorLogGroupName,
      OutputKey.RedriveFunctionName,
      OutputKey.RedriveLogGroupName,
      OutputKey.EventSourceMappingId,
      OutputKey.DashboardName,
    ]) {
      template.hasOutput(key, {});
    }
    template.hasOutput(OutputKey.Variant, { Value: variant });
  });

  it('tags its resources with the lab, the scenario and the variant', () => {
    // Arrange
    const { template } = synthScenario(ID, variant);

    // Assert
    template.hasResourceProperties('AWS::SQS::Queue', {
      Tags: Match.arrayWith([
        { Key: Tag.Lab, Value: LAB_NAME },
        { Key: Tag.Scenario, Value: ID },
        { Key: Tag.Variant, Value: variant },
      ]),
    });
  });

  it('deletes its log groups with the stack', () => {
    // Arrange
    const { template } = synthScenario(ID, variant);

    // Assert
    template.resourceCountIs('AWS::Logs::LogGroup', 3);
    for (const logGroup of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(logGroup.DeletionPolicy).toBe('Delete');
    }
  });

  it('has a dashboard named after the stack that shows batches against records', () => {
    // Arrange
    const { stack, template } = synthScenario(ID, variant);

    // Act
    const body = JSON.stringify(
      Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]?.Properties
    );

    // Assert
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: stack.stackName,
    });
    for (const metric of [
      'RecordsProduced',
      'RecordsProcessed',
      'RecordsRecovered',
      'RecordsParked',
      'RecordsRetried',
      'FailedBatchesReceived',
      'OnFailureDestinationDeliveredEventCount',
      'DroppedEventCount',
      'NumberOfMessagesSent',
      'IteratorAge',
      'EventSourceMappingUUID',
    ]) {
      expect(body).toContain(metric);
    }
  });

  it('has no unacknowledged cdk-nag finding', () => {
    // Act + Assert
    expect(nagFindings(ID, variant)).toEqual([]);
  });
});

describe('vanishing-records (both variants)', () => {
  it('synthesizes the same dashboard body twice', () => {
    // Arrange
    const body = () => {
      const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'forensics-synth-')) });
      const stack = scenarioStacks[ID](app, { variant: Variant.Broken });
      const dashboard = stack.node.findChild('Dashboard').node.defaultChild;
      return JSON.stringify(stack.resolve((dashboard as unknown as CfnDashboard).dashboardBody));
    };

    // Act
    const first = body();

    // Assert
    expect(first).toContain('RecordsProduced');
    expect(body()).toEqual(first);
  });

  it('differs between broken and fixed only in the variant', () => {
    // Arrange
    const broken = JSON.stringify(synthScenario(ID, Variant.Broken).template.toJSON());
    const fixed = JSON.stringify(synthScenario(ID, Variant.Fixed).template.toJSON());

    // Act
    const normalize = (json: string, variant: Variant) =>
      json.replaceAll(`"${variant}"`, '"<variant>"').replaceAll(`(${variant})`, '(<variant>)');

    // Assert
    expect(normalize(broken, Variant.Broken)).toEqual(normalize(fixed, Variant.Fixed));
  });
});
