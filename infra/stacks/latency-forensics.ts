import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  PeriodOverride,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { LabFunction } from '../constructs/lab-function';
import { acknowledge } from '../constructs/nag';
import { Env, MetricName, OutputKey, PRODUCER_MAX_DURATION_SECONDS, ScenarioId } from '../names';
import { ScenarioStack, type ScenarioStackProps } from './scenario-stack';

/** Shards of the `trades` stream: 2 x 1,000 records/s, four times the 500 trades/s feed. */
export const TRADE_SHARD_COUNT = 2;

/** Records per processor invocation (the Kinesis default). */
export const PROCESSOR_BATCH_SIZE = 100;

/**
 * broken: the `trades` table's provisioned capacity. 2 WCU sustain 2 writes/s of items up to
 * 1 KB; the feed needs 500. Burst capacity (at most 300 s x 2 WCU = 600 writes) is gone in
 * about a second, then every PutItem is throttled.
 */
export const BROKEN_WRITE_CAPACITY = 2;
export const BROKEN_READ_CAPACITY = 1;

/** The producer's longest run (see PRODUCER_LIMITS in the handler); its timeout must exceed it. */
const PRODUCER_MAX_DURATION = Duration.seconds(PRODUCER_MAX_DURATION_SECONDS);

/**
 * latency-forensics: the capacity bottleneck.
 *
 * A 500 trades/s feed goes to a 2-shard Kinesis stream; a processor Lambda writes each trade
 * to the `trades` DynamoDB table with PutItem. Kinesis and Lambda have plenty of room, but the
 * broken table is provisioned at 2 WCU without auto scaling: writes throttle, the SDK backs
 * off, invocations fail, the event source mapping retries each batch (without limit, the
 * Kinesis default) and IteratorAge climbs for as long as the feed runs. The fixed table is
 * on-demand. Everything else, the processor code included, is the same in both variants.
 *
 * Verification:
 *   aws lambda invoke --function-name <ProducerFunctionName> --cli-binary-format raw-in-base64-out \
 *     --payload '{"ratePerSecond":500,"durationSeconds":120}' /dev/stdout
 *   aws dynamodb describe-table --table-name <TableName> \
 *     --query 'Table.[BillingModeSummary,ProvisionedThroughput]'
 *   aws cloudwatch get-metric-statistics --namespace AWS/Lambda --metric-name IteratorAge \
 *     --dimensions Name=FunctionName,Value=<ProcessorFunctionName> \
 *     --statistics Maximum --period 60 --start-time <t0> --end-time <t1>
 *   aws cloudwatch get-metric-statistics --namespace AWS/DynamoDB --metric-name WriteThrottleEvents \
 *     --dimensions Name=TableName,Value=<TableName> --statistics Sum --period 60 \
 *     --start-time <t0> --end-time <t1>
 */
