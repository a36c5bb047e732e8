/**
 * Every limit the emulator enforces, with the AWS source it comes from. Actions and validation
 * tables read their numbers from here, and so do tests, so a limit is written once.
 * `source` is a URL (or the AWS SDK model file) that states the number.
 */
export interface Quota {
  readonly value: number;
  readonly source: string;
}

export const quotas = {
  // --- Kinesis (section owned by the Kinesis service) ---
  // Per-shard throughput is modelled as token buckets on the emulator clock holding one second
  // of capacity (no burst beyond that): 1,500 records sent in the same instant to one shard
  // give exactly 1,000 accepted and 500 throttled; a second later the shard accepts again.
  // A record counts its data bytes PLUS its partition key's UTF-8 bytes toward the byte
  // limits: AWS counts the key toward record and request size; whether it also counts toward
  // the 1 MiB/s throughput is UNCONFIRMED (aws-facts J.6); counting it is the conservative choice.
  kinesisShardWriteRecordsPerSecond: {
    value: 1_000,
    source:
      'https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html (1,000 records/s per shard)',
  },
  kinesisShardWriteBytesPerSecond: {
    value: 1_048_576,
    source:
      'https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html (1 MB/s per shard, taken as 1 MiB)',
  },
  kinesisShardReadTransactionsPerSecond: {
    value: 5,
    source:
      'https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html (5 GetRecords transactions/s per shard)',
  },
  kinesisShardReadBytesPerSecond: {
    value: 2_097_152,
    source:
      'https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html (2 MB/s per shard, shared by all GetRecords consumers; a 10 MiB read blocks the shard for ~5 s)',
  },
  kinesisGetRecordsMaxRecords: {
    value: 10_000,
    source:
      'https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html (Limit 1-10,000; default 10,000)',
  },
  kinesisGetRecordsMaxBytes: {
    value: 10_485_760,
    source:
      'https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html (at most 10 MiB per call)',
  },
  kinesisPutRecordsMaxRecords: {
    value: 500,
    source:
      '@aws-sdk/client-kinesis@3.1143.0 PutRecordsCommand ; botocore kinesis PutRecordsRequestEntryList max 500',
  },
  kinesisPutRecordsMaxBytes: {
    value: 10_485_760,
    source:
      '@aws-sdk/client-kinesis@3.1143.0 PutRecordsCommand ("up to a limit of 10 MiB for the entire request, including partition keys")',
  },
  kinesisRecordDataBytes: {
    value: 1_048_576,
    source:
      'https://docs.aws.amazon.com/streams/latest/dev/large-records.html (1 MiB by default; MaxRecordSizeInKiB up to 10 MiB is not emulated)',
  },
  kinesisPartitionKeyMaxLength: {
    value: 256,
    source:
      'https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html (PartitionKey 1-256 characters)',
  },
  kinesisShardIteratorLifetimeMs: {
    value: 300_000,
    source:
      'https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html (a shard iterator expires 5 minutes after it is returned)',
  },
  kinesisDefaultRetentionHours: {
    value: 24,
    source:
      'https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html (default 24 h)',
  },
  kinesisOnDemandInitialShards: {
    value: 4,
    source:
      'https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html (a new on-demand stream starts at 4 MB/s write = 4 shards; the emulator does not scale them)',
  },
  kinesisDescribeStreamDefaultShards: {
    value: 100,
    source:
      'https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html (Limit default 100)',
  },
  kinesisListStreamsDefaultLimit: {
    value: 100,
    source:
      'https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html (default 100; more than 100 returns at most 100)',
  },
  kinesisListShardsDefaultMaxResults: {
    value: 1_000,
    source:
      'https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html (MaxResults default 1,000, max 10,000)',
  },
  kinesisNextTokenLifetimeMs: {
    value: 300_000,
    source:
      'https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html (a NextToken is valid for 300 seconds)',
  },

  // --- SQS (section owned by the SQS service) ---
  // Per-queue values (MaximumMessageSize, VisibilityTimeout ...) are defaults: each queue's own
  // attributes override them. Sizes count the body plus every message attribute's name, data
  // type and value (aws-facts A.1: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html).
  sqsMaximumMessageSizeDefault: {
    value: 1_048_576,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html ; @aws-sdk/client-sqs@3.1175.0 CreateQueueRequest (default 1,048,576)',
  },
  sqsMaximumMessageSizeMin: {
    value: 1_024,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html',
  },
  sqsMaximumMessageSizeMax: {
    value: 1_048_576,
    source:
      'https://aws.amazon.com/about-aws/whats-new/2025/08/amazon-sqs-max-payload-size-1mib/ ; https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html',
  },
  sqsBatchMaxEntries: {
    value: 10,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html (also DeleteMessageBatch, ChangeMessageVisibilityBatch)',
  },
  sqsBatchMaxTotalBytes: {
    value: 1_048_576,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html (sum of all messages <= 1 MiB, else BatchRequestTooLong)',
  },
  sqsBatchEntryIdMaxLength: {
    value: 80,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatchRequestEntry.html',
  },
  sqsMessageAttributesMax: {
    value: 10,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html (up to 10 message attributes)',
  },
  sqsMessageAttributeNameMaxLength: {
    value: 256,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html',
  },
  sqsVisibilityTimeoutDefault: {
    value: 30,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html',
  },
  sqsVisibilityTimeoutMax: {
    value: 43_200,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html (0-43,200 s; also ReceiveMessage and ChangeMessageVisibility)',
  },
  sqsMessageRetentionDefault: {
    value: 345_600,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html',
  },
  sqsMessageRetentionMin: {
    value: 60,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html',
  },
  sqsMessageRetentionMax: {
    value: 1_209_600,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html',
  },
  sqsDelaySecondsMax: {
    value: 900,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html (0-900 s, default 0)',
  },
  sqsReceiveWaitTimeMax: {
    value: 20,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html (WaitTimeSeconds 0-20)',
  },
  sqsReceiveMaxMessages: {
    value: 10,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html (MaxNumberOfMessages 1-10, default 1)',
  },
  sqsMaxReceiveCountMax: {
    value: 1_000,
    source:
      'RedrivePolicy maxReceiveCount 1-1000, from the InvalidParameterValue text AWS returns ("valid values are from 1 to 1000 both inclusive"); https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html',
  },
  sqsKmsDataKeyReusePeriodMin: {
    value: 60,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html (60-86,400 s)',
  },
  sqsKmsDataKeyReusePeriodMax: {
    value: 86_400,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html (60-86,400 s)',
  },
  sqsQueueNameMaxLength: {
    value: 80,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html',
  },
  sqsListQueuesMaxResults: {
    value: 1_000,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListQueues.html (MaxResults 1-1000; 1000 without it)',
  },
  sqsPurgeIntervalMs: {
    value: 60_000,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html (one PurgeQueue per 60 s, else PurgeQueueInProgress)',
  },
  sqsQueueDeletedRecentlyMs: {
    value: 60_000,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteQueue.html (wait 60 s before re-creating a queue with the same name)',
  },
  sqsMetricsActiveWindowMs: {
    value: 6 * 3600 * 1000,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-monitoring-using-cloudwatch.html (metrics sent while a queue is active: up to 6 h after its last activity)',
  },
  sqsMetricsPeriodMs: {
    value: 60_000,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-monitoring-using-cloudwatch.html (metrics sent every minute)',
  },
  sqsOldestMessageReceiveCountExclusion: {
    value: 3,
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html (ApproximateAgeOfOldestMessage skips messages received 3+ times)',
  },

  // --- CloudWatch and CloudWatch Logs (section owned by the CloudWatch service) ---
  cloudWatchPutMetricDataMetrics: {
    value: 1000,
    source:
      '@aws-sdk/client-cloudwatch@3.1164.0 PutMetricDataInput.MetricData ("no more than 1000 metrics per call"); https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html',
  },
  cloudWatchValuesPerDatum: {
    value: 150,
    source:
      '@aws-sdk/client-cloudwatch@3.1164.0 MetricDatum.Values ("up to 150 unique values"); https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html',
  },
  cloudWatchDimensionsPerMetric: {
    value: 30,
    source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html',
  },
  cloudWatchMetricMaxAgeMs: {
    value: 14 * 24 * 3600 * 1000,
    source:
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html (timestamps up to two weeks in the past)',
  },
  cloudWatchMetricMaxFutureMs: {
    value: 2 * 3600 * 1000,
    source:
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html (up to two hours in the future)',
  },
  cloudWatchValueMagnitude: {
    value: 2 ** 360,
    source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html',
  },
  cloudWatchGetMetricStatisticsDatapoints: {
    value: 1440,
    source:
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html',
  },
  cloudWatchGetMetricDataQueries: {
    value: 500,
    source:
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html',
  },
  cloudWatchGetMetricDataMaxDatapoints: {
    value: 100_800,
    source:
      '@aws-sdk/client-cloudwatch@3.1164.0 GetMetricDataInput.MaxDatapoints (default 100,800)',
  },
  cloudWatchListMetricsPageSize: {
    value: 500,
    source: '@aws-sdk/client-cloudwatch@3.1164.0 ListMetricsCommand ("Up to 500 results")',
  },
  cloudWatchDescribeAlarmsMaxRecords: {
    value: 100,
    source:
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html (MaxRecords 1-100, default 50)',
  },
  cloudWatchStandardRetentionMs: {
    value: 15 * 24 * 3600 * 1000,
    source:
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html (60-second data points kept 15 days; the emulator keeps nothing older)',
  },
  cloudWatchHighResolutionRetentionMs: {
    value: 3 * 3600 * 1000,
    source:
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html (sub-minute data points kept 3 hours)',
  },
  emfMetricsPerDirective: {
    value: 100,
    source:
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html',
  },
  emfValuesPerMetric: {
    value: 100,
    source:
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html',
  },
  emfDimensionsPerSet: {
    value: 30,
    source:
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html',
  },
  logsPutLogEventsBatchBytes: {
    value: 1_048_576,
    source:
      '@aws-sdk/client-cloudwatch-logs@3.1169.0 PutLogEventsCommand ("sum of all event messages in UTF-8, plus 26 bytes for each log event")',
  },
  logsEventOverheadBytes: {
    value: 26,
    source: '@aws-sdk/client-cloudwatch-logs@3.1169.0 PutLogEventsCommand',
  },
  logsPutLogEventsEvents: {
    value: 10_000,
    source: '@aws-sdk/client-cloudwatch-logs@3.1169.0 PutLogEventsCommand',
  },
  logsPutLogEventsSpanMs: {
    value: 24 * 3600 * 1000,
    source: '@aws-sdk/client-cloudwatch-logs@3.1169.0 PutLogEventsCommand (24 hours)',
  },
  logsEventMaxAgeMs: {
    value: 14 * 24 * 3600 * 1000,
    source: '@aws-sdk/client-cloudwatch-logs@3.1169.0 PutLogEventsCommand (14 days)',
  },
  logsEventMaxFutureMs: {
    value: 2 * 3600 * 1000,
    source: '@aws-sdk/client-cloudwatch-logs@3.1169.0 PutLogEventsCommand (2 hours)',
  },
  logsReadPageEvents: {
    value: 10_000,
    source:
      '@aws-sdk/client-cloudwatch-logs@3.1169.0 GetLogEventsCommand / FilterLogEventsCommand (10,000 events per page)',
  },
  logsReadPageBytes: {
    value: 1_048_576,
    source:
      '@aws-sdk/client-cloudwatch-logs@3.1169.0 GetLogEventsCommand / FilterLogEventsCommand (1 MB per page)',
  },
  logsDescribePageSize: {
    value: 50,
    source:
      'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html (limit 1-50, default 50)',
  },

  // --- Lambda (section owned by the runtime) ---
  lambdaTimeoutSeconds: {
    value: 900,
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  },
  lambdaAccountConcurrency: {
    value: 1_000,
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  },
  lambdaSyncPayloadBytes: {
    value: 6_291_456,
    source:
      'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (6 MB synchronous)',
  },
  lambdaAsyncPayloadBytes: {
    value: 1_048_576,
    source:
      'https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb',
  },

  // --- Lambda API, event source mappings and Pipes (section owned by services/lambda, services/pipes, pollers) ---
  esmKinesisPollIntervalMs: {
    value: 1_000,
    source:
      'https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html ("polls each shard ... at a base rate of once per second")',
  },
  esmDynamoDbPollIntervalMs: {
    value: 250,
    source:
      'https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html ("polls shards ... 4 times per second")',
  },
  esmMaxRetryDelayMs: {
    value: 60_000,
    source:
      'emulator choice: stream batches are retried after the poll interval, doubling up to 60 s (Pipes: "polling throughput will gradually back off", eb-pipes-error-troubleshooting.html; the curve is not documented)',
  },
  esmShardDiscoveryIntervalMs: {
    value: 10_000,
    source: 'emulator choice: how often a stream poller lists shards (not documented by AWS)',
  },
  esmSqsErrorBackoffMs: {
    value: 1_000,
    source: 'emulator choice: pause of an SQS poller worker after a throttle or a receive error',
  },
  sqsEsmInitialConcurrency: {
    value: 5,
    source:
      'https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html ("starts processing five batches at a time")',
  },
  sqsEsmScaleUpPerMinute: {
    value: 300,
    source:
      'https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html ("up to 300 more instances per minute")',
  },
  sqsEsmMaxConcurrency: {
    value: 1_000,
    source:
      'https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html ("maximum number of batches ... simultaneously is 1,000")',
  },
  lambdaUnreservedConcurrencyMinimum: {
    value: 100,
    source:
      'https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html (at least 100 units stay unreserved)',
  },
  lambdaAsyncMaxRetryAttempts: {
    value: 2,
    source:
      'https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html (retries twice)',
  },
  lambdaAsyncMaxEventAgeSeconds: {
    value: 21_600,
    source:
      'https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html (6 hours)',
  },
  lambdaLogTailBytes: {
    value: 4_096,
    source:
      'https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html (LogType Tail: the last 4 KB of the log)',
  },
  lambdaListMaxItems: {
    value: 10_000,
    source:
      '@aws-sdk/client-lambda@3.1164.0 ListFunctions/ListEventSourceMappings MaxItems 1-10,000 (default 50 / 100)',
  },
  pipesSqsTargetBatchMax: {
    value: 10,
    source:
      'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-batching-concurrency.html (SQS target: 10)',
  },
  pipesInputTemplateMaxChars: {
    value: 8_192,
    source: 'aws/api-models-aws pipes-2015-10-07.json shape InputTemplate (@length max 8192)',
  },
  pipesLogFieldMaxBytes: {
    value: 65_536,
    source:
      'emulator choice: payload/awsRequest/awsResponse longer than this are cut and listed in truncatedFields (AWS limit not documented)',
  },

  // --- DynamoDB and DynamoDB Streams (section owned by the DynamoDB service) ---
  // Capacity is a token bucket per table and direction on the emulator clock. Provisioned:
  // refilled at the provisioned units per second, holding up to 300 s of them (burst capacity),
  // full when the table is created or its capacity mode changes. A request is admitted when the
  // bucket holds its known cost (PutItem: the new item's size; others: 1 unit, 0.5 for an
  // eventually consistent read), then charged its actual cost (the larger of the old and new
  // item for writes), which may leave a debt that the refill repays. On-demand: a one-second
  // bucket of the initial on-demand throughput (no scaling to 2x the previous peak).
  dynamoDbItemSizeBytes: {
    value: 409_600,
    source:
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html (400 KB, names and values; enforced by dynalite with this value)',
  },
  dynamoDbWriteUnitBytes: {
    value: 1_024,
    source:
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/provisioned-capacity-mode.html (1 WCU = one write/s of up to 1 KB; larger items round up)',
  },
  dynamoDbReadUnitBytes: {
    value: 4_096,
    source:
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/provisioned-capacity-mode.html (1 RCU = one strongly consistent or two eventually consistent reads/s of up to 4 KB)',
  },
  dynamoDbBurstSeconds: {
    value: 300,
    source:
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html (up to 5 minutes of unused read and write capacity)',
  },
  dynamoDbOnDemandWriteUnitsPerSecond: {
    value: 4_000,
    source:
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html (a new on-demand table serves about 4,000 WRU/s)',
  },
  dynamoDbOnDemandReadUnitsPerSecond: {
    value: 12_000,
    source:
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html (a new on-demand table serves about 12,000 RRU/s)',
  },
  dynamoDbStreamRetentionMs: {
    value: 24 * 3600 * 1000,
    source:
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html (stream records are kept 24 hours)',
  },
  dynamoDbStreamIteratorLifetimeMs: {
    value: 15 * 60 * 1000,
    source:
      'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html (a shard iterator expires 15 minutes after it is returned)',
  },
  dynamoDbStreamGetRecordsMaxRecords: {
    value: 1_000,
    source:
      'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html (Limit 1-1000; at most 1 MB or 1,000 records)',
  },
  dynamoDbStreamGetRecordsMaxBytes: {
    value: 1_048_576,
    source:
      'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html (at most 1 MB per call)',
  },
  dynamoDbStreamListMaxResults: {
    value: 100,
    source:
      'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_ListStreams.html ; API_streams_DescribeStream.html (Limit upper limit 100)',
  },
} as const satisfies Record<string, Quota>;

export type QuotaName = keyof typeof quotas;
