// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings use ${...}
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudFormationInterpreter } from '../../../emulator/cloudformation';
import { StackOperationError } from '../../../emulator/cloudformation/errors';
import type { Template } from '../../../emulator/cloudformation/template';
import { ACCOUNT, errorOf, interpreterFor, type ServiceSet, serviceSet, template } from './helpers';

const QUEUE_URL_PREFIX = `http://127.0.0.1:4566/${ACCOUNT}/`;

/** Two queues (one the other's DLQ), a stream and outputs that use Ref, GetAtt, Sub and Join. */
function queues(visibility = 30, extra: Template['Resources'] = {}): Template {
  return template(
    {
      Dlq: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600 } },
      Queue: {
        Type: 'AWS::SQS::Queue',
        Properties: {
          VisibilityTimeout: visibility,
          RedrivePolicy: {
            deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] },
            maxReceiveCount: 3,
          },
          Tags: [{ Key: 'team', Value: 'lab' }],
        },
      },
      Stream: {
        Type: 'AWS::Kinesis::Stream',
        Properties: { ShardCount: 2, Name: { 'Fn::Sub': '${AWS::StackName}-events' } },
      },
      ...extra,
    },
    {
      Outputs: {
        QueueUrl: { Value: { Ref: 'Queue' } },
        QueueName: { Value: { 'Fn::GetAtt': ['Queue', 'QueueName'] }, Description: 'the queue' },
        StreamArn: { Value: { 'Fn::GetAtt': ['Stream', 'Arn'] } },
        Joined: { Value: { 'Fn::Join': ['|', [{ Ref: 'Stream' }, { Ref: 'AWS::Region' }]] } },
      },
    }
  );
}

