import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  PeriodOverride,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { MetricType, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { LabFunction } from '../constructs/lab-function';
import { acknowledge } from '../constructs/nag';
import { Env, MetricName, OutputKey, PRODUCER_MAX_DURATION_SECONDS, ScenarioId } from '../names';
import { ScenarioStack, type ScenarioStackProps } from './scenario-stack';

/** Records per processor invocation: one poison record fails all of them. */
export const PROCESSOR_BATCH_SIZE = 5;

/** Retries of a failed batch before it goes to the on-failure destination (3 attempts in all). */
export const PROCESSOR_RETRY_ATTEMPTS = 2;

/** On-failure messages per redrive invocation. */
export const REDRIVE_BATCH_SIZE = 5;

/**
 * Concurrent redrive invocations. Each one reads its batches back with GetShardIterator and
 * GetRecords, which share the shard's 5 reads per second with the processor's mapping.
 */
export const REDRIVE_MAX_CONCURRENCY = 2;

/** One record in this many is poison, unless the producer event says otherwise. */
export const DEFAULT_POISON_EVERY = 20;

/** The producer's longest run (PRODUCER_LIMITS in the handler); its timeout must exceed it. */
const PRODUCER_MAX_DURATION = Duration.seconds(PRODUCER_MAX_DURATION_SECONDS);

const REDRIVE_TIMEOUT = Duration.seconds(60);

/**
 * vanishing-records: the batch trap.
 *
 * A producer writes records to the one-shard `events` stream; one in 20 is poison. The
 * processor throws on a poison record and has no partial batch response, so the whole batch
 * of 5 fails, is retried twice, and the event source mapping sends ONE message describing the
 * batch (no record data) to the `ofd` queue. The redrive consumes `ofd`. Broken, it treats
 * each message as one record and counts one retry per message: RecordsRetried equals
 * FailedBatchesReceived and ~4 records per failed batch vanish. Fixed, it reads the batch back
 * from the shard, retries each record, parks the poison ones in `parked`, and
 * produced == processed + recovered + parked.
 *
 * The infrastructure is identical in both variants (the redrive can read the stream and send
 * to `parked` in both), so the lesson is the redrive's code, which it picks by its VARIANT
 * variable.
 *
 * Verification:
 *   aws lambda invoke --function-name <ProducerFunctionName> --cli-binary-format raw-in-base64-out \
 *     --payload '{"ratePerSecond":20,"durationSeconds":120}' /dev/stdout
 *   aws sqs get-queue-attributes --queue-url <OnFailureQueueUrl> --attribute-names All
 *   aws cloudwatch get-metric-statistics --namespace TelemetryForensicsLab --metric-name RecordsRetried \
 *     --dimensions Name=service,Value=vanishing-records --statistics Sum --period 60 \
 *     --start-time <t0> --end-time <t1>
 */
export class VanishingRecordsStack extends ScenarioStack {
  constructor(scope: Construct, props: ScenarioStackProps) {
    super(scope, ScenarioId.VanishingRecords, props);
    const scenarioId = ScenarioId.VanishingRecords;
    const variant = props.variant;

    const stream = new Stream(this, 'EventsStream', {
      streamMode: StreamMode.PROVISIONED,
      shardCount: 1,
      retentionPeriod: Duration.hours(24),
      encryption: StreamEncryption.MANAGED,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // The redrive's function timeout must not exceed the visibility timeout of the queue it
    // consumes; AWS recommends 6x.
    const onFailureQueue = new Queue(this, 'OnFailureQueue', {
      visibilityTimeout: Duration.seconds(REDRIVE_TIMEOUT.toSeconds() * 6),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const parkedQueue = new Queue(this, 'ParkedQueue', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const producer = new LabFunction(this, 'Producer', {
      scenarioId,
      variant,
      entry: 'vanishing-records/producer.ts',
      description:
        'Writes records (one in N poison) to the events stream at a given rate, then stops',
      // The longest run plus room for the last second's call and the metric flush.
      timeout: PRODUCER_MAX_DURATION.plus(Duration.seconds(60)),
      environment: {
        [Env.StreamName]: stream.streamName,
        [Env.PoisonEvery]: String(DEFAULT_POISON_EVERY),
      },
    });
    stream.grantWrite(producer.fn);

    const processor = new LabFunction(this, 'Processor', {
      scenarioId,
      variant,
      entry: 'vanishing-records/processor.ts',
      description: 'Processes batches of the events stream; a poison record fails its batch',
    });
    const eventsSource = new KinesisEventSource(stream, {
      batchSize: PROCESSOR_BATCH_SIZE,
      startingPosition: StartingPosition.TRIM_HORIZON,
      retryAttempts: PROCESSOR_RETRY_ATTEMPTS,
      bisectBatchOnError: false,
      onFailure: new SqsDlq(onFailureQueue),
      // Opt-in ESM metrics: OnFailureDestinationDeliveredEventCount, DroppedEventCount, ...
      metricsConfig: { metrics: [MetricType.EVENT_COUNT] },
    });
    processor.fn.addEventSource(eventsSource);

    const redrive = new LabFunction(this, 'Redrive', {
      scenarioId,
      variant,
      entry: 'vanishing-records/redrive.ts',
      description: 'Retries the failed batches described on the on-failure queue',
      timeout: REDRIVE_TIMEOUT,
      environment: { [Env.ParkedQueueUrl]: parkedQueue.queueUrl },
    });
    redrive.fn.addEventSource(
      new SqsEventSource(onFailureQueue, {
        batchSize: REDRIVE_BATCH_SIZE,
        reportBatchItemFailures: true,
        maxConcurrency: REDRIVE_MAX_CONCURRENCY,
      })
    );
    // Granted in both variants, so the fix is the code alone (or the VARIANT variable).
    stream.grantRead(redrive.fn);
    parkedQueue.grantSendMessages(redrive.fn);

    const dashboard = this.buildDashboard({
      processor,
      redrive,
      onFailureQueue,
      parkedQueue,
      eventSourceMappingId: eventsSource.eventSourceMappingId,
    });

    this.output(OutputKey.StreamName, stream.streamName, 'the events Kinesis stream');
    this.output(OutputKey.StreamArn, stream.streamArn, 'ARN of the events Kinesis stream');
    this.output(
      OutputKey.OnFailureQueueName,
      onFailureQueue.queueName,
      'on-failure destination of the processor: one message per failed batch'
    );
    this.output(
      OutputKey.OnFailureQueueUrl,
      onFailureQueue.queueUrl,
      'URL of the on-failure queue'
    );
    this.output(
      OutputKey.ParkedQueueName,
      parkedQueue.queueName,
      'records that still fail when the redrive retries them alone'
    );
    this.output(OutputKey.ParkedQueueUrl, parkedQueue.queueUrl, 'URL of the parked queue');
    this.output(OutputKey.ProducerFunctionName, producer.functionName, 'invoke to send records');
    this.output(OutputKey.ProducerLogGroupName, producer.logGroup.logGroupName, 'producer logs');
    this.output(OutputKey.ProcessorFunctionName, processor.functionName, 'reads the events stream');
    this.output(OutputKey.ProcessorLogGroupName, processor.logGroup.logGroupName, 'processor logs');
    this.output(
      OutputKey.RedriveFunctionName,
      redrive.functionName,
      'consumes the on-failure queue'
    );
    this.output(OutputKey.RedriveLogGroupName, redrive.logGroup.logGroupName, 'redrive logs');
    this.output(
      OutputKey.EventSourceMappingId,
      eventsSource.eventSourceMappingId,
      'UUID of the events stream -> processor event source mapping'
    );
    this.output(OutputKey.DashboardName, dashboard.dashboardName, 'the scenario dashboard');

    this.acknowledgeNagFindings({ producer, processor, redrive, onFailureQueue, parkedQueue });
  }

  /** The dashboard: failed batches against failed records, and where every record went. */
  private buildDashboard(parts: {
    processor: LabFunction;
    redrive: LabFunction;
    onFailureQueue: Queue;
    parkedQueue: Queue;
    eventSourceMappingId: string;
  }): Dashboard {
    const { processor, redrive, onFailureQueue, parkedQueue, eventSourceMappingId } = parts;
    const period = Duration.minutes(1);
    const custom = (metricName: MetricName) => this.labMetric(metricName, metricName);
    // ESM metrics (opt-in EventCount group) carry the mapping's UUID as their dimension.
    const esm = (metricName: string) =>
      new Metric({
        namespace: 'AWS/Lambda',
        metricName,
        dimensionsMap: { EventSourceMappingUUID: eventSourceMappingId },
        statistic: 'Sum',
        period,
        label: metricName,
      });

    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: this.stackName,
      defaultInterval: Duration.minutes(30),
      periodOverride: PeriodOverride.INHERIT,
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown:
          '## vanishing-records: the batch trap\n' +
          'A poison record fails its whole batch of 5; after 2 retries the batch is described ' +
          'in ONE on-failure message, and the redrive retries what it finds there. Does every ' +
          'produced record end up processed, recovered or parked?',
        width: 24,
        height: 2,
      })
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Records: produced vs accounted for (Sum)',
        left: [
          custom(MetricName.RecordsProduced),
          new MathExpression({
            expression: 'FILL(processed, 0) + FILL(recovered, 0) + FILL(parked, 0)',
            usingMetrics: {
              processed: custom(MetricName.RecordsProcessed),
              recovered: custom(MetricName.RecordsRecovered),
              parked: custom(MetricName.RecordsParked),
            },
            label: 'processed + recovered + parked',
            period,
          }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Where records went (Sum)',
        left: [
          custom(MetricName.RecordsProcessed),
          custom(MetricName.RecordsRecovered),
          custom(MetricName.RecordsParked),
          custom(MetricName.PoisonRecordsProduced),
        ],
        width: 12,
      })
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Redrive: records retried vs failed batches received (Sum)',
        left: [custom(MetricName.RecordsRetried), custom(MetricName.FailedBatchesReceived)],
        width: 8,
      }),
      new GraphWidget({
        title: 'On-failure destination (ESM, Sum)',
        left: [
          esm('OnFailureDestinationDeliveredEventCount'),
          esm('DroppedEventCount'),
          esm('FailedInvokeEventCount'),
        ],
        right: [processor.fn.metric('DestinationDeliveryFailures', { statistic: 'Sum', period })],
        width: 8,
      }),
      new GraphWidget({
        title: 'SQS messages sent: ofd (failed batches) and parked (Sum)',
        left: [
          onFailureQueue.metricNumberOfMessagesSent({ period, label: 'ofd NumberOfMessagesSent' }),
          parkedQueue.metricNumberOfMessagesSent({ period, label: 'parked NumberOfMessagesSent' }),
        ],
        width: 8,
      })
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Processor Invocations and Errors (Sum)',
        left: [
          processor.fn.metricInvocations({ period, label: 'processor Invocations' }),
          processor.fn.metricErrors({ period, label: 'processor Errors' }),
          redrive.fn.metricInvocations({ period, label: 'redrive Invocations' }),
          redrive.fn.metricErrors({ period, label: 'redrive Errors' }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Processor IteratorAge (Maximum, ms)',
        left: [processor.fn.metric('IteratorAge', { statistic: 'Maximum', period })],
        width: 12,
      })
    );
    return dashboard;
  }

  /** cdk-nag findings this lab accepts on purpose, each with its reason. */
  private acknowledgeNagFindings(parts: {
    producer: LabFunction;
    processor: LabFunction;
    redrive: LabFunction;
    onFailureQueue: Queue;
    parkedQueue: Queue;
  }): void {
    for (const fn of [parts.producer, parts.processor, parts.redrive]) {
      acknowledge(
        fn,
        'Serverless-LambdaDLQ',
        'No function is invoked asynchronously: the producer is invoked synchronously from ' +
          'the CLI, the processor and the redrive by event source mappings (the processor ' +
          'has its on-failure destination, the redrive leaves failures on its queue).'
      );
    }
    acknowledge(
      parts.redrive,
      'Serverless-LambdaEventSourceMappingDestination',
      'An SQS event source mapping has no on-failure destination: a message the redrive ' +
        'fails stays on the on-failure queue and is retried after its visibility timeout.'
    );
    const onFailureReason =
      'The on-failure queue is itself the dead end of the events stream; a message the ' +
      'redrive cannot handle stays there, visible in ApproximateAgeOfOldestMessage.';
    acknowledge(parts.onFailureQueue, 'AwsSolutions-SQS3', onFailureReason);
    acknowledge(parts.onFailureQueue, 'Serverless-SQSRedrivePolicy', onFailureReason);
    const parkedReason =
      'The parked queue is the terminal queue for poison records: nothing consumes it.';
    acknowledge(parts.parkedQueue, 'AwsSolutions-SQS3', parkedReason);
    acknowledge(parts.parkedQueue, 'Serverless-SQSRedrivePolicy', parkedReason);
  }
}
