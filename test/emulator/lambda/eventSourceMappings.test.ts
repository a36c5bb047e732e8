import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLambdaServer, thrown } from './server-harness';

let s: Awaited<ReturnType<typeof startLambdaServer>>;
let queueArn: string;
let streamArn: string;

beforeAll(async () => {
  s = await startLambdaServer();
  s.deploy('consumer', 'echo', { timeout: 30 });
  s.deploy('slow', 'echo', { timeout: 60 });
  queueArn = s.sqs.createQueue('orders', { VisibilityTimeout: '30' }).arn;
  streamArn = s.kinesis.createStream({ StreamName: 'events', ShardCount: 1 }).arn;
});

afterAll(async () => {
  await s.close();
});

describe('CreateEventSourceMapping', () => {
  describe('functionality', () => {
    it('creates an SQS mapping with SQS defaults (202, State Creating)', async () => {
      // Act
      const out = await s.lambdaClient.send(
        new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: queueArn })
      );
      // Assert
      expect(out.$metadata.httpStatusCode).toBe(202);
      expect(out).toMatchObject({
        UUID: expect.stringMatching(/^[0-9a-f-]{36}$/),
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: 0,
        EventSourceArn: queueArn,
        FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:consumer',
        State: 'Creating',
        StateTransitionReason: 'USER_INITIATED',
        FunctionResponseTypes: [],
        EventSourceMappingArn: `arn:aws:lambda:us-east-1:000000000000:event-source-mapping:${out.UUID}`,
      });
      expect(out.LastModified).toBeInstanceOf(Date);
      await s.lambdaClient.send(new DeleteEventSourceMappingCommand({ UUID: out.UUID }));
    });

    it('creates a Kinesis mapping with stream defaults through the trailing-slash path the AWS CLI uses', async () => {
      // Act
      const res = await fetch(`${s.endpoint}/2015-03-31/event-source-mappings/`, {
        method: 'POST',
        body: JSON.stringify({
          FunctionName: 'consumer',
          EventSourceArn: streamArn,
          StartingPosition: 'LATEST',
          Enabled: false,
        }),
      });
      const body = (await res.json()) as Record<string, string>;
      // Assert
      expect(res.status).toBe(202);
      expect(body).toMatchObject({
        BatchSize: 100,
        ParallelizationFactor: 1,
        StartingPosition: 'LATEST',
        MaximumRetryAttempts: -1,
        MaximumRecordAgeInSeconds: -1,
        BisectBatchOnFunctionError: false,
        DestinationConfig: { OnFailure: {} },
        TumblingWindowInSeconds: 0,
      });
      expect(body).not.toHaveProperty('FunctionName');
      const got = await s.lambdaClient.send(new GetEventSourceMappingCommand({ UUID: body.UUID }));
      expect(got.State).toBe('Disabled');
      await s.lambdaClient.send(new DeleteEventSourceMappingCommand({ UUID: body.UUID }));
    });
  });

  describe('validations', () => {
    it('fails a function timeout above the queue visibility timeout', async () => {
      // Act
      const error = await thrown(() =>
        s.lambdaClient.send(
          new CreateEventSourceMappingCommand({ FunctionName: 'slow', EventSourceArn: queueArn })
        )
      );
      // Assert
      expect(error.name).toBe('InvalidParameterValueException');
      expect(error.message).toBe(
        'Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds'
      );
    });

    it('fails a stream mapping without StartingPosition, a missing function and a duplicate', async () => {
      // Act
      const noPosition = await thrown(() =>
        s.lambdaClient.send(
          new CreateEventSourceMappingCommand({
            FunctionName: 'consumer',
            EventSourceArn: streamArn,
          })
        )
      );
      const noFunction = await thrown(() =>
        s.lambdaClient.send(
          new CreateEventSourceMappingCommand({ FunctionName: 'nope', EventSourceArn: queueArn })
        )
      );
      const first = await s.lambdaClient.send(
        new CreateEventSourceMappingCommand({
          FunctionName: 'consumer',
          EventSourceArn: queueArn,
          Enabled: false,
        })
      );
      const duplicate = await thrown(() =>
        s.lambdaClient.send(
          new CreateEventSourceMappingCommand({
            FunctionName: 'consumer',
            EventSourceArn: queueArn,
          })
        )
      );
      await s.lambdaClient.send(new DeleteEventSourceMappingCommand({ UUID: first.UUID }));
      // Assert
      expect(noPosition.name).toBe('InvalidParameterValueException');
      expect(noPosition.message).toBe(
        "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null."
      );
      expect(noFunction.message).toBe('Function does not exist');
      expect(duplicate.name).toBe('ResourceConflictException');
      expect(duplicate.message).toBe(
        `An event source mapping with SQS arn (" ${queueArn} ") and function (" consumer ") already exists. Please update or delete the existing mapping with UUID ${first.UUID}`
      );
    });

    it('fails a BatchSize out of range with a ValidationException', async () => {
      // Act
      const error = await thrown(() =>
        s.lambdaClient.send(
          new CreateEventSourceMappingCommand({
            FunctionName: 'consumer',
            EventSourceArn: queueArn,
            BatchSize: 0,
          })
        )
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(
        "1 validation error detected: Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1"
      );
    });
  });
});

