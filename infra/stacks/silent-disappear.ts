import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IWidget,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { LabFunction } from '../constructs/lab-function';
import { acknowledge } from '../constructs/nag';
import { Env, MetricName, OutputKey, PRODUCER_MAX_DURATION_SECONDS, ScenarioId } from '../names';
import { ScenarioStack, type ScenarioStackProps } from './scenario-stack';

/** The SQS maximum, and the default since August 2025 (aws-facts A.1): set explicitly anyway. */
export const PRODUCT_EVENTS_MAX_MESSAGE_BYTES = 1_048_576;

/** Products per pipe execution: one, so a 1 MiB SendMessageBatch total can never bite. */
export const PIPE_BATCH_SIZE = 1;

/** Retries of a failed pipe execution before the record is dropped (broken) or dead-lettered. */
export const PIPE_MAXIMUM_RETRY_ATTEMPTS = 2;

/**
 * BROKEN input template: "keep everything for audit". The product's new image goes in four
 * times (product, audit.after, snapshot, and inside the raw record), so the message is about
 * four times the item: a 2 KB product makes ~9 KB and arrives, a 300 KB one makes ~1.2 MB and
 * SQS refuses it (the limit is 1,048,576 bytes). Paths to strings are quoted, paths to objects
 * are not (aws-facts E.2). No `before` image: the producer only inserts, so OldImage is absent.
 */
export function auditCopyInputTemplate(): string {
  return `{
  "productId": "<$.dynamodb.Keys.productId.S>",
  "sizeClass": "<$.dynamodb.NewImage.sizeClass.S>",
  "eventName": "<$.eventName>",
  "product": <$.dynamodb.NewImage>,
  "audit": {
    "changedAt": <$.dynamodb.ApproximateCreationDateTime>,
    "after": <$.dynamodb.NewImage>
  },
  "snapshot": <$.dynamodb.NewImage>,
  "raw": <aws.pipes.event.json>
}`;
}

/**
 * FIXED input template: the claim-check. The message carries what consumers need (id, size
 * class, event type, time, what changed, how big the item is) and where the full item lives
 * (table and key), so it stays a few hundred bytes whatever the item's size.
 */
export function claimCheckInputTemplate(tableName: string): string {
  return `{
  "productId": "<$.dynamodb.Keys.productId.S>",
  "sizeClass": "<$.dynamodb.NewImage.sizeClass.S>",
  "eventName": "<$.eventName>",
  "approximateCreationDateTime": <$.dynamodb.ApproximateCreationDateTime>,
  "changedFields": "<$.dynamodb.NewImage.changedFields.S>",
  "itemSizeBytes": <$.dynamodb.SizeBytes>,
  "table": "${tableName}",
  "key": { "productId": "<$.dynamodb.Keys.productId.S>" }
}`;
}

/**
 * Scenario 1, silent-disappear: Products table → stream → EventBridge Pipe (InputTemplate) →
 * product-events queue → consumer. Broken: the template copies the item four times, so large
 * products exceed the SQS message limit and vanish with no log, no dead-letter queue and no
 * alarm. Fixed: a claim-check template, pipe logs at ERROR, a dead-letter queue on the source,
 * and an alarm on ExecutionFailed.
 */
