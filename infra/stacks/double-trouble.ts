import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Dashboard, GraphWidget, LogQueryWidget, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { LabFunction } from '../constructs/lab-function';
import { acknowledge } from '../constructs/nag';
import { Env, MetricName, OutputKey, ScenarioId } from '../names';
import { ScenarioStack, type ScenarioStackProps } from './scenario-stack';

/**
 * How long the processor's accidental sleep lasts, in both variants: longer than the broken
 * timeout (30 s), shorter than the fixed one (60 s).
 */
export const PROCESSING_MS = 40_000;

/**
 * Receives before SQS moves an order to the dead-letter queue. AWS recommends at least 5; five
 * ~30 s attempts are enough to watch the attempt counter climb before the order is parked.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
export const MAX_RECEIVE_COUNT = 5;

/** The processor timeout and queue visibility timeout of each variant, in seconds. */
export const TIMEOUTS = {
  // The write-up's configuration: a 30 s timeout for 40 s of work, and the SQS default
  // visibility timeout. Lambda accepts it (timeout <= visibility), and every attempt times out.
  broken: { processorTimeoutSeconds: 30, visibilityTimeoutSeconds: 30 },
  // 40 s of work + 20 s buffer; visibility at 6x the function timeout, as AWS recommends.
  fixed: { processorTimeoutSeconds: 60, visibilityTimeoutSeconds: 360 },
} as const;

/** Props of the double-trouble stack. */
export interface DoubleTroubleStackProps extends ScenarioStackProps {
  /**
   * The processor's timeout, in seconds (1-900).
   * @default 30 when broken, 60 when fixed
   */
  processorTimeoutSeconds?: number;
  /**
   * The `orders` queue's visibility timeout, in seconds (0-43200). Must be at least the
   * processor timeout.
   * @default 30 when broken, 360 when fixed
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
   */
  visibilityTimeoutSeconds?: number;
}

/**
 * Scenario 3, the timeout trap: orders go SQS -> Lambda -> DynamoDB, and customers are charged
 * twice. Broken: the processor needs 40 s but may run 30 s, so every attempt is killed after
 * charging, the message comes back after the 30 s visibility timeout, and the customer is
 * charged again until the redrive policy parks the order. Fixed: a 60 s timeout, a 360 s
 * visibility timeout and an idempotent charge.
 *
 * Verification:
 *   aws lambda invoke --function-name <SenderFunctionName> --payload '{"count":5}' \
 *     --cli-binary-format raw-in-base64-out /dev/stdout
 *   aws logs tail <ProcessorLogGroupName> --since 10m --filter-pattern '"Task timed out"'
 *   aws lambda get-function-configuration --function-name <ProcessorFunctionName> --query Timeout
 *   aws sqs get-queue-attributes --queue-url <QueueUrl> --attribute-names VisibilityTimeout RedrivePolicy
 *   aws dynamodb scan --table-name <TableName>
 */
