import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  PeriodOverride,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { ShardLevelMetrics, Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { LabFunction } from '../constructs/lab-function';
import { acknowledge } from '../constructs/nag';
import { Env, MetricName, OutputKey, PRODUCER_MAX_DURATION_SECONDS, ScenarioId } from '../names';
import { ScenarioStack, type ScenarioStackProps } from './scenario-stack';

/** Shards of the `orders` stream: 4 x 1,000 records/s of write capacity. */
export const ORDER_SHARD_COUNT = 4;

/** Records per consumer invocation. */
export const CONSUMER_BATCH_SIZE = 100;

/** The producer's longest run (see PRODUCER_LIMITS in the handler); its timeout must exceed it. */
const PRODUCER_MAX_DURATION = Duration.seconds(PRODUCER_MAX_DURATION_SECONDS);

/** The ids of the shards of a freshly created stream: shardId-000000000000 and on. */
const SHARD_IDS = Array.from(
  { length: ORDER_SHARD_COUNT },
  (_, i) => `shardId-${String(i).padStart(12, '0')}`
);

/**
 * shard-perpetrator: the hot partition.
 *
 * Order events go to a 4-shard stream, yet ~40% of the writes are throttled. The broken
 * producer gives every record the partition key 'HOT_PARTITION', so MD5 puts every record
 * on shardId-000000000002, which accepts 1,000 records/s; the fixed producer keys by order id
 * and all four shards share the load. The infrastructure is identical in both variants: the
 * lesson is one line of producer code, which the producer picks by its VARIANT variable.
 * Shard-level metrics are on in both variants, because they are how the detective sees it.
 *
 * Verification:
 *   aws lambda invoke --function-name <ProducerFunctionName> --cli-binary-format raw-in-base64-out \
 *     --payload '{"ratePerSecond":1600,"durationSeconds":120}' /dev/stdout
 *   aws kinesis describe-stream-summary --stream-name <StreamName>   # EnhancedMonitoring
 *   aws cloudwatch get-metric-statistics --namespace AWS/Kinesis --metric-name IncomingRecords \
 *     --dimensions Name=StreamName,Value=<StreamName> Name=ShardId,Value=shardId-000000000002 \
 *     --statistics Sum --period 60 --start-time <t0> --end-time <t1>
 */
export class ShardPerpetratorStack extends ScenarioStack {
  constructor(scope: Construct, props: ScenarioStackProps) {
    super(scope, ScenarioId.ShardPerpetrator, props);
    const scenarioId = ScenarioId.ShardPerpetrator;
    const variant = props.variant;

    const stream = new Stream(this, 'OrdersStream', {
      streamMode: StreamMode.PROVISIONED,
      shardCount: ORDER_SHARD_COUNT,
      retentionPeriod: Duration.hours(24),
      // The AWS-managed aws/kinesis key: encrypted at rest, free, and nothing left to delete.
      encryption: StreamEncryption.MANAGED,
      // Enhanced (shard-level) monitoring: without it, CloudWatch only has the stream-level
      // totals and the one hot shard hides behind the average.
      shardLevelMetrics: [
        ShardLevelMetrics.INCOMING_RECORDS,
        ShardLevelMetrics.WRITE_PROVISIONED_THROUGHPUT_EXCEEDED,
      ],
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const producer = new LabFunction(this, 'Producer', {
      scenarioId,
      variant,
      entry: 'shard-perpetrator/producer.ts',
      description: 'Writes order events to the orders stream at a given rate, then stops',
      // The longest run plus room for the last second's calls and the metric flush.
      timeout: PRODUCER_MAX_DURATION.plus(Duration.seconds(60)),
      memorySize: 512,
      environment: { [Env.StreamName]: stream.streamName },
    });
    stream.grantWrite(producer.fn);

    const consumer = new LabFunction(this, 'Consumer', {
      scenarioId,
      variant,
      entry: 'shard-perpetrator/consumer.ts',
      description: 'Counts the order events of each batch read from the orders stream',
    });
    const ordersSource = new KinesisEventSource(stream, {
      batchSize: CONSUMER_BATCH_SIZE,
      startingPosition: StartingPosition.LATEST,
    });
    consumer.fn.addEventSource(ordersSource);

    const dashboard = this.buildDashboard(stream, producer, consumer);

    this.output(OutputKey.StreamName, stream.streamName, 'the orders Kinesis stream');
    this.output(OutputKey.StreamArn, stream.streamArn, 'ARN of the orders Kinesis stream');
    this.output(OutputKey.ProducerFunctionName, producer.functionName, 'invoke to send orders');
    this.output(OutputKey.ProducerLogGroupName, producer.logGroup.logGroupName, 'producer logs');
    this.output(OutputKey.ConsumerFunctionName, consumer.functionName, 'reads the orders stream');
    this.output(OutputKey.ConsumerLogGroupName, consumer.logGroup.logGroupName, 'consumer logs');
    this.output(
      OutputKey.EventSourceMappingId,
      ordersSource.eventSourceMappingId,
      'UUID of the orders stream -> consumer event source mapping'
    );
    this.output(OutputKey.DashboardName, dashboard.dashboardName, 'the scenario dashboard');

    this.acknowledgeNagFindings(producer, consumer);
  }

  /** The dashboard: where the writes land per shard, what was throttled, how the consumer keeps up. */
  private buildDashboard(stream: Stream, producer: LabFunction, consumer: LabFunction): Dashboard {
    const period = Duration.minutes(1);
    const kinesis = (metricName: string, dimensionsMap: Record<string, string>, label: string) =>
      new Metric({
        namespace: 'AWS/Kinesis',
        metricName,
        dimensionsMap,
        statistic: 'Sum',
        period,
        label,
      });
    const perShard = (metricName: string): IMetric[] =>
      SHARD_IDS.map((shardId) =>
        kinesis(metricName, { StreamName: stream.streamName, ShardId: shardId }, shardId)
      );
    const custom = (metricName: MetricName) => this.labMetric(metricName, metricName);
    const streamDims = { StreamName: stream.streamName };

    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: this.stackName,
      defaultInterval: Duration.minutes(30),
      periodOverride: PeriodOverride.INHERIT,
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown:
          '## shard-perpetrator: the hot partition\n' +
          'Order events go to a 4-shard stream (4 x 1,000 records/s). Which shards receive them, ' +
          'and which writes are throttled? Shard-level metrics are enabled for IncomingRecords ' +
          'and WriteProvisionedThroughputExceeded.',
        width: 24,
        height: 2,
      })
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'IncomingRecords per shard (Sum per minute)',
        left: perShard('IncomingRecords'),
        width: 12,
      }),
      new GraphWidget({
        title: 'WriteProvisionedThroughputExceeded (stream and per shard, Sum)',
        left: [
          kinesis('WriteProvisionedThroughputExceeded', streamDims, 'stream'),
          ...perShard('WriteProvisionedThroughputExceeded'),
        ],
        width: 12,
      })
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'PutRecords records (stream, Sum)',
        left: [
          kinesis('PutRecords.TotalRecords', streamDims, 'TotalRecords'),
          kinesis('PutRecords.SuccessfulRecords', streamDims, 'SuccessfulRecords'),
          kinesis('PutRecords.ThrottledRecords', streamDims, 'ThrottledRecords'),
          kinesis('PutRecords.FailedRecords', streamDims, 'FailedRecords'),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Orders: attempted, accepted, throttled, consumed (Sum)',
        left: [
          custom(MetricName.OrdersAttempted),
          custom(MetricName.OrdersAccepted),
          custom(MetricName.OrdersThrottled),
          custom(MetricName.OrdersConsumed),
        ],
        width: 12,
      })
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Consumer IteratorAge (Maximum, ms)',
        left: [consumer.fn.metric('IteratorAge', { statistic: 'Maximum', period })],
        width: 8,
      }),
      new GraphWidget({
        title: 'Consumer ConcurrentExecutions (Maximum)',
        left: [consumer.fn.metric('ConcurrentExecutions', { statistic: 'Maximum', period })],
        width: 8,
      }),
      new GraphWidget({
        title: 'Invocations and Errors (Sum)',
        left: [
          producer.fn.metricInvocations({ period, label: 'producer Invocations' }),
          producer.fn.metricErrors({ period, label: 'producer Errors' }),
          consumer.fn.metricInvocations({ period, label: 'consumer Invocations' }),
          consumer.fn.metricErrors({ period, label: 'consumer Errors' }),
        ],
        width: 8,
      })
    );
    return dashboard;
  }

  /** cdk-nag findings this lab accepts on purpose, each with its reason. */
  private acknowledgeNagFindings(producer: LabFunction, consumer: LabFunction): void {
    for (const fn of [producer, consumer]) {
      acknowledge(
        fn,
        'Serverless-LambdaDLQ',
        'Never invoked asynchronously: the CLI invokes the producer synchronously and the event source mapping invokes the consumer synchronously, so a DLQ would never receive anything.'
      );
    }
    acknowledge(
      consumer,
      'Serverless-LambdaEventSourceMappingDestination',
      'The consumer never fails a batch (a bad record is logged and skipped), so an on-failure destination would stay empty; failure destinations are the vanishing-records lesson, kept out of this one.'
    );
  }
}