export class LatencyForensicsStack extends ScenarioStack {
  constructor(scope: Construct, props: ScenarioStackProps) {
    super(scope, ScenarioId.LatencyForensics, props);
    const scenarioId = ScenarioId.LatencyForensics;
    const variant = props.variant;

    const stream = new Stream(this, 'TradesStream', {
      streamMode: StreamMode.PROVISIONED,
      shardCount: TRADE_SHARD_COUNT,
      retentionPeriod: Duration.hours(24),
      // Encrypted at rest with the AWS-managed aws/kinesis key: no key to create, pay for or
      // clean up, and consumers need no KMS permissions.
      encryption: StreamEncryption.MANAGED,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const table = new Table(this, 'TradesTable', {
      partitionKey: { name: 'tradeId', type: AttributeType.STRING },
      removalPolicy: RemovalPolicy.DESTROY,
      ...(this.isFixed
        ? {
            // fixed: on-demand, AWS's recommended default. A new on-demand table serves about
            // 4,000 writes/s at once, 8x the feed. The write-up's fix of 50 WCU still throttles
            // (50 writes/s against 500); provisioned mode would need at least 600 WCU
            // (500 x 1.2 headroom) as the floor of an auto scaling policy.
            billingMode: BillingMode.PAY_PER_REQUEST,
          }
        : {
            // broken: the smallest numbers that "work" in a quick test, and no auto scaling.
            billingMode: BillingMode.PROVISIONED,
            writeCapacity: BROKEN_WRITE_CAPACITY,
            readCapacity: BROKEN_READ_CAPACITY,
          }),
    });

    const producer = new LabFunction(this, 'Producer', {
      scenarioId,
      variant,
      entry: 'latency-forensics/producer.ts',
      description: 'Sends trades to the trades stream at a given rate, then stops',
      // The longest run plus room for the last second's calls and the metric flush.
      timeout: PRODUCER_MAX_DURATION.plus(Duration.seconds(60)),
      memorySize: 512,
      environment: { [Env.StreamName]: stream.streamName },
    });
    stream.grantWrite(producer.fn);

    const processor = new LabFunction(this, 'Processor', {
      scenarioId,
      variant,
      entry: 'latency-forensics/processor.ts',
      description: 'Writes each trade of a trades stream batch to the trades table',
      // Long enough for a batch whose PutItems all go through the SDK's throttling backoff.
      timeout: Duration.seconds(60),
      environment: { [Env.TableName]: table.tableName },
    });
    // PutItem is the only call the processor makes.
    table.grant(processor.fn, 'dynamodb:PutItem');
    // Retries are left at the Kinesis default (until the record expires): a failed batch is
    // retried, in order, and the shard waits for it. That wait is what IteratorAge measures.
    const tradesSource = new KinesisEventSource(stream, {
      batchSize: PROCESSOR_BATCH_SIZE,
      startingPosition: StartingPosition.LATEST,
    });
    processor.fn.addEventSource(tradesSource);

    const dashboard = this.buildDashboard(stream, table, producer, processor);

    this.output(OutputKey.StreamName, stream.streamName, 'the trades Kinesis stream');
    this.output(OutputKey.StreamArn, stream.streamArn, 'ARN of the trades Kinesis stream');
    this.output(OutputKey.TableName, table.tableName, 'the trades DynamoDB table');
    this.output(OutputKey.ProducerFunctionName, producer.functionName, 'invoke to send trades');
    this.output(OutputKey.ProducerLogGroupName, producer.logGroup.logGroupName, 'producer logs');
    this.output(
      OutputKey.ProcessorFunctionName,
      processor.functionName,
      'writes the trades stream to the table'
    );
    this.output(OutputKey.ProcessorLogGroupName, processor.logGroup.logGroupName, 'processor logs');
    this.output(
      OutputKey.EventSourceMappingId,
      tradesSource.eventSourceMappingId,
      'UUID of the trades stream -> processor event source mapping'
    );
    this.output(OutputKey.DashboardName, dashboard.dashboardName, 'the scenario dashboard');

    this.acknowledgeNagFindings(table, producer, processor);
  }

  /** The dashboard: the backlog on the Lambda side, its cause on the DynamoDB side. */
  private buildDashboard(
    stream: Stream,
    table: Table,
    producer: LabFunction,
    processor: LabFunction
  ): Dashboard {
    const period = Duration.minutes(1);
    const dynamodb = (
      metricName: string,
      statistic: string,
      label: string,
      extraDimensions: Record<string, string> = {},
      metricPeriod: Duration = period
    ) =>
      new Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: { TableName: table.tableName, ...extraDimensions },
        statistic,
        period: metricPeriod,
        label,
      });
    const kinesis = (metricName: string, statistic: string, label: string) =>
      new Metric({
        namespace: 'AWS/Kinesis',
        metricName,
        dimensionsMap: { StreamName: stream.streamName },
        statistic,
        period,
        label,
      });
    const custom = (metricName: MetricName) => this.labMetric(metricName, metricName);

    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: this.stackName,
      defaultInterval: Duration.minutes(30),
      periodOverride: PeriodOverride.INHERIT,
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown:
          '## latency-forensics: the capacity bottleneck\n' +
          'Trades go Kinesis (2 shards) -> Lambda (batches of 100) -> DynamoDB, one PutItem ' +
          'each. Trades arrive later and later: which stage is slowest?',
        width: 24,
        height: 2,
      })
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Processor IteratorAge (Maximum, ms)',
        left: [processor.fn.metric('IteratorAge', { statistic: 'Maximum', period })],
        width: 8,
      }),
      new GraphWidget({
        title: 'Stream GetRecords.IteratorAgeMilliseconds (Maximum, ms)',
        left: [kinesis('GetRecords.IteratorAgeMilliseconds', 'Maximum', 'IteratorAgeMilliseconds')],
        width: 8,
      }),
      new GraphWidget({
        title: 'Trades sent vs written (Sum per minute)',
        left: [custom(MetricName.TradesSent), custom(MetricName.TradesWritten)],
        width: 8,
      })
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Table throttling (Sum)',
        left: [
          dynamodb('WriteThrottleEvents', 'Sum', 'WriteThrottleEvents'),
          dynamodb('ThrottledRequests', 'Sum', 'ThrottledRequests PutItem', {
            Operation: 'PutItem',
          }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Write capacity: consumed vs provisioned (WCU/s)',
        left: [
          new MathExpression({
            expression: 'consumed / PERIOD(consumed)',
            usingMetrics: {
              consumed: dynamodb('ConsumedWriteCapacityUnits', 'Sum', 'consumed'),
            },
            label: 'ConsumedWriteCapacityUnits per second',
            period,
          }),
          // Published every 5 minutes, and not meaningful for an on-demand table.
          dynamodb(
            'ProvisionedWriteCapacityUnits',
            'Average',
            'ProvisionedWriteCapacityUnits',
            {},
            Duration.minutes(5)
          ),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Stream IncomingRecords (Sum per minute)',
        left: [kinesis('IncomingRecords', 'Sum', 'IncomingRecords')],
        width: 8,
      })
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Processor Duration (ms)',
        left: [
          processor.fn.metricDuration({ statistic: 'Average', period, label: 'Average' }),
          processor.fn.metricDuration({ statistic: 'Maximum', period, label: 'Maximum' }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Invocations and Errors (Sum)',
        left: [
          processor.fn.metricInvocations({ period, label: 'processor Invocations' }),
          processor.fn.metricErrors({ period, label: 'processor Errors' }),
          producer.fn.metricErrors({ period, label: 'producer Errors' }),
        ],
        width: 12,
      })
    );
    return dashboard;
  }

  /** cdk-nag findings this lab accepts on purpose, each with its reason. */
  private acknowledgeNagFindings(
    table: Table,
    producer: LabFunction,
    processor: LabFunction
  ): void {
    acknowledge(
      table,
      'AwsSolutions-DDB3',
      'The table holds throwaway lab trades that the producer regenerates; it is destroyed with the stack.'
    );
    for (const fn of [producer, processor]) {
      acknowledge(
        fn,
        'Serverless-LambdaDLQ',
        'Never invoked asynchronously: the CLI invokes the producer synchronously and the event source mapping invokes the processor synchronously, so a DLQ would never receive anything.'
      );
    }
    acknowledge(
      processor,
      'Serverless-LambdaEventSourceMappingDestination',
      'A throttled batch must be retried until it is written, not dropped to a destination: the retries holding the shard back are the symptom (IteratorAge) this scenario teaches. Failure destinations are the vanishing-records lesson.'
    );
  }
}
