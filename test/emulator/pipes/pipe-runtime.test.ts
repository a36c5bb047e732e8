import { afterEach, describe, expect, it } from 'vitest';
import { pipesHarness, ROLE } from './harness';

type Harness = ReturnType<typeof pipesHarness>;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const LOG_GROUP = '/aws/vendedlogs/pipes/products';
const LOG_GROUP_ARN = `arn:aws:logs:us-east-1:000000000000:log-group:${LOG_GROUP}:*`;

/** The broken template: four copies of a large attribute (≈ 4 × 300 KB > 1 MiB). */
const AUDIT_COPY = `{
  "a": <$.dynamodb.NewImage.payload.S>,
  "b": <$.dynamodb.NewImage.payload.S>,
  "c": <$.dynamodb.NewImage.payload.S>,
  "d": <$.dynamodb.NewImage.payload.S>
}`;

/** The fixed template: a claim check (keys only). */
const CLAIM_CHECK = `{"productId": "<$.dynamodb.Keys.productId.S>", "sizeClass": "<$.dynamodb.NewImage.sizeClass.S>", "event": "<$.eventName>"}`;

function product(id: string, sizeClass: string, bytes: number) {
  return {
    productId: { S: id },
    sizeClass: { S: sizeClass },
    payload: { S: 'x'.repeat(bytes) },
  };
}

describe('pipe from a DynamoDB stream to an SQS queue', () => {
  describe('functionality', () => {
    it('fails at the target when the template makes a message over 1 MiB: metrics, DLQ, nothing delivered', async () => {
      // Arrange
      h = pipesHarness();
      const harness = h;
      const stream = harness.tableStream('products');
      const target = harness.sqs.createQueue('product-events');
      const dlq = harness.sqs.createQueue('pipe-dlq');
      harness.pipes.store.create({
        Name: 'products',
        RoleArn: ROLE,
        Source: stream,
        Target: target.arn,
        SourceParameters: {
          DynamoDBStreamParameters: {
            StartingPosition: 'TRIM_HORIZON',
            BatchSize: 1,
            MaximumRetryAttempts: 2,
            DeadLetterConfig: { Arn: dlq.arn },
          },
        },
        TargetParameters: { InputTemplate: AUDIT_COPY },
      });
      // Act
      harness.putItem(stream, product('p-1', 'large', 300 * 1024));
      await harness.drive(() => harness.bodies(dlq.arn).length === 1);
      // Assert: three executions (1 + 2 retries), each failed at the target stage
      const pipe = { PipeName: 'products' };
      expect(harness.metrics.sum('AWS/EventBridge/Pipes', 'Invocations', pipe)).toBe(3);
      expect(harness.metrics.sum('AWS/EventBridge/Pipes', 'TargetStageFailed', pipe)).toBe(3);
      expect(harness.metrics.sum('AWS/EventBridge/Pipes', 'ExecutionFailed', pipe)).toBe(3);
      expect(harness.metrics.sum('AWS/EventBridge/Pipes', 'ExecutionPartiallyFailed', pipe)).toBe(
        0
      );
      expect(harness.metrics.find('AWS/EventBridge/Pipes', 'ExecutionFailed', pipe)[0]?.unit).toBe(
        'None'
      );
      expect(harness.bodies(target.arn)).toEqual([]);
      expect(
        harness.metrics.find('AWS/SQS', 'NumberOfMessagesSent', { QueueName: 'product-events' })
      ).toEqual([]);
      // Assert: the DLQ gets the batch's description
      const record = JSON.parse(harness.bodies(dlq.arn)[0] as string);
      expect(record.requestContext).toMatchObject({
        pipeArn: 'arn:aws:pipes:us-east-1:000000000000:pipe/products',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
      });
      expect(record.DDBStreamBatchInfo).toMatchObject({ batchSize: 1, streamArn: stream });
      // Assert: no LogConfiguration, no logs
      expect(harness.logs.groups.size).toBe(0);
    });

    it('delivers the claim-check rendering of each record', async () => {
      // Arrange
      h = pipesHarness();
      const harness = h;
      const stream = harness.tableStream('products');
      const target = harness.sqs.createQueue('product-events');
      harness.pipes.store.create({
        Name: 'products',
        RoleArn: ROLE,
        Source: stream,
        Target: target.arn,
        SourceParameters: {
          DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1 },
        },
        TargetParameters: { InputTemplate: CLAIM_CHECK },
      });
      // Act
      harness.putItem(stream, product('p-1', 'large', 300 * 1024));
      harness.putItem(stream, product('p-2', 'small', 2 * 1024));
      await harness.drive(() => harness.bodies(target.arn).length === 2);
      // Assert
      expect(harness.bodies(target.arn).map((b) => JSON.parse(b))).toEqual([
        { productId: 'p-1', sizeClass: 'large', event: 'INSERT' },
        { productId: 'p-2', sizeClass: 'small', event: 'INSERT' },
      ]);
      const pipe = { PipeName: 'products' };
      expect(harness.metrics.sum('AWS/EventBridge/Pipes', 'TargetStageFailed', pipe)).toBe(0);
      expect(harness.metrics.find('AWS/EventBridge/Pipes', 'TargetStageFailed', pipe)).toHaveLength(
        2
      );
      expect(harness.metrics.sum('AWS/EventBridge/Pipes', 'EventCount', pipe)).toBe(2);
      expect(
        harness.metrics.sum('AWS/EventBridge/Pipes', 'Invocations', {
          AwsAccountId: '000000000000',
        })
      ).toBe(2);
    });

    it('sends the record as JSON when there is no InputTemplate', async () => {
      // Arrange
      h = pipesHarness();
      const harness = h;
      const stream = harness.tableStream('products');
      const target = harness.sqs.createQueue('product-events');
      harness.pipes.store.create({
        Name: 'products',
        RoleArn: ROLE,
        Source: stream,
        Target: target.arn,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON' } },
      });
      // Act
      harness.putItem(stream, product('p-1', 'small', 10));
      await harness.drive(() => harness.bodies(target.arn).length === 1);
      // Assert: the C.3 record
      const event = JSON.parse(harness.bodies(target.arn)[0] as string);
      expect(Object.keys(event)).toEqual([
        'eventID',
        'eventVersion',
        'dynamodb',
        'awsRegion',
        'eventName',
        'eventSourceARN',
        'eventSource',
      ]);
      expect(event).toMatchObject({
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        eventSourceARN: stream,
        dynamodb: { Keys: { productId: { S: 'p-1' } }, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      });
    });
  });
});