export class DoubleTroubleStack extends ScenarioStack {
  constructor(scope: Construct, props: DoubleTroubleStackProps) {
    super(scope, ScenarioId.DoubleTrouble, props);
    const defaults = this.isFixed ? TIMEOUTS.fixed : TIMEOUTS.broken;
    const processorTimeoutSeconds =
      props.processorTimeoutSeconds ?? defaults.processorTimeoutSeconds;
    const visibilityTimeoutSeconds =
      props.visibilityTimeoutSeconds ?? defaults.visibilityTimeoutSeconds;
    validateTimeouts(processorTimeoutSeconds, visibilityTimeoutSeconds);

    // ---- data stores -------------------------------------------------------------------
    const deadLetterQueue = new Queue(this, 'OrdersDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const queue = new Queue(this, 'OrdersQueue', {
      visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const table = new Table(this, 'OrdersTable', {
      partitionKey: { name: 'orderId', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // ---- functions ---------------------------------------------------------------------
    const processor = new LabFunction(this, 'Processor', {
      scenarioId: this.scenarioId,
      variant: this.variant,
      entry: 'double-trouble/processor.ts',
      description:
        'Processes orders from the orders queue: records the attempt, charges, completes',
      timeout: Duration.seconds(processorTimeoutSeconds),
      environment: {
        [Env.TableName]: table.tableName,
        [Env.ProcessingMs]: String(PROCESSING_MS),
      },
    });
    // UpdateItem is the only call the processor makes.
    table.grant(processor.fn, 'dynamodb:UpdateItem');
    const eventSource = new SqsEventSource(queue, {
      // One order per invocation, so one slow order never holds others hostage.
      batchSize: 1,
      reportBatchItemFailures: true,
    });
    processor.fn.addEventSource(eventSource);

    const sender = new LabFunction(this, 'Sender', {
      scenarioId: this.scenarioId,
      variant: this.variant,
      entry: 'double-trouble/sender.ts',
      description: 'Sends a handful of orders to the orders queue: {"count":5}',
      environment: { [Env.QueueUrl]: queue.queueUrl },
    });
    queue.grantSendMessages(sender.fn);

    // ---- dashboard ---------------------------------------------------------------------
    const minute = { period: Duration.minutes(1) };
    new Dashboard(this, 'Dashboard', {
      dashboardName: this.stackName,
      widgets: [
        [
          new GraphWidget({
            title: 'Processor invocations and errors (Sum)',
            left: [processor.fn.metricInvocations(minute), processor.fn.metricErrors(minute)],
            width: 8,
          }),
          new GraphWidget({
            title: 'Processor duration (Maximum, ms)',
            left: [processor.fn.metricDuration({ ...minute, statistic: Stats.MAXIMUM })],
            width: 8,
          }),
          new GraphWidget({
            title: 'Orders queue: sent, received, deleted (Sum)',
            left: [
              queue.metricNumberOfMessagesSent(minute),
              queue.metricNumberOfMessagesReceived(minute),
              queue.metricNumberOfMessagesDeleted(minute),
            ],
            width: 8,
          }),
        ],
        [
          new GraphWidget({
            title: 'Messages in flight and dead-lettered (Maximum)',
            left: [
              queue.metricApproximateNumberOfMessagesNotVisible({
                ...minute,
                statistic: Stats.MAXIMUM,
              }),
              deadLetterQueue.metricApproximateNumberOfMessagesVisible({
                ...minute,
                statistic: Stats.MAXIMUM,
                label: 'Dead-letter queue: ApproximateNumberOfMessagesVisible',
              }),
            ],
            width: 8,
          }),
          new GraphWidget({
            title: 'Orders (Sum)',
            left: [
              this.labMetric(MetricName.OrdersSent),
              this.labMetric(MetricName.OrderAttempts),
              this.labMetric(MetricName.OrdersCharged),
              this.labMetric(MetricName.DuplicateCharges),
              this.labMetric(MetricName.OrdersCompleted),
            ],
            width: 8,
          }),
          new LogQueryWidget({
            title: 'Processor timeouts',
            logGroupNames: [processor.logGroup.logGroupName],
            queryLines: [
              'fields @timestamp, @requestId, @message',
              'filter @message like /Task timed out/',
              'sort @timestamp desc',
              'limit 50',
            ],
            width: 8,
          }),
        ],
      ],
    });

    // ---- outputs -----------------------------------------------------------------------
    this.output(OutputKey.QueueName, queue.queueName, 'the orders queue');
    this.output(OutputKey.QueueUrl, queue.queueUrl, 'the orders queue URL');
    this.output(OutputKey.DeadLetterQueueName, deadLetterQueue.queueName, 'the orders DLQ');
    this.output(OutputKey.DeadLetterQueueUrl, deadLetterQueue.queueUrl, 'the orders DLQ URL');
    this.output(OutputKey.TableName, table.tableName, 'the orders table');
    this.output(OutputKey.ProcessorFunctionName, processor.functionName, 'the order processor');
    this.output(
      OutputKey.ProcessorLogGroupName,
      processor.logGroup.logGroupName,
      "the order processor's log group"
    );
    this.output(OutputKey.SenderFunctionName, sender.functionName, 'invoke to send orders');
    this.output(
      OutputKey.SenderLogGroupName,
      sender.logGroup.logGroupName,
      "the order sender's log group"
    );
    this.output(
      OutputKey.EventSourceMappingId,
      eventSource.eventSourceMappingId,
      'the orders queue -> processor event source mapping (UUID)'
    );
    this.output(OutputKey.DashboardName, this.stackName, 'the CloudWatch dashboard');

    this.acknowledgeNagFindings({
      deadLetterQueue,
      table,
      processor,
      functions: [processor, sender],
    });
  }

  /** Explains, resource by resource, why the remaining cdk-nag findings are accepted. */
  private acknowledgeNagFindings(r: {
    deadLetterQueue: Queue;
    table: Table;
    processor: LabFunction;
    functions: LabFunction[];
  }): void {
    acknowledge(
      r.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter queue of the orders queue.'
    );
    acknowledge(
      r.deadLetterQueue,
      'Serverless-SQSRedrivePolicy',
      'This queue is the dead-letter queue of the orders queue; it needs none of its own.'
    );
    acknowledge(
      r.table,
      'AwsSolutions-DDB3',
      'Lab-scale table of throwaway test orders, deleted with the stack: nothing to restore.'
    );
    const mapping = r.processor.fn.node.children.find((c) => c instanceof EventSourceMapping);
    if (mapping === undefined) throw new Error('the processor has no event source mapping');
    acknowledge(
      mapping,
      'Serverless-LambdaEventSourceMappingDestination',
      'SQS event source mappings do not support on-failure destinations; failed orders go to the dead-letter queue through the redrive policy.'
    );
    for (const fn of r.functions) {
      acknowledge(
        fn,
        'Serverless-LambdaDLQ',
        'Invoked synchronously (by the SQS event source mapping or the CLI), never asynchronously, so a function DLQ would stay empty; failed orders go to the orders redrive DLQ.'
      );
    }
  }
}

/**
 * Fails synth on timeouts Lambda or SQS would refuse at deploy time, saying what is allowed.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
function validateTimeouts(processorTimeoutSeconds: number, visibilityTimeoutSeconds: number): void {
  if (
    !Number.isInteger(processorTimeoutSeconds) ||
    processorTimeoutSeconds < 1 ||
    processorTimeoutSeconds > 900
  ) {
    throw new Error(
      `processorTimeoutSeconds must be an integer between 1 and 900 (got ${processorTimeoutSeconds})`
    );
  }
  if (
    !Number.isInteger(visibilityTimeoutSeconds) ||
    visibilityTimeoutSeconds < 0 ||
    visibilityTimeoutSeconds > 43_200
  ) {
    throw new Error(
      `visibilityTimeoutSeconds must be an integer between 0 and 43200 (got ${visibilityTimeoutSeconds})`
    );
  }
  if (processorTimeoutSeconds > visibilityTimeoutSeconds) {
    throw new Error(
      `the processor timeout (${processorTimeoutSeconds} s) must not exceed the orders queue's visibility timeout (${visibilityTimeoutSeconds} s): Lambda rejects such an SQS event source mapping. Raise visibilityTimeoutSeconds to at least ${processorTimeoutSeconds}; AWS recommends 6x the timeout (${6 * processorTimeoutSeconds}).`
    );
  }
}