describe('CloudFormationInterpreter', () => {
  let set: ServiceSet;
  let cfn: CloudFormationInterpreter;

  beforeEach(() => {
    set = serviceSet();
    cfn = interpreterFor(set, { suffixes: true });
  });

  afterEach(() => {
    set.close();
  });

  describe('createStack', () => {
    describe('validations', () => {
      it('fails for an unsupported resource type, naming it, before creating anything', async () => {
        const error = await errorOf(
          cfn.createStackFrom('s', {
            template: template({
              Queue: { Type: 'AWS::SQS::Queue' },
              Bucket: { Type: 'AWS::S3::Bucket' },
              Topic: { Type: 'AWS::SNS::Topic' },
            }),
          })
        );
        expect(error.name).toBe('ValidationError');
        expect(error.message).toMatch(
          /^Template format error: Unrecognized resource types: \[AWS::S3::Bucket \(Bucket\), AWS::SNS::Topic \(Topic\)\]\. The emulator creates \[AWS::CloudWatch::Alarm, .*\] and accepts as no-ops \[AWS::IAM::Role, AWS::IAM::Policy, AWS::SQS::QueuePolicy, AWS::CDK::Metadata\]$/
        );
        expect(set.sqs.store.listQueues()).toEqual([]);
        expect(cfn.findStack('s')).toBeUndefined();
      });

      it('fails for an unsupported intrinsic function, naming it and where it is', async () => {
        const error = await errorOf(
          cfn.createStackFrom('s', {
            template: template({
              Queue: { Type: 'AWS::SQS::Queue' },
              Other: {
                Type: 'AWS::SQS::Queue',
                Properties: { Tags: [{ Key: 'k', Value: { 'Fn::ToJsonString': {} } }] },
              },
            }),
          })
        );
        expect(error.message).toMatch(
          /^Template format error: Encountered unsupported function: Fn::ToJsonString at Resources\.Other\.Properties\.Tags\[0\]\.Value\./
        );
        expect(set.sqs.store.listQueues()).toEqual([]);
      });

      it('fails for an attribute the type does not have', async () => {
        const error = await errorOf(
          cfn.createStackFrom('s', {
            template: template({
              Queue: { Type: 'AWS::SQS::Queue' },
              Other: {
                Type: 'AWS::SQS::Queue',
                Properties: { QueueName: { 'Fn::GetAtt': ['Queue', 'StreamArn'] } },
              },
            }),
          })
        );
        expect(error.message).toBe(
          'Template error: resource Queue does not support attribute type StreamArn in Fn::GetAtt'
        );
      });

      it('fails for properties the type does not have, and required ones missing', async () => {
        const error = await errorOf(
          cfn.createStackFrom('s', {
            template: template({
              Queue: {
                Type: 'AWS::SQS::Queue',
                Properties: { VisibilityTimeout: 5, Visibility: 5 },
              },
              Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' } },
            }),
          })
        );
        expect(error.name).toBe('ValidationError');
        expect(error.message).toBe(
          'Properties validation failed for resource Queue (AWS::SQS::Queue) with message: #: extraneous key [Visibility] is not permitted'
        );
        const missing = await errorOf(
          cfn.createStackFrom('s', {
            template: template({
              Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' } },
            }),
          })
        );
        expect(missing.message).toBe(
          'Properties validation failed for resource Fn (AWS::Lambda::Function) with message: #: required key [Code] not found, #: required key [Role] not found'
        );
        expect(set.sqs.store.listQueues()).toEqual([]);
      });

      it('fails for a dependency cycle', async () => {
        const error = await errorOf(
          cfn.createStackFrom('s', {
            template: template({
              A: {
                Type: 'AWS::SQS::Queue',
                Properties: {
                  RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['B', 'Arn'] } },
                },
              },
              B: {
                Type: 'AWS::SQS::Queue',
                Properties: {
                  RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['A', 'Arn'] } },
                },
              },
            }),
          })
        );
        expect(error.message).toBe('Circular dependency between resources: [A, B]');
      });

      it('checks parameters: missing values, unknown keys, allowed values, numbers', async () => {
        const t = template(
          { Queue: { Type: 'AWS::SQS::Queue' } },
          {
            Parameters: {
              Size: { Type: 'Number' },
              Mode: { Type: 'String', Default: 'a', AllowedValues: ['a', 'b'] },
            },
          }
        );
        expect((await errorOf(cfn.createStackFrom('s', { template: t }))).message).toBe(
          'Parameters: [Size] must have values'
        );
        expect(
          (
            await errorOf(
              cfn.createStackFrom('s', { template: t }, { parameters: { Size: '1', Nope: 'x' } })
            )
          ).message
        ).toBe('Parameters: [Nope] do not exist in the template');
        expect(
          (await errorOf(cfn.createStackFrom('s', { template: t }, { parameters: { Size: 'x' } })))
            .message
        ).toBe("Parameter 'Size' must be a number.");
        expect(
          (
            await errorOf(
              cfn.createStackFrom('s', { template: t }, { parameters: { Size: '1', Mode: 'c' } })
            )
          ).message
        ).toBe("Parameter 'Mode' must be one of AllowedValues");
      });

      it('fails a Rules assertion with its AssertDescription, and an unknown SSM parameter', async () => {
        const rule = (version: string) =>
          template(
            { Queue: { Type: 'AWS::SQS::Queue' } },
            {
              Parameters: {
                BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: version },
              },
              Rules: {
                CheckBootstrapVersion: {
                  Assertions: [
                    {
                      Assert: {
                        'Fn::Not': [
                          {
                            'Fn::Contains': [
                              ['1', '2', '3', '4', '5'],
                              { Ref: 'BootstrapVersion' },
                            ],
                          },
                        ],
                      },
                      AssertDescription: 'CDK bootstrap stack version 6 required.',
                    },
                  ],
                },
              },
            }
          );
        const oldSsm = new CloudFormationInterpreter({
          region: 'us-east-1',
          accountId: ACCOUNT,
          clock: set.clock,
          services: set.services,
          ssmParameters: { '/cdk-bootstrap/hnb659fds/version': '4' },
        });
        expect(
          (
            await errorOf(
              oldSsm.createStackFrom('s', { template: rule('/cdk-bootstrap/hnb659fds/version') })
            )
          ).message
        ).toBe('CDK bootstrap stack version 6 required.');
        expect(
          (await errorOf(cfn.createStackFrom('s', { template: rule('/no/such/parameter') })))
            .message
        ).toBe(
          'Unable to fetch parameters [/no/such/parameter] from parameter store for this account.'
        );
      });

      it('fails for an invalid or taken stack name', async () => {
        const t = template({ Queue: { Type: 'AWS::SQS::Queue' } });
        expect(
          (await errorOf(cfn.createStackFrom('1bad_name', { template: t }))).message
        ).toContain("Value '1bad_name' at 'stackName' failed to satisfy constraint");
        await cfn.createStackFrom('taken', { template: t });
        const error = await errorOf(cfn.createStackFrom('taken', { template: t }));
        expect(error.name).toBe('AlreadyExistsException');
        expect(error.message).toBe('Stack [taken] already exists');
      });
    });

    describe('functionality', () => {
      it('creates resources with generated names and records outputs', async () => {
        // Act
        const { stack, outputs, changes } = await cfn.createStackFrom(
          'lab',
          { template: queues() },
          { tags: { team: 'x' } }
        );
        // Assert
        expect(stack.status).toBe('CREATE_COMPLETE');
        expect(changes.created).toEqual(['Dlq', 'Stream', 'Queue']);
        const queueName = 'lab-Queue-SUFFIX0000002';
        expect(outputs).toEqual({
          QueueUrl: `${QUEUE_URL_PREFIX}${queueName}`,
          QueueName: queueName,
          StreamArn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/lab-events`,
          Joined: 'lab-events|us-east-1',
        });
        expect(stack.outputs.find((o) => o.OutputKey === 'QueueName')?.Description).toBe(
          'the queue'
        );
        const queue = set.sqs.store.getQueue(outputs.QueueUrl);
        expect(queue.attributes.VisibilityTimeout).toBe('30');
        expect(JSON.parse(queue.attributes.RedrivePolicy as string)).toEqual({
          deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:lab-Dlq-SUFFIX0000001`,
          maxReceiveCount: 3,
        });
        expect(queue.tags).toEqual({ team: 'lab' });
        expect(set.kinesis.store.stream({ StreamName: 'lab-events' }).shards).toHaveLength(2);
        expect(stack.tags).toEqual({ team: 'x' });
        expect(stack.events[0]?.ResourceStatus).toBe('CREATE_COMPLETE');
      });

      it('skips resources and outputs whose condition is false', async () => {
        const t = template(
          {
            Always: { Type: 'AWS::SQS::Queue' },
            OnlyProd: { Type: 'AWS::SQS::Queue', Condition: 'IsProd' },
          },
          {
            Parameters: { Env: { Type: 'String', Default: 'dev' } },
            Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
            Outputs: {
              Prod: { Condition: 'IsProd', Value: { Ref: 'OnlyProd' } },
              Size: { Value: { 'Fn::If': ['IsProd', 'big', 'small'] } },
            },
          }
        );
        const { stack, outputs } = await cfn.createStackFrom('cond', { template: t });
        expect([...stack.resources.keys()]).toEqual(['Always']);
        expect(outputs).toEqual({ Size: 'small' });
        expect(stack.parameters).toEqual([{ ParameterKey: 'Env', ParameterValue: 'dev' }]);
      });

      it('resolves SSM parameters (the CDK bootstrap version) and shows the ResolvedValue', async () => {
        const t = template(
          { Queue: { Type: 'AWS::SQS::Queue' } },
          {
            Parameters: {
              BootstrapVersion: {
                Type: 'AWS::SSM::Parameter::Value<String>',
                Default: '/cdk-bootstrap/hnb659fds/version',
              },
            },
          }
        );
        const { stack } = await cfn.createStackFrom('ssm', { template: t });
        expect(stack.parameters).toEqual([
          {
            ParameterKey: 'BootstrapVersion',
            ParameterValue: '/cdk-bootstrap/hnb659fds/version',
            ResolvedValue: '33',
          },
        ]);
      });

      it('accepts the no-op types and gives them Ref and attributes', async () => {
        const t = template(
          {
            Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
            Named: {
              Type: 'AWS::IAM::Role',
              Properties: { RoleName: 'named-role', Path: '/service/' },
            },
            Policy: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'Role' }] } },
            Queue: { Type: 'AWS::SQS::Queue' },
            QueuePolicy: {
              Type: 'AWS::SQS::QueuePolicy',
              Properties: { Queues: [{ Ref: 'Queue' }] },
            },
            CDKMetadata: {
              Type: 'AWS::CDK::Metadata',
              Properties: { Analytics: 'v2:deflate64:x' },
            },
          },
          {
            Outputs: {
              RoleArn: { Value: { 'Fn::GetAtt': ['Role', 'Arn'] } },
              NamedArn: { Value: { 'Fn::GetAtt': ['Named', 'Arn'] } },
              PolicyId: { Value: { Ref: 'Policy' } },
            },
          }
        );
        const { outputs, stack } = await cfn.createStackFrom('noop', { template: t });
        expect(outputs.RoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/noop-Role-SUFFIX0000001`);
        expect(outputs.NamedArn).toBe(`arn:aws:iam::${ACCOUNT}:role/service/named-role`);
        expect(outputs.PolicyId).toMatch(/^noop-Policy-SUFFIX\d{7}$/);
        expect(stack.resources.get('Role')?.attributes.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
        expect(set.sqs.store.listQueues()).toHaveLength(1);
      });

      it('rolls back a failed create: deletes what it made and reports the resource and cause', async () => {
        const t = template({
          First: { Type: 'AWS::SQS::Queue' },
          Stream: {
            Type: 'AWS::Kinesis::Stream',
            Properties: { ShardCount: 1 },
            DependsOn: 'First',
          },
          Broken: {
            Type: 'AWS::SQS::Queue',
            Properties: { VisibilityTimeout: 99999 },
            DependsOn: 'Stream',
          },
        });
        const error = await errorOf(cfn.createStackFrom('fails', { template: t }));
        expect(error).toBeInstanceOf(StackOperationError);
        expect(error.logicalId).toBe('Broken');
        expect(error.resourceType).toBe('AWS::SQS::Queue');
        expect(error.stackStatus).toBe('ROLLBACK_COMPLETE');
        expect(error.reason).toBe(
          'Invalid value for the parameter VisibilityTimeout. (Error Code: InvalidAttributeValue)'
        );
        expect(error.message).toBe(
          'Stack fails: CREATE_FAILED on Broken (AWS::SQS::Queue): Invalid value for the parameter VisibilityTimeout. (Error Code: InvalidAttributeValue); the stack is now ROLLBACK_COMPLETE'
        );
        const stack = cfn.describeStack('fails');
        expect(stack.status).toBe('ROLLBACK_COMPLETE');
        expect(stack.resources.size).toBe(0);
        expect(set.sqs.store.listQueues()).toEqual([]);
        expect(set.kinesis.store.listStreams()).toEqual([]);
        const statuses = stack.events
          .map((e) => `${e.LogicalResourceId}:${e.ResourceStatus}`)
          .reverse();
        expect(statuses.slice(statuses.indexOf('Broken:CREATE_FAILED'))).toEqual([
          'Broken:CREATE_FAILED',
          'fails:ROLLBACK_IN_PROGRESS',
          'Stream:DELETE_IN_PROGRESS',
          'Stream:DELETE_COMPLETE',
          'First:DELETE_IN_PROGRESS',
          'First:DELETE_COMPLETE',
          'fails:ROLLBACK_COMPLETE',
        ]);
        // A rolled-back stack can only be deleted.
        const update = await errorOf(cfn.updateStackFrom('fails', { template: t }));
        expect(update.message).toBe(
          `Stack:${stack.stackId} is in ROLLBACK_COMPLETE state and can not be updated.`
        );
      });

      it('fails the resource whose service the emulator lacks, naming both', async () => {
        const bare = new CloudFormationInterpreter({
          region: 'us-east-1',
          accountId: ACCOUNT,
          clock: set.clock,
          services: { sqs: set.sqs.store },
        });
        const error = await errorOf(
          bare.createStackFrom('partial', {
            template: template({
              Queue: { Type: 'AWS::SQS::Queue' },
              Table: { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [] } },
            }),
          })
        );
        expect(error.message).toContain(
          "AWS::DynamoDB::Table Table needs the emulator's DynamoDB service, which this emulator has not been given"
        );
        expect(set.sqs.store.listQueues()).toEqual([]);
      });

      it('exports outputs for Fn::ImportValue and refuses a second export of the same name', async () => {
        const exporter = template(
          { Queue: { Type: 'AWS::SQS::Queue' } },
          {
            Outputs: {
              Arn: { Value: { 'Fn::GetAtt': ['Queue', 'Arn'] }, Export: { Name: 'shared-arn' } },
            },
          }
        );
        await cfn.createStackFrom('exporter', { template: exporter });
        const importer = template(
          {
            Queue: {
              Type: 'AWS::SQS::Queue',
              Properties: {
                RedrivePolicy: {
                  deadLetterTargetArn: { 'Fn::ImportValue': 'shared-arn' },
                  maxReceiveCount: 2,
                },
              },
            },
          },
          { Outputs: { Imported: { Value: { 'Fn::ImportValue': 'shared-arn' } } } }
        );
        const { outputs } = await cfn.createStackFrom('importer', { template: importer });
        expect(outputs.Imported).toBe(
          `arn:aws:sqs:us-east-1:${ACCOUNT}:exporter-Queue-SUFFIX0000001`
        );
        const error = await errorOf(cfn.createStackFrom('again', { template: exporter }));
        expect(error).toBeInstanceOf(StackOperationError);
        expect(error.reason).toBe(
          'Export with name shared-arn is already exported by stack exporter'
        );
      });
    });
  });

  describe('updateStack', () => {
    describe('functionality', () => {
      it('updates in place, keeping physical names, and restores defaults of removed properties', async () => {
        const { outputs: before } = await cfn.createStackFrom('lab', { template: queues(30) });
        const next = queues(360);
        delete (next.Resources.Dlq as { Properties?: unknown }).Properties;
        const { outputs, changes, stack } = await cfn.updateStackFrom('lab', { template: next });
        expect(stack.status).toBe('UPDATE_COMPLETE');
        expect(outputs).toEqual(before);
        expect(changes).toEqual({
          created: [],
          updated: ['Dlq', 'Queue'],
          replaced: [],
          deleted: [],
        });
        const queue = set.sqs.store.getQueue(outputs.QueueUrl);
        expect(queue.attributes.VisibilityTimeout).toBe('360');
        expect(queue.config.visibilityTimeoutSeconds).toBe(360);
        const dlq = set.sqs.store.listQueues().find((q) => q.name.includes('-Dlq-'));
        expect(dlq?.attributes.MessageRetentionPeriod).toBe('345600');
        expect(stack.resources.get('Queue')?.status).toBe('UPDATE_COMPLETE');
        expect(stack.resources.get('Stream')?.status).toBe('CREATE_COMPLETE');
      });

      it('reports an update with nothing to change as unchanged', async () => {
        await cfn.createStackFrom('lab', { template: queues() });
        const result = await cfn.updateStackFrom('lab', { template: queues() });
        expect(result.unchanged).toBe(true);
        expect(result.stack.status).toBe('CREATE_COMPLETE');
      });

      it('creates added resources and deletes removed ones, keeping DeletionPolicy Retain', async () => {
        const withExtra = queues(30, {
          Extra: { Type: 'AWS::SQS::Queue' },
          Kept: { Type: 'AWS::SQS::Queue', DeletionPolicy: 'Retain' },
        });
        await cfn.createStackFrom('lab', { template: queues() });
        const added = await cfn.updateStackFrom('lab', { template: withExtra });
        expect(added.changes.created).toEqual(['Extra', 'Kept']);
        expect(set.sqs.store.listQueues()).toHaveLength(4);
        const removed = await cfn.updateStackFrom('lab', { template: queues() });
        expect(removed.changes.deleted).toEqual(['Kept', 'Extra']);
        const kept = added.stack.events.find(
          (e) => e.LogicalResourceId === 'Kept'
        )?.PhysicalResourceId;
        expect(set.sqs.store.findQueue(kept)).toBeDefined();
        expect(set.sqs.store.listQueues()).toHaveLength(3);
        expect(
          removed.stack.events.some(
            (e) => e.LogicalResourceId === 'Kept' && e.ResourceStatus === 'DELETE_SKIPPED'
          )
        ).toBe(true);
      });

      it('replaces a resource when a replacement property changes, and updates what refers to it', async () => {
        const named = (name: string) =>
          template({
            Dlq: { Type: 'AWS::SQS::Queue', Properties: { QueueName: name } },
            Queue: {
              Type: 'AWS::SQS::Queue',
              Properties: {
                RedrivePolicy: {
                  deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] },
                  maxReceiveCount: 3,
                },
              },
            },
          });
        await cfn.createStackFrom('lab', { template: named('first-dlq') });
        const result = await cfn.updateStackFrom('lab', { template: named('second-dlq') });
        expect(result.changes.replaced).toEqual(['Dlq']);
        expect(result.changes.updated).toEqual(['Queue']);
        expect(
          set.sqs.store
            .listQueues()
            .map((q) => q.name)
            .sort()
        ).toEqual(['lab-Queue-SUFFIX0000001', 'second-dlq']);
        const queue = set.sqs.store.listQueues().find((q) => q.name === 'lab-Queue-SUFFIX0000001');
        expect(queue?.config.redrive?.deadLetterTargetArn).toBe(
          `arn:aws:sqs:us-east-1:${ACCOUNT}:second-dlq`
        );
      });

      it('refuses to replace a custom-named resource under the same name', async () => {
        const group = (cls: string) =>
          template({
            Group: {
              Type: 'AWS::Logs::LogGroup',
              Properties: { LogGroupName: '/lab/group', LogGroupClass: cls },
            },
          });
        await cfn.createStackFrom('lab', { template: group('STANDARD') });
        const error = await errorOf(
          cfn.updateStackFrom('lab', { template: group('INFREQUENT_ACCESS') })
        );
        expect(error).toBeInstanceOf(StackOperationError);
        expect(error.reason).toBe(
          'CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename /lab/group and update the stack again.'
        );
        expect(error.stackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
      });

      it('rolls back a failed update: new resources deleted, updated ones restored', async () => {
        await cfn.createStackFrom('lab', { template: queues(30) });
        const failing = queues(360, {
          Added: { Type: 'AWS::SQS::Queue' },
          Broken: {
            Type: 'AWS::SQS::Queue',
            Properties: { DelaySeconds: 5000 },
            DependsOn: ['Added', 'Queue'],
          },
        });
        const error = await errorOf(cfn.updateStackFrom('lab', { template: failing }));
        expect(error).toBeInstanceOf(StackOperationError);
        expect(error.logicalId).toBe('Broken');
        expect(error.stackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
        const stack = cfn.describeStack('lab');
        expect(stack.status).toBe('UPDATE_ROLLBACK_COMPLETE');
        expect([...stack.resources.keys()]).toEqual(['Dlq', 'Stream', 'Queue']);
        expect(set.sqs.store.listQueues()).toHaveLength(2);
        expect(
          set.sqs.store.getQueue(cfn.outputs('lab').QueueUrl).attributes.VisibilityTimeout
        ).toBe('30');
        // The stack can be updated again after the rollback.
        const retry = await cfn.updateStackFrom('lab', { template: queues(60) });
        expect(retry.stack.status).toBe('UPDATE_COMPLETE');
      });

      it('updates a table capacity and stream in place', async () => {
        const table = (props: Record<string, unknown>) =>
          template(
            {
              Table: {
                Type: 'AWS::DynamoDB::Table',
                Properties: {
                  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
                  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
                  ...props,
                },
              },
            },
            { Outputs: { Name: { Value: { Ref: 'Table' } } } }
          );
        const provisioned = (w: number) => ({
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: w },
        });
        const { outputs } = await cfn.createStackFrom('ddb', { template: table(provisioned(2)) });
        const describe = () => set.dynamodb.store.describeTable(outputs.Name as string);
        expect((await describe())?.ProvisionedThroughput.WriteCapacityUnits).toBe(2);

        await cfn.updateStackFrom('ddb', { template: table(provisioned(5)) });
        expect((await describe())?.ProvisionedThroughput.WriteCapacityUnits).toBe(5);

        const stream = { StreamSpecification: { StreamViewType: 'KEYS_ONLY' } };
        await cfn.updateStackFrom('ddb', {
          template: table({ BillingMode: 'PAY_PER_REQUEST', ...stream }),
        });
        const onDemand = await describe();
        expect(onDemand?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
        expect(onDemand?.StreamSpecification).toEqual({
          StreamEnabled: true,
          StreamViewType: 'KEYS_ONLY',
        });
        expect(cfn.describeStack('ddb').resources.get('Table')?.attributes.StreamArn).toBe(
          onDemand?.LatestStreamArn
        );

        const images = { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } };
        const result = await cfn.updateStackFrom('ddb', {
          template: table({ BillingMode: 'PAY_PER_REQUEST', ...images }),
        });
        expect(result.changes.updated).toEqual(['Table']);
        expect((await describe())?.StreamSpecification?.StreamViewType).toBe('NEW_AND_OLD_IMAGES');

        await cfn.updateStackFrom('ddb', { template: table(provisioned(3)) });
        const back = await describe();
        expect(back?.StreamSpecification).toBeUndefined();
        expect(back?.ProvisionedThroughput.WriteCapacityUnits).toBe(3);
        expect(outputs.Name).toBe(cfn.outputs('ddb').Name);
      });

      it('fails an update the Kinesis store cannot apply in place, and rolls back', async () => {
        await cfn.createStackFrom('lab', { template: queues() });
        const more = queues();
        (more.Resources.Stream?.Properties as Record<string, unknown>).ShardCount = 4;
        const error = await errorOf(cfn.updateStackFrom('lab', { template: more }));
        expect(error.reason).toBe(
          "ShardCount of stream lab-events cannot change from 2 to 4: the emulator's Kinesis store does not support UpdateShardCount"
        );
        expect(set.kinesis.store.stream({ StreamName: 'lab-events' }).shards).toHaveLength(2);
      });
    });

    describe('validations', () => {
      it('fails for a stack that does not exist', async () => {
        const error = await errorOf(cfn.updateStackFrom('ghost', { template: queues() }));
        expect(error.name).toBe('ValidationError');
        expect(error.message).toBe('Stack [ghost] does not exist');
      });
    });
  });

  describe('deleteStack', () => {
    it('deletes every resource, dependents first, keeping Retain ones, and remembers the stack by id', async () => {
      const t = queues(30, { Kept: { Type: 'AWS::SQS::Queue', DeletionPolicy: 'Retain' } });
      const { stack } = await cfn.createStackFrom('lab', { template: t });
      const deleted = await cfn.deleteStack('lab');
      expect(deleted?.status).toBe('DELETE_COMPLETE');
      expect(set.sqs.store.listQueues().map((q) => q.name)).toEqual([
        stack.events
          .find((e) => e.LogicalResourceId === 'Kept')
          ?.PhysicalResourceId?.split('/')
          .at(-1),
      ]);
      expect(set.kinesis.store.listStreams()).toEqual([]);
      const order = stack.events
        .filter(
          (e) => e.ResourceStatus === 'DELETE_COMPLETE' || e.ResourceStatus === 'DELETE_SKIPPED'
        )
        .map((e) => e.LogicalResourceId)
        .reverse();
      expect(order).toEqual(['Queue', 'Kept', 'Stream', 'Dlq', 'lab']);
      expect(cfn.findStack('lab')).toBeUndefined();
      expect(cfn.describeStack(stack.stackId).status).toBe('DELETE_COMPLETE');
      expect(() => cfn.describeStack('lab')).toThrow('Stack with id lab does not exist');
      expect(await cfn.deleteStack('lab')).toBeUndefined();
      // The name can be used again.
      expect((await cfn.createStackFrom('lab', { template: queues() })).stack.stackId).not.toBe(
        stack.stackId
      );
    });
  });
});
