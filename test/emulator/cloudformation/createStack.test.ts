import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudFormationInterpreter } from '../../../emulator/cloudformation';
import { apiTemplate } from './api-fixtures';
import {
  errorOf,
  interpreterFor,
  type ServiceSet,
  serviceSet,
  startCloudFormationServer,
  template,
} from './helpers';

let set: ServiceSet;
let cfn: CloudFormationInterpreter;
let server: Awaited<ReturnType<typeof startCloudFormationServer>>;

beforeAll(async () => {
  set = serviceSet();
  cfn = interpreterFor(set);
  server = await startCloudFormationServer(set, cfn);
});

afterAll(async () => {
  await server.close();
  set.close();
});

const body = (visibility = 30) => JSON.stringify(apiTemplate(visibility));

async function describe1(name: string) {
  const { Stacks = [] } = await server.client.send(new DescribeStacksCommand({ StackName: name }));
  return Stacks[0];
}

describe('CreateStack', () => {
  describe('functionality', () => {
    it('creates a stack from a JSON TemplateBody with parameters and tags', async () => {
      // Act
      const { StackId } = await server.client.send(
        new CreateStackCommand({
          StackName: 'http-create',
          TemplateBody: body(),
          Parameters: [{ ParameterKey: 'Shards', ParameterValue: '1' }],
          Tags: [{ Key: 'team', Value: 'lab' }],
          Capabilities: ['CAPABILITY_IAM'],
        })
      );
      // Assert
      const stack = await describe1('http-create');
      expect(stack?.StackId).toBe(StackId);
      expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
      expect(stack?.Tags).toEqual([{ Key: 'team', Value: 'lab' }]);
      expect(
        set.kinesis.store.stream({ StreamName: cfn.outputs('http-create').StreamName as string })
          .shards
      ).toHaveLength(1);
    });

    it('reports a failed creation in the stack status, not as an error of the call', async () => {
      const failing = template({
        Queue: { Type: 'AWS::SQS::Queue', Properties: { MaximumMessageSize: 1 } },
      });
      await server.client.send(
        new CreateStackCommand({ StackName: 'http-fails', TemplateBody: JSON.stringify(failing) })
      );
      const stack = await describe1('http-fails');
      expect(stack?.StackStatus).toBe('ROLLBACK_COMPLETE');
      expect(stack?.StackStatusReason).toBe(
        'The following resource(s) failed to create: [Queue]. Rollback requested by user.'
      );
    });
  });

  describe('validations', () => {
    it('answers AlreadyExistsException for a taken name', async () => {
      await server.client.send(
        new CreateStackCommand({ StackName: 'http-taken', TemplateBody: body() })
      );
      const error = await errorOf(
        server.client.send(
          new CreateStackCommand({ StackName: 'http-taken', TemplateBody: body() })
        )
      );
      expect(error.name).toBe('AlreadyExistsException');
      expect(error.message).toBe('Stack [http-taken] already exists');
    });

    it('answers ValidationError for an unsupported resource type or a malformed template', async () => {
      const s3 = JSON.stringify(template({ Bucket: { Type: 'AWS::S3::Bucket' } }));
      const error = await errorOf(
        server.client.send(new CreateStackCommand({ StackName: 'http-s3', TemplateBody: s3 }))
      );
      expect(error.name).toBe('ValidationError');
      expect(error.message).toMatch(
        /^Template format error: Unrecognized resource types: \[AWS::S3::Bucket \(Bucket\)\]/
      );
      const malformed = await errorOf(
        server.client.send(new CreateStackCommand({ StackName: 'http-bad', TemplateBody: '{' }))
      );
      expect(malformed.message).toBe('Template format error: JSON not well-formed.');
      const url = await errorOf(
        server.client.send(
          new CreateStackCommand({
            StackName: 'http-url',
            TemplateURL: 'https://s3.amazonaws.com/b/t.json',
          })
        )
      );
      expect(url.message).toContain('TemplateURL is not supported by the emulator');
    });
  });
});

describe('UpdateStack', () => {
  describe('functionality', () => {
    it('updates in place, keeping parameters given with UsePreviousValue', async () => {
      await server.client.send(
        new CreateStackCommand({
          StackName: 'http-update',
          TemplateBody: body(30),
          Parameters: [{ ParameterKey: 'Shards', ParameterValue: '3' }],
        })
      );
      const before = cfn.outputs('http-update');
      await server.client.send(
        new UpdateStackCommand({
          StackName: 'http-update',
          TemplateBody: body(90),
          Parameters: [{ ParameterKey: 'Shards', UsePreviousValue: true }],
        })
      );
      const stack = await describe1('http-update');
      expect(stack?.StackStatus).toBe('UPDATE_COMPLETE');
      expect(stack?.LastUpdatedTime).toBeInstanceOf(Date);
      expect(stack?.Parameters?.find((p) => p.ParameterKey === 'Shards')?.ParameterValue).toBe('3');
      expect(cfn.outputs('http-update')).toEqual(before);
      expect(set.sqs.store.getQueue(before.QueueUrl).attributes.VisibilityTimeout).toBe('90');
    });
  });

  describe('validations', () => {
    it('answers "No updates are to be performed." when nothing changes', async () => {
      await server.client.send(
        new CreateStackCommand({ StackName: 'http-same', TemplateBody: body() })
      );
      const error = await errorOf(
        server.client.send(
          new UpdateStackCommand({ StackName: 'http-same', UsePreviousTemplate: true })
        )
      );
      expect(error.name).toBe('ValidationError');
      expect(error.message).toBe('No updates are to be performed.');
    });

    it('answers ValidationError for a stack that does not exist', async () => {
      const error = await errorOf(
        server.client.send(new UpdateStackCommand({ StackName: 'ghost', TemplateBody: body() }))
      );
      expect(error.message).toBe('Stack [ghost] does not exist');
    });
  });
});

describe('DeleteStack', () => {
  it('deletes the stack and its resources; deleting again succeeds', async () => {
    await server.client.send(
      new CreateStackCommand({ StackName: 'http-delete', TemplateBody: body() })
    );
    const url = cfn.outputs('http-delete').QueueUrl;
    await server.client.send(new DeleteStackCommand({ StackName: 'http-delete' }));
    expect(set.sqs.store.findQueue(url)).toBeUndefined();
    await server.client.send(new DeleteStackCommand({ StackName: 'http-delete' }));
    const error = await errorOf(describe1('http-delete'));
    expect(error.message).toBe('Stack with id http-delete does not exist');
  });
});