export class SilentDisappearStack extends ScenarioStack {
  constructor(scope: Construct, props: ScenarioStackProps) {
    super(scope, ScenarioId.SilentDisappear, props);

    // On-demand: a 300 KB write costs ~300 WCU; a small provisioned table would throttle the
    // write itself and hide the real lesson.
    const table = new Table(this, 'Products', {
      partitionKey: { name: 'productId', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const tableStreamArn = table.tableStreamArn;
    if (tableStreamArn === undefined) throw new Error('the Products table must have a stream');

    const queue = new Queue(this, 'ProductEvents', {
      maxMessageSizeBytes: PRODUCT_EVENTS_MAX_MESSAGE_BYTES,
      visibilityTimeout: Duration.seconds(60),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const producer = new LabFunction(this, 'Producer', {
      scenarioId: this.scenarioId,
      variant: this.variant,
      entry: 'silent-disappear/producer.ts',
      description: 'Writes small (~2 KB) and large (~300 KB) products for a bounded time',
      timeout: Duration.seconds(PRODUCER_MAX_DURATION_SECONDS + 30),
      environment: { [Env.TableName]: table.tableName },
    });
    table.grant(producer.fn, 'dynamodb:PutItem');

    const consumer = new LabFunction(this, 'Consumer', {
      scenarioId: this.scenarioId,
      variant: this.variant,
      entry: 'silent-disappear/consumer.ts',
      description: 'Counts the products that reach the product-events queue',
      timeout: Duration.seconds(10),
    });
    consumer.fn.addEventSource(
      new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true })
    );

    // The pipe's own role: read the table stream, send to the queue (and, fixed, to the DLQ and
    // the pipe log group). Nothing else.
    const pipeRole = new Role(this, 'PipeRole', {
      assumedBy: new ServicePrincipal('pipes.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'EventBridge Pipe: Products stream to product-events queue',
    });
    pipeRole.addToPolicy(
      new PolicyStatement({
        actions: [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
        resources: [tableStreamArn],
      })
    );
    queue.grant(pipeRole, 'sqs:SendMessage');

    const fixed = this.isFixed ? this.addPipeSafetyNet(pipeRole) : undefined;

    const pipe = new CfnPipe(this, 'ProductPipe', {
      description: 'Products table stream to the product-events queue',
      roleArn: pipeRole.roleArn,
      source: tableStreamArn,
      target: queue.queueArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'LATEST',
          batchSize: PIPE_BATCH_SIZE,
          // Bounded in both variants: with the default (-1, retry forever) one failing large
          // product would block its shard for 24 h and small products behind it would stop
          // too, which would hide the lesson (only large products disappear).
          maximumRetryAttempts: PIPE_MAXIMUM_RETRY_ATTEMPTS,
          deadLetterConfig: fixed ? { arn: fixed.deadLetterQueue.queueArn } : undefined,
        },
      },
      targetParameters: {
        inputTemplate: this.isFixed
          ? claimCheckInputTemplate(table.tableName)
          : auditCopyInputTemplate(),
      },
      logConfiguration: fixed
        ? {
            level: 'ERROR',
            includeExecutionData: ['ALL'],
            cloudwatchLogsLogDestination: { logGroupArn: fixed.logGroup.logGroupArn },
          }
        : undefined,
    });
    // The pipe checks its permissions when it starts: create it after the role's policy.
    pipe.node.addDependency(pipeRole);
    const pipeName = pipe.ref;

    const alarm = fixed ? this.addFailureAlarm(pipeName) : undefined;

    this.addDashboard({ pipeName, queueName: queue.queueName, alarm });

    this.output(OutputKey.TableName, table.tableName, 'the Products table');
    this.output(
      OutputKey.TableStreamArn,
      tableStreamArn,
      'the Products table stream (pipe source)'
    );
    this.output(OutputKey.QueueName, queue.queueName, 'the product-events queue (pipe target)');
    this.output(OutputKey.QueueUrl, queue.queueUrl, 'the product-events queue URL');
    this.output(OutputKey.PipeName, pipeName, 'the pipe from the table stream to the queue');
    this.output(OutputKey.ProducerFunctionName, producer.functionName, 'writes products');
    this.output(OutputKey.ProducerLogGroupName, producer.logGroup.logGroupName, 'producer logs');
    this.output(OutputKey.ConsumerFunctionName, consumer.functionName, 'counts delivered products');
    this.output(OutputKey.ConsumerLogGroupName, consumer.logGroup.logGroupName, 'consumer logs');
    if (fixed && alarm) {
      this.output(OutputKey.PipeLogGroupName, fixed.logGroup.logGroupName, 'pipe ERROR logs');
      this.output(
        OutputKey.DeadLetterQueueName,
        fixed.deadLetterQueue.queueName,
        'records the pipe gave up on'
      );
      this.output(
        OutputKey.DeadLetterQueueUrl,
        fixed.deadLetterQueue.queueUrl,
        'records the pipe gave up on (URL)'
      );
      this.output(OutputKey.FailureAlarmName, alarm.alarmName, 'alarms on pipe ExecutionFailed');
    }

    this.acknowledgeNagFindings({
      table,
      queue,
      deadLetterQueue: fixed?.deadLetterQueue,
      producer,
      consumer,
    });
  }

  /** Fixed only: where failures go (a DLQ) and where they are told (the pipe's log group). */
  private addPipeSafetyNet(pipeRole: Role): { deadLetterQueue: Queue; logGroup: LogGroup } {
    const deadLetterQueue = new Queue(this, 'PipeDeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    deadLetterQueue.grant(pipeRole, 'sqs:SendMessage');
    // Pipes deliver logs as vended logs: a /aws/vendedlogs/ name keeps the log group's resource
    // policy small (the only fixed physical name in the stack besides the dashboard).
    const logGroup = new LogGroup(this, 'PipeLogGroup', {
      logGroupName: `/aws/vendedlogs/pipes/${this.stackName}`,
      retention: RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    logGroup.grantWrite(pipeRole);
    return { deadLetterQueue, logGroup };
  }

  /** Fixed only: any failed pipe execution in a minute raises the alarm. */
  private addFailureAlarm(pipeName: string): Alarm {
    return new Alarm(this, 'PipeExecutionFailedAlarm', {
      alarmDescription: 'The product pipe failed to deliver at least one product this minute',
      // No label: the alarm keeps the plain MetricName/Namespace/Dimensions form.
      metric: new Metric({
        namespace: 'AWS/EventBridge/Pipes',
        metricName: 'ExecutionFailed',
        dimensionsMap: { PipeName: pipeName },
        statistic: 'Sum',
        period: Duration.minutes(1),
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  private addDashboard(props: { pipeName: string; queueName: string; alarm?: Alarm }): void {
    const sqs = (metricName: string, statistic: string, label: string): Metric =>
      new Metric({
        namespace: 'AWS/SQS',
        metricName,
        dimensionsMap: { QueueName: props.queueName },
        statistic,
        period: Duration.minutes(1),
        label,
      });
    const widgets: IWidget[] = [
      new GraphWidget({
        title: 'Products written vs delivered (per minute)',
        width: 12,
        left: [
          this.labMetric(MetricName.SmallProductsWritten, 'small written'),
          this.labMetric(MetricName.SmallProductsDelivered, 'small delivered'),
          this.labMetric(MetricName.LargeProductsWritten, 'large written'),
          this.labMetric(MetricName.LargeProductsDelivered, 'large delivered'),
        ],
      }),
      new GraphWidget({
        title: 'Pipe executions (AWS/EventBridge/Pipes, Sum)',
        width: 12,
        left: [
          pipeMetric('Invocations', props.pipeName),
          pipeMetric('ExecutionFailed', props.pipeName),
          pipeMetric('ExecutionPartiallyFailed', props.pipeName),
          pipeMetric('TargetStageFailed', props.pipeName),
        ],
      }),
      new GraphWidget({
        title: 'product-events queue: messages sent (Sum)',
        width: 12,
        left: [sqs('NumberOfMessagesSent', 'Sum', 'messages sent')],
      }),
      new GraphWidget({
        title: 'Sizes: pipe event vs largest message sent (bytes, Maximum)',
        width: 12,
        left: [
          new Metric({
            namespace: 'AWS/EventBridge/Pipes',
            metricName: 'EventSize',
            dimensionsMap: { PipeName: props.pipeName },
            statistic: 'Maximum',
            period: Duration.minutes(1),
            label: 'pipe EventSize',
          }),
          sqs('SentMessageSize', 'Maximum', 'queue SentMessageSize'),
        ],
      }),
    ];
    if (props.alarm) {
      widgets.push(
        new AlarmStatusWidget({ title: 'Pipe failure alarm', width: 24, alarms: [props.alarm] })
      );
    }
    new Dashboard(this, 'Dashboard', { dashboardName: this.stackName, widgets: [widgets] });
    this.output(OutputKey.DashboardName, this.stackName, 'the scenario dashboard');
  }

  /** Explains, resource by resource, why the remaining cdk-nag findings are accepted. */
  private acknowledgeNagFindings(r: {
    table: Table;
    queue: Queue;
    deadLetterQueue?: Queue;
    producer: LabFunction;
    consumer: LabFunction;
  }): void {
    acknowledge(
      r.table,
      'AwsSolutions-DDB3',
      'Lab data, rewritten by the producer and destroyed with the stack: nothing to restore.'
    );
    acknowledge(
      r.queue,
      'AwsSolutions-SQS3',
      'Consumer failures are not this lesson: an unreadable message is logged and reported as a batch item failure.'
    );
    acknowledge(
      r.queue,
      'Serverless-SQSRedrivePolicy',
      'Consumer failures are not this lesson: an unreadable message is logged and reported as a batch item failure.'
    );
    if (r.deadLetterQueue) {
      acknowledge(
        r.deadLetterQueue,
        'AwsSolutions-SQS3',
        "This queue is the pipe's dead-letter queue: it needs none of its own."
      );
      acknowledge(
        r.deadLetterQueue,
        'Serverless-SQSRedrivePolicy',
        "This queue is the pipe's dead-letter queue: it needs none of its own."
      );
    }
    const mapping = r.consumer.fn.node.children.find((c) => c instanceof EventSourceMapping);
    if (mapping === undefined) throw new Error('the consumer has no event source mapping');
    acknowledge(
      mapping,
      'Serverless-LambdaEventSourceMappingDestination',
      'SQS event source mappings have no on-failure destination; an unreadable message stays a batch item failure.'
    );
    for (const fn of [r.producer, r.consumer]) {
      acknowledge(
        fn,
        'Serverless-LambdaDLQ',
        'Invoked synchronously (the producer by the CLI, the consumer by the SQS event source mapping), never asynchronously.'
      );
    }
  }
}

/** An AWS/EventBridge/Pipes metric of the pipe, summed per minute (aws-facts B.5). */
function pipeMetric(metricName: string, pipeName: string): Metric {
  return new Metric({
    namespace: 'AWS/EventBridge/Pipes',
    metricName,
    dimensionsMap: { PipeName: pipeName },
    statistic: 'Sum',
    period: Duration.minutes(1),
    label: metricName,
  });
}