describe('pipe logging', () => {
  describe('functionality', () => {
    it('writes ERROR records with execution data to the log group when LogConfiguration says so', async () => {
      // Arrange
      h = pipesHarness();
      const harness = h;
      const stream = harness.tableStream('products');
      const target = harness.sqs.createQueue('product-events');
      harness.pipes.store.create({
        Name: 'products',
        RoleArn: ROLE,
        Source: stream,
        Target: target.arn,
        SourceParameters: {
          DynamoDBStreamParameters: {
            StartingPosition: 'TRIM_HORIZON',
            BatchSize: 1,
            MaximumRetryAttempts: 0,
          },
        },
        TargetParameters: { InputTemplate: AUDIT_COPY },
        LogConfiguration: {
          Level: 'ERROR',
          IncludeExecutionData: ['ALL'],
          CloudwatchLogsLogDestination: { LogGroupArn: LOG_GROUP_ARN },
        },
      });
      // Act
      harness.putItem(stream, product('p-1', 'large', 300 * 1024));
      await harness.drive(() => harness.logRecords(LOG_GROUP).length >= 3);
      // Assert
      const records = harness.logRecords(LOG_GROUP);
      expect(records.map((r) => r.messageType)).toEqual([
        'TargetInvocationFailed',
        'TargetStageFailed',
        'ExecutionFailed',
      ]);
      const [invocation] = records;
      expect(Object.keys(invocation as object)).toEqual([
        'executionId',
        'timestamp',
        'messageType',
        'resourceArn',
        'logLevel',
        'awsRequest',
        'awsResponse',
        'truncatedFields',
        'error',
      ]);
      expect(invocation).toMatchObject({
        resourceArn: 'arn:aws:pipes:us-east-1:000000000000:pipe/products',
        logLevel: 'ERROR',
        timestamp: harness.clock.now(),
        truncatedFields: ['awsRequest'],
        error: {
          httpStatusCode: 400,
          message: expect.stringMatching(
            /^Batch requests cannot be longer than 1048576 bytes\. You have sent \d+ bytes\.$/
          ),
          details: 'AWS.SimpleQueueService.BatchRequestTooLong',
          awsService: 'sqs',
          requestId: expect.any(String),
        },
      });
      expect(new Set(records.map((r) => r.executionId)).size).toBe(1);
    });

    it('writes the INFO and TRACE steps of a successful execution at TRACE, without data unless asked', async () => {
      // Arrange
      h = pipesHarness();
      const harness = h;
      const stream = harness.tableStream('products');
      const target = harness.sqs.createQueue('product-events');
      harness.pipes.store.create({
        Name: 'products',
        RoleArn: ROLE,
        Source: stream,
        Target: target.arn,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON' } },
        TargetParameters: { InputTemplate: CLAIM_CHECK },
        LogConfiguration: {
          Level: 'TRACE',
          CloudwatchLogsLogDestination: { LogGroupArn: LOG_GROUP_ARN },
        },
      });
      // Act
      harness.putItem(stream, product('p-1', 'small', 10));
      await harness.drive(() => harness.bodies(target.arn).length === 1);
      // Assert
      const records = harness.logRecords(LOG_GROUP);
      expect(records.map((r) => [r.messageType, r.logLevel])).toEqual([
        ['ExecutionStarted', 'INFO'],
        ['PollingStageSucceeded', 'TRACE'],
        ['TargetStageEntered', 'INFO'],
        ['TargetTransformationSucceeded', 'TRACE'],
        ['TargetInvocationStarted', 'TRACE'],
        ['TargetInvocationSucceeded', 'TRACE'],
        ['TargetStageSucceeded', 'INFO'],
        ['ExecutionSucceeded', 'INFO'],
      ]);
      expect(records.some((r) => 'payload' in r || 'awsRequest' in r)).toBe(false);
    });
  });
});