describe('List, Get, Update and DeleteEventSourceMapping', () => {
  describe('functionality', () => {
    it('lists by function, gets, updates (202) and deletes a mapping', async () => {
      // Arrange
      const created = await s.lambdaClient.send(
        new CreateEventSourceMappingCommand({
          FunctionName: 'consumer',
          EventSourceArn: streamArn,
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: 5,
          Enabled: false,
        })
      );
      // Act
      const list = await s.lambdaClient.send(
        new ListEventSourceMappingsCommand({ FunctionName: 'consumer' })
      );
      const bySource = await s.lambdaClient.send(
        new ListEventSourceMappingsCommand({ EventSourceArn: queueArn })
      );
      const updated = await s.lambdaClient.send(
        new UpdateEventSourceMappingCommand({
          UUID: created.UUID,
          BatchSize: 50,
          MaximumRetryAttempts: 2,
          MetricsConfig: { Metrics: ['EventCount'] },
        })
      );
      const got = await s.lambdaClient.send(
        new GetEventSourceMappingCommand({ UUID: created.UUID })
      );
      const deleted = await s.lambdaClient.send(
        new DeleteEventSourceMappingCommand({ UUID: created.UUID })
      );
      const gone = await thrown(() =>
        s.lambdaClient.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))
      );
      // Assert
      expect(list.EventSourceMappings?.map((m) => m.UUID)).toEqual([created.UUID]);
      expect(bySource.EventSourceMappings).toEqual([]);
      expect(updated.$metadata.httpStatusCode).toBe(202);
      expect(updated).toMatchObject({ BatchSize: 50, MaximumRetryAttempts: 2, State: 'Updating' });
      expect(got).toMatchObject({
        BatchSize: 50,
        MaximumRetryAttempts: 2,
        StartingPosition: 'TRIM_HORIZON',
        MetricsConfig: { Metrics: ['EventCount'] },
        State: 'Disabled',
        LastProcessingResult: 'No records processed',
      });
      expect(deleted.State).toBe('Deleting');
      expect(gone.name).toBe('ResourceNotFoundException');
      expect(gone.message).toBe('The resource you requested does not exist.');
      expect((gone.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(404);
    });
  });
});

describe("EventSourceMappingRegistry (the CloudFormation interpreter's view)", () => {
  describe('functionality', () => {
    it('puts a member the template no longer sets back to its default', () => {
      // Arrange
      const mappings = s.lambda.store.mappings;
      const created = mappings.create({
        FunctionName: 'consumer',
        EventSourceArn: streamArn,
        StartingPosition: 'LATEST',
        MaximumRetryAttempts: 2,
        Enabled: false,
      });
      // Act
      mappings.update(created.UUID, { MaximumRetryAttempts: undefined, BatchSize: 7 });
      const got = mappings.get(created.UUID);
      mappings.delete(created.UUID);
      // Assert
      expect(got).toMatchObject({ MaximumRetryAttempts: -1, BatchSize: 7, State: 'Disabled' });
    });
  });
});

describe('UpdateFunctionConfiguration of a function mapped to a queue', () => {
  describe('functionality', () => {
    it('accepts a timeout above the visibility timeout (AWS checks it on the mapping only), which the mapping then refuses', async () => {
      // Arrange
      s.deploy('mapped', 'echo', { timeout: 30 });
      const mapping = await s.lambdaClient.send(
        new CreateEventSourceMappingCommand({
          FunctionName: 'mapped',
          EventSourceArn: queueArn,
          Enabled: false,
        })
      );
      // Act
      const updated = await s.lambdaClient.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'mapped', Timeout: 60 })
      );
      const error = await thrown(() =>
        s.lambdaClient.send(
          new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, BatchSize: 5 })
        )
      );
      await s.lambdaClient.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID }));
      // Assert
      expect(updated.Timeout).toBe(60);
      expect(error.message).toBe(
        'Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds'
      );
    });
  });
});
