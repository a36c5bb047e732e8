import {
  CreatePipeCommand,
  DeletePipeCommand,
  DescribePipeCommand,
  ListPipesCommand,
  StartPipeCommand,
  StopPipeCommand,
  UpdatePipeCommand,
} from '@aws-sdk/client-pipes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLambdaServer, thrown } from '../lambda/server-harness';

let s: Awaited<ReturnType<typeof startLambdaServer>>;
let source: string;
let target: string;
const ROLE = 'arn:aws:iam::000000000000:role/pipe-role';

beforeAll(async () => {
  s = await startLambdaServer();
  source = s.kinesis.createStream({ StreamName: 'orders', ShardCount: 1 }).arn;
  target = s.sqs.createQueue('out').arn;
});

afterAll(async () => {
  await s.close();
});

describe('CreatePipe and DescribePipe', () => {
  describe('functionality', () => {
    it('creates a pipe (CREATING) that then describes as RUNNING with its parameters', async () => {
      // Act
      const created = await s.pipesClient.send(
        new CreatePipeCommand({
          Name: 'orders-pipe',
          RoleArn: ROLE,
          Source: source,
          Target: target,
          Description: 'orders to out',
          SourceParameters: {
            KinesisStreamParameters: { StartingPosition: 'LATEST', BatchSize: 5 },
          },
          TargetParameters: { InputTemplate: '{"id": <$.data.id>}' },
          Tags: { team: 'lab' },
        })
      );
      const described = await s.pipesClient.send(new DescribePipeCommand({ Name: 'orders-pipe' }));
      // Assert
      expect(created).toMatchObject({
        Arn: 'arn:aws:pipes:us-east-1:000000000000:pipe/orders-pipe',
        Name: 'orders-pipe',
        DesiredState: 'RUNNING',
        CurrentState: 'CREATING',
      });
      expect(created.CreationTime).toBeInstanceOf(Date);
      expect(described).toMatchObject({
        Name: 'orders-pipe',
        Description: 'orders to out',
        CurrentState: 'RUNNING',
        Source: source,
        SourceParameters: { KinesisStreamParameters: { StartingPosition: 'LATEST', BatchSize: 5 } },
        Target: target,
        TargetParameters: { InputTemplate: '{"id": <$.data.id>}' },
        RoleArn: ROLE,
        Tags: { team: 'lab' },
      });
    });
  });

  describe('validations', () => {
    it('fails a bad name, a taken name, an unknown pipe and what the emulator cannot run', async () => {
      // Act
      const badName = await thrown(() =>
        s.pipesClient.send(
          new CreatePipeCommand({ Name: 'bad name', RoleArn: ROLE, Source: source, Target: target })
        )
      );
      const taken = await thrown(() =>
        s.pipesClient.send(
          new CreatePipeCommand({
            Name: 'orders-pipe',
            RoleArn: ROLE,
            Source: source,
            Target: target,
            SourceParameters: { KinesisStreamParameters: { StartingPosition: 'LATEST' } },
          })
        )
      );
      const missing = await thrown(() =>
        s.pipesClient.send(new DescribePipeCommand({ Name: 'nope' }))
      );
      const lambdaTarget = await thrown(() =>
        s.pipesClient.send(
          new CreatePipeCommand({
            Name: 'to-lambda',
            RoleArn: ROLE,
            Source: target,
            Target: 'arn:aws:lambda:us-east-1:000000000000:function:f',
          })
        )
      );
      const bigBatch = await thrown(() =>
        s.pipesClient.send(
          new CreatePipeCommand({
            Name: 'big',
            RoleArn: ROLE,
            Source: source,
            Target: target,
            SourceParameters: {
              KinesisStreamParameters: { StartingPosition: 'LATEST', BatchSize: 11 },
            },
          })
        )
      );
      // Assert
      expect(badName.name).toBe('ValidationException');
      expect(badName.message).toBe(
        "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+"
      );
      expect(taken.name).toBe('ConflictException');
      expect(missing.name).toBe('NotFoundException');
      expect(missing.message).toBe('Pipe nope does not exist.');
      expect((missing.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(404);
      expect(lambdaTarget.name).toBe('ValidationException');
      expect(lambdaTarget.message).toMatch(/runs pipes to SQS queues only/);
      expect(bigBatch.message).toMatch(/BatchSize 11 is above 10/);
    });
  });
});

describe('ListPipes, UpdatePipe, StopPipe, StartPipe, DeletePipe', () => {
  describe('functionality', () => {
    it('lists, updates, stops, starts and deletes the pipe', async () => {
      // Act
      const list = await s.pipesClient.send(new ListPipesCommand({ NamePrefix: 'orders' }));
      const none = await s.pipesClient.send(new ListPipesCommand({ NamePrefix: 'zzz' }));
      const updated = await s.pipesClient.send(
        new UpdatePipeCommand({
          Name: 'orders-pipe',
          RoleArn: ROLE,
          SourceParameters: { KinesisStreamParameters: { BatchSize: 2 } },
          TargetParameters: { InputTemplate: '{"claim": "<$.partitionKey>"}' },
          LogConfiguration: {
            Level: 'ERROR',
            CloudwatchLogsLogDestination: {
              LogGroupArn:
                'arn:aws:logs:us-east-1:000000000000:log-group:/aws/vendedlogs/pipes/orders',
            },
          },
        })
      );
      const afterUpdate = await s.pipesClient.send(
        new DescribePipeCommand({ Name: 'orders-pipe' })
      );
      const stopped = await s.pipesClient.send(new StopPipeCommand({ Name: 'orders-pipe' }));
      const afterStop = await s.pipesClient.send(new DescribePipeCommand({ Name: 'orders-pipe' }));
      const started = await s.pipesClient.send(new StartPipeCommand({ Name: 'orders-pipe' }));
      const deleted = await s.pipesClient.send(new DeletePipeCommand({ Name: 'orders-pipe' }));
      const gone = await s.pipesClient.send(new ListPipesCommand({}));
      // Assert
      expect(list.Pipes?.map((p) => [p.Name, p.CurrentState, p.Source, p.Target])).toEqual([
        ['orders-pipe', 'RUNNING', source, target],
      ]);
      expect(none.Pipes).toEqual([]);
      expect(updated.CurrentState).toBe('UPDATING');
      expect(afterUpdate.SourceParameters?.KinesisStreamParameters).toMatchObject({
        BatchSize: 2,
        StartingPosition: 'LATEST',
      });
      expect(afterUpdate.TargetParameters?.InputTemplate).toBe('{"claim": "<$.partitionKey>"}');
      expect(afterUpdate.LogConfiguration?.Level).toBe('ERROR');
      expect(stopped).toMatchObject({ DesiredState: 'STOPPED', CurrentState: 'STOPPING' });
      expect(afterStop.CurrentState).toBe('STOPPED');
      expect(started).toMatchObject({ DesiredState: 'RUNNING', CurrentState: 'STARTING' });
      expect(deleted).toMatchObject({ DesiredState: 'DELETED', CurrentState: 'DELETING' });
      expect(gone.Pipes).toEqual([]);
    });
  });
});