describe('pipe from other sources', () => {
  describe('functionality', () => {
    it('flattens Kinesis records and parses JSON data for template paths', async () => {
      // Arrange
      h = pipesHarness();
      const harness = h;
      harness.kinesis.createStream({ StreamName: 'orders', ShardCount: 1 });
      const target = harness.sqs.createQueue('out');
      harness.pipes.store.create({
        Name: 'orders',
        RoleArn: ROLE,
        Source: 'arn:aws:kinesis:us-east-1:000000000000:stream/orders',
        Target: target.arn,
        SourceParameters: { KinesisStreamParameters: { StartingPosition: 'TRIM_HORIZON' } },
        TargetParameters: {
          InputTemplate:
            '{"id": <$.data.orderId>, "key": "<$.partitionKey>", "pipe": "<aws.pipes.pipe-name>"}',
        },
      });
      const stream = harness.kinesis.stream({ StreamName: 'orders' });
      // Act
      harness.kinesis.put(
        stream,
        [{ Data: Buffer.from('{"orderId": 42}').toString('base64'), PartitionKey: 'pk-1' }],
        'PutRecord'
      );
      await harness.drive(() => harness.bodies(target.arn).length === 1);
      // Assert
      expect(JSON.parse(harness.bodies(target.arn)[0] as string)).toEqual({
        id: 42,
        key: 'pk-1',
        pipe: 'orders',
      });
    });

    it('moves messages from an SQS queue to the target and deletes them from the source', async () => {
      // Arrange
      h = pipesHarness();
      const harness = h;
      const source = harness.sqs.createQueue('in');
      const target = harness.sqs.createQueue('out');
      harness.sqs.send(source.arn, { MessageBody: '{"n": 1}' });
      // Act
      harness.pipes.store.create({
        Name: 'relay',
        RoleArn: ROLE,
        Source: source.arn,
        Target: target.arn,
        TargetParameters: { InputTemplate: '{"n": <$.body.n>, "id": "<$.messageId>"}' },
      });
      await harness.drive(() => harness.bodies(target.arn).length === 1);
      await harness.drive(() => harness.bodies(source.arn).length === 0);
      // Assert
      expect(JSON.parse(harness.bodies(target.arn)[0] as string)).toMatchObject({
        n: 1,
        id: expect.any(String),
      });
    });

    it('stops polling when stopped and resumes where it was when started', async () => {
      // Arrange
      h = pipesHarness();
      const harness = h;
      const stream = harness.tableStream('products');
      const target = harness.sqs.createQueue('product-events');
      harness.pipes.store.create({
        Name: 'products',
        RoleArn: ROLE,
        Source: stream,
        Target: target.arn,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON' } },
        TargetParameters: { InputTemplate: CLAIM_CHECK },
      });
      harness.putItem(stream, product('p-1', 'small', 10));
      await harness.drive(() => harness.bodies(target.arn).length === 1);
      // Act
      const stopped = harness.pipes.store.stop('products');
      harness.putItem(stream, product('p-2', 'small', 10));
      await harness.clock.advance(5_000);
      const whileStopped = harness.bodies(target.arn).length;
      const started = harness.pipes.store.start('products');
      await harness.drive(() => harness.bodies(target.arn).length === 2);
      // Assert
      expect(stopped.CurrentState).toBe('STOPPING');
      expect(started.CurrentState).toBe('STARTING');
      expect(whileStopped).toBe(1);
      expect(harness.pipes.store.get('products').CurrentState).toBe('RUNNING');
    });
  });
});
