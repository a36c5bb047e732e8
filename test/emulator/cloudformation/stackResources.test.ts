import {
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStackResourcesCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudFormationInterpreter, StackRecord } from '../../../emulator/cloudformation';
import { apiTemplate } from './api-fixtures';
import {
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
let stack: StackRecord;

beforeAll(async () => {
  set = serviceSet();
  cfn = interpreterFor(set);
  server = await startCloudFormationServer(set, cfn);
  stack = (await cfn.createStackFrom('res', { template: apiTemplate() })).stack;
});

afterAll(async () => {
  await server.close();
  set.close();
});

const physical = (logicalId: string) => stack.resources.get(logicalId)?.physicalId as string;

describe('DescribeStackResource', () => {
  describe('functionality', () => {
    it('describes one resource with its physical id, status and metadata', async () => {
      const { StackResourceDetail } = await server.client.send(
        new DescribeStackResourceCommand({ StackName: 'res', LogicalResourceId: 'Queue' })
      );
      expect(StackResourceDetail).toMatchObject({
        StackName: 'res',
        StackId: stack.stackId,
        LogicalResourceId: 'Queue',
        PhysicalResourceId: physical('Queue'),
        ResourceType: 'AWS::SQS::Queue',
        ResourceStatus: 'CREATE_COMPLETE',
        Metadata: '{"aws:cdk:path":"api/Queue/Resource"}',
        DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
      });
      expect(StackResourceDetail?.LastUpdatedTimestamp).toBeInstanceOf(Date);
    });
  });

  describe('validations', () => {
    it('answers ValidationError for an unknown logical id', async () => {
      const error = await errorOf(
        server.client.send(
          new DescribeStackResourceCommand({ StackName: 'res', LogicalResourceId: 'Nope' })
        )
      );
      expect(error.name).toBe('ValidationError');
      expect(error.message).toBe('Resource Nope does not exist for stack res');
    });

    it('answers ValidationError for an unknown stack', async () => {
      const error = await errorOf(
        server.client.send(
          new DescribeStackResourceCommand({ StackName: 'ghost', LogicalResourceId: 'Queue' })
        )
      );
      expect(error.message).toBe('Stack with id ghost does not exist');
    });

    it('answers ValidationError for a missing LogicalResourceId', async () => {
      const { status, body } = await rawQuery(server.endpoint, {
        Action: 'DescribeStackResource',
        StackName: 'res',
      });
      expect(status).toBe(400);
      expect(body).toContain(
        '<Message>1 validation error detected: Value null at &apos;logicalResourceId&apos; failed to satisfy constraint: Member must not be null</Message>'
      );
    });
  });
});

describe('DescribeStackResources', () => {
  describe('functionality', () => {
    it('lists a stack resources in creation order', async () => {
      const { StackResources = [] } = await server.client.send(
        new DescribeStackResourcesCommand({ StackName: 'res' })
      );
      expect(
        StackResources.map((r) => [r.LogicalResourceId, r.ResourceType, r.ResourceStatus])
      ).toEqual([
        ['Dlq', 'AWS::SQS::Queue', 'CREATE_COMPLETE'],
        ['Stream', 'AWS::Kinesis::Stream', 'CREATE_COMPLETE'],
        ['Role', 'AWS::IAM::Role', 'CREATE_COMPLETE'],
        ['Queue', 'AWS::SQS::Queue', 'CREATE_COMPLETE'],
      ]);
      expect(StackResources[1]?.Timestamp).toBeInstanceOf(Date);
    });

    it('finds the stack from a physical id, and narrows to a logical id', async () => {
      const byPhysical = await server.client.send(
        new DescribeStackResourcesCommand({ PhysicalResourceId: physical('Stream') })
      );
      expect(byPhysical.StackResources?.map((r) => r.LogicalResourceId)).toEqual(['Stream']);
      expect(byPhysical.StackResources?.[0]?.StackName).toBe('res');
      const byLogical = await server.client.send(
        new DescribeStackResourcesCommand({ StackName: 'res', LogicalResourceId: 'Dlq' })
      );
      expect(byLogical.StackResources?.map((r) => r.PhysicalResourceId)).toEqual([physical('Dlq')]);
    });
  });

  describe('validations', () => {
    it('answers ValidationError without a stack name or physical id', async () => {
      const error = await errorOf(server.client.send(new DescribeStackResourcesCommand({})));
      expect(error.name).toBe('ValidationError');
      expect(error.message).toBe('Either StackName or PhysicalResourceId must be specified.');
    });

    it('answers ValidationError for a physical id no stack has', async () => {
      const error = await errorOf(
        server.client.send(new DescribeStackResourcesCommand({ PhysicalResourceId: 'x' }))
      );
      expect(error.message).toBe('Stack for x does not exist');
    });
  });
});

describe('ListStackResources', () => {
  describe('functionality', () => {
    it('summarizes every resource', async () => {
      const { StackResourceSummaries = [], NextToken } = await server.client.send(
        new ListStackResourcesCommand({ StackName: stack.stackId })
      );
      expect(NextToken).toBeUndefined();
      expect(StackResourceSummaries).toHaveLength(4);
      expect(StackResourceSummaries[3]).toMatchObject({
        LogicalResourceId: 'Queue',
        PhysicalResourceId: physical('Queue'),
        ResourceType: 'AWS::SQS::Queue',
        ResourceStatus: 'CREATE_COMPLETE',
      });
    });
  });

  describe('validations', () => {
    it('answers ValidationError for an unknown stack', async () => {
      const error = await errorOf(
        server.client.send(new ListStackResourcesCommand({ StackName: 'ghost' }))
      );
      expect(error.name).toBe('ValidationError');
      expect(error.message).toBe('Stack with id ghost does not exist');
    });

    it('answers ValidationError for a bad NextToken', async () => {
      const error = await errorOf(
        server.client.send(
          new ListStackResourcesCommand({ StackName: 'res', NextToken: 'garbage' })
        )
      );
      expect(error.message).toBe('Invalid NextToken');
    });
  });
});

describe('DescribeStackEvents', () => {
  it('lists events newest first, ending with the stack creation', async () => {
    const { StackEvents = [] } = await server.client.send(
      new DescribeStackEventsCommand({ StackName: 'res' })
    );
    expect(StackEvents[0]).toMatchObject({
      LogicalResourceId: 'res',
      ResourceStatus: 'CREATE_COMPLETE',
    });
    expect(StackEvents.at(-1)).toMatchObject({
      LogicalResourceId: 'res',
      ResourceType: 'AWS::CloudFormation::Stack',
      ResourceStatus: 'CREATE_IN_PROGRESS',
      ResourceStatusReason: 'User Initiated',
    });
    expect(StackEvents.filter((e) => e.ResourceStatus === 'CREATE_COMPLETE')).toHaveLength(5);
  });
});
