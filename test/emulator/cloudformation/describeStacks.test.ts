import {
  DescribeStacksCommand,
  ListStacksCommand,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudFormationInterpreter } from '../../../emulator/cloudformation';
import { apiTemplate } from './api-fixtures';
import {
  ACCOUNT,
  errorOf,
  interpreterFor,
  rawQuery,
  type ServiceSet,
  serviceSet,
  startCloudFormationServer,
} from './helpers';

let set: ServiceSet;
let cfn: CloudFormationInterpreter;
let server: Awaited<ReturnType<typeof startCloudFormationServer>>;
let deletedId: string;

beforeAll(async () => {
  set = serviceSet();
  cfn = interpreterFor(set);
  server = await startCloudFormationServer(set, cfn);
  await cfn.createStackFrom(
    'api-live',
    { template: apiTemplate(), tags: { owner: 'lab' } },
    { parameters: { Shards: '3' } }
  );
  await set.clock.advance(1000);
  const gone = await cfn.createStackFrom('api-gone', { template: apiTemplate() });
  deletedId = gone.stack.stackId;
  await cfn.deleteStack('api-gone');
});

afterAll(async () => {
  await server.close();
  set.close();
});

describe('DescribeStacks', () => {
  describe('functionality', () => {
    it('describes a stack by name: status, parameters, outputs, tags, times', async () => {
      // Act
      const { Stacks = [] } = await server.client.send(
        new DescribeStacksCommand({ StackName: 'api-live' })
      );
      // Assert
      expect(Stacks).toHaveLength(1);
      const stack = Stacks[0];
      expect(stack?.StackId).toMatch(
        /^arn:aws:cloudformation:us-east-1:000000000000:stack\/api-live\/[0-9a-f-]{36}$/
      );
      expect(stack).toMatchObject({
        StackName: 'api-live',
        Description: 'API test stack',
        StackStatus: 'CREATE_COMPLETE',
        DisableRollback: false,
        EnableTerminationProtection: false,
        Tags: [{ Key: 'owner', Value: 'lab' }],
        DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
      });
      expect(stack?.CreationTime).toEqual(new Date(Date.UTC(2026, 0, 1)));
      expect(stack?.Parameters).toEqual([
        { ParameterKey: 'Shards', ParameterValue: '3' },
        {
          ParameterKey: 'BootstrapVersion',
          ParameterValue: '/cdk-bootstrap/hnb659fds/version',
          ResolvedValue: '33',
        },
      ]);
      const queueUrl = cfn.outputs('api-live').QueueUrl;
      expect(stack?.Outputs).toEqual([
        { OutputKey: 'QueueUrl', OutputValue: queueUrl, Description: 'the queue URL' },
        {
          OutputKey: 'StreamName',
          OutputValue: cfn.outputs('api-live').StreamName,
          ExportName: 'api-live-stream',
        },
      ]);
      expect(queueUrl).toMatch(
        new RegExp(`^http://127.0.0.1:4566/${ACCOUNT}/api-live-Queue-[A-Z0-9]{13}$`)
      );
    });

    it('lists live stacks without a name, and finds a deleted stack by its id only', async () => {
      const all = await server.client.send(new DescribeStacksCommand({}));
      expect(all.Stacks?.map((s) => s.StackName)).toEqual(['api-live']);
      const byId = await server.client.send(new DescribeStacksCommand({ StackName: deletedId }));
      expect(byId.Stacks?.[0]).toMatchObject({
        StackName: 'api-gone',
        StackStatus: 'DELETE_COMPLETE',
      });
      expect(byId.Stacks?.[0]?.DeletionTime).toBeInstanceOf(Date);
    });

    it('works with the SDK waiter', async () => {
      const result = await waitUntilStackCreateComplete(
        { client: server.client, maxWaitTime: 5, minDelay: 1 },
        { StackName: 'api-live' }
      );
      expect(result.state).toBe('SUCCESS');
    });
  });

  describe('validations', () => {
    it('answers ValidationError for a stack that does not exist', async () => {
      const error = await errorOf(
        server.client.send(new DescribeStacksCommand({ StackName: 'nope' }))
      );
      expect(error.name).toBe('ValidationError');
      expect(error.message).toBe('Stack with id nope does not exist');
      expect(error.$metadata?.httpStatusCode).toBe(400);
    });

    it('answers ValidationError for a deleted stack asked by name', async () => {
      const error = await errorOf(
        server.client.send(new DescribeStacksCommand({ StackName: 'api-gone' }))
      );
      expect(error.message).toBe('Stack with id api-gone does not exist');
    });

    it('writes query errors as <ErrorResponse> with Sender type', async () => {
      const { status, body } = await rawQuery(server.endpoint, {
        Action: 'DescribeStacks',
        StackName: 'nope',
      });
      expect(status).toBe(400);
      expect(body).toContain(
        '<Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id nope does not exist</Message>'
      );
    });
  });
});

describe('ListStacks', () => {
  describe('functionality', () => {
    it('lists every stack, deleted ones too, newest first', async () => {
      const { StackSummaries = [] } = await server.client.send(new ListStacksCommand({}));
      expect(StackSummaries.map((s) => [s.StackName, s.StackStatus])).toEqual([
        ['api-gone', 'DELETE_COMPLETE'],
        ['api-live', 'CREATE_COMPLETE'],
      ]);
      expect(StackSummaries[1]).toMatchObject({ TemplateDescription: 'API test stack' });
    });

    it('filters by status', async () => {
      const { StackSummaries = [] } = await server.client.send(
        new ListStacksCommand({ StackStatusFilter: ['CREATE_COMPLETE', 'UPDATE_COMPLETE'] })
      );
      expect(StackSummaries.map((s) => s.StackName)).toEqual(['api-live']);
    });
  });

  describe('validations', () => {
    it('answers ValidationError for an unknown status', async () => {
      const error = await errorOf(
        server.client.send(
          new ListStacksCommand({ StackStatusFilter: ['DONE' as 'CREATE_COMPLETE'] })
        )
      );
      expect(error.name).toBe('ValidationError');
      expect(error.message).toMatch(
        /^1 validation error detected: Value '\[DONE\]' at 'stackStatusFilter' failed to satisfy constraint/
      );
    });
  });
});
