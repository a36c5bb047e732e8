import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudFormationInterpreter, StackRecord } from '../../../emulator/cloudformation';
import { loadAssemblyStack } from '../../../emulator/cloudformation/assembly';
import { intrinsicCall } from '../../../emulator/cloudformation/intrinsics';
import { SCENARIO_IDS, type ScenarioId, stackName } from '../../../infra/names';
import { interpreterFor, type ServiceSet, serviceSet, synthesizeAssemblies } from './helpers';

/**
 * The lab's own cloud assembly, synthesized fresh: each of the five stacks deploys broken into
 * the real service stores (fake mapping and pipe registries), updates to fixed in place, and
 * is deleted without leftovers.
 */
let root: string;
let set: ServiceSet;
let cfn: CloudFormationInterpreter;

beforeAll(() => {
  root = synthesizeAssemblies();
  set = serviceSet();
  cfn = interpreterFor(set);
});

afterAll(() => {
  set?.close();
});

const broken = () => path.join(root, 'broken');
const fixed = () => path.join(root, 'fixed');

/** Whether a resource of the stack exists in the service it belongs to. */
async function exists(type: string, physicalId: string): Promise<boolean> {
  switch (type) {
    case 'AWS::SQS::Queue':
      return set.sqs.store.findQueue(physicalId) !== undefined;
    case 'AWS::Kinesis::Stream':
      return set.kinesis.store.listStreams().some((s) => s.name === physicalId);
    case 'AWS::DynamoDB::Table':
      return (await set.dynamodb.store.describeTable(physicalId)) !== undefined;
    case 'AWS::Lambda::Function':
      return set.lambda.listFunctions().some((f) => f.functionName === physicalId);
    case 'AWS::Lambda::EventSourceMapping':
      return set.mappings.mappings.has(physicalId);
    case 'AWS::Pipes::Pipe':
      return set.pipes.pipes.has(physicalId);
    case 'AWS::Logs::LogGroup':
      return set.logs.store.groups.has(physicalId);
    case 'AWS::CloudWatch::Dashboard':
      return set.dashboards.get(physicalId) !== undefined;
    case 'AWS::CloudWatch::Alarm':
      return set.cloudwatch.store.alarms.has(physicalId);
    default:
      return true; // the no-op types
  }
}

/** Every output that refers to a resource names one that exists, with the value recorded. */
async function checkOutputs(stack: StackRecord): Promise<void> {
  for (const [key, output] of Object.entries(stack.template.Outputs ?? {})) {
    const call = intrinsicCall(output.Value);
    const value = stack.outputs.find((o) => o.OutputKey === key)?.OutputValue;
    expect(value, key).toBeTruthy();
    if (!call) continue;
    const logicalId = call.name === 'Ref' ? (call.args as string) : (call.args as string[])[0];
    const resource = stack.resources.get(logicalId as string);
    expect(resource, `${key} -> ${logicalId}`).toBeDefined();
    if (!resource) continue;
    expect(
      await exists(resource.type, resource.physicalId),
      `${key}: ${resource.type} ${resource.physicalId}`
    ).toBe(true);
    if (call.name === 'Ref') expect(value).toBe(resource.physicalId);
    else expect(value).toBe(resource.attributes[(call.args as string[])[1] as string]);
  }
}

function functionNamed(name: string | undefined) {
  return set.lambda.getFunction(name as string);
}

describe.each(SCENARIO_IDS.map((id) => [id]))('%s', (id: ScenarioId) => {
  const name = stackName(id);
  let created: Record<string, string>;
  let stack: StackRecord;

  it('deploys broken with every output naming a real resource', async () => {
    // Act
    const result = await cfn.createStack(broken(), name);
    created = result.outputs;
    stack = result.stack;
    // Assert
    expect(stack.status).toBe('CREATE_COMPLETE');
    expect(stack.tags).toMatchObject({ 'forensics:scenario': id, 'forensics:variant': 'broken' });
    expect(created.Variant).toBe('broken');
    await checkOutputs(stack);
    for (const resource of stack.resources.values()) {
      expect(await exists(resource.type, resource.physicalId), resource.logicalId).toBe(true);
    }
    // Every function runs the bundle of its asset folder, logging where the template says.
    const template = loadAssemblyStack(broken(), name).template;
    for (const [logicalId, definition] of Object.entries(template.Resources)) {
      if (definition.Type !== 'AWS::Lambda::Function') continue;
      const fn = functionNamed(stack.resources.get(logicalId)?.physicalId);
      expect(existsSync(path.join(fn.codeDir, 'index.js')), logicalId).toBe(true);
      expect(fn.handler).toBe('index.handler');
      expect(fn.environment.VARIANT).toBe('broken');
      const { LoggingConfig } = definition.Properties as {
        LoggingConfig: { LogGroup: { Ref: string } };
      };
      const logGroup = LoggingConfig.LogGroup.Ref;
      expect(fn.logGroupName).toBe(stack.resources.get(logGroup)?.physicalId);
    }
  });

  it('updates to fixed in place: same physical names, fixed variant', async () => {
    const before = new Map([...stack.resources.values()].map((r) => [r.logicalId, r.physicalId]));
    const result = await cfn.updateStack(fixed(), name);
    expect(result.stack.status).toBe('UPDATE_COMPLETE');
    expect(result.changes.replaced).toEqual([]);
    expect(result.changes.deleted).toEqual([]);
    for (const [logicalId, physicalId] of before) {
      expect(result.stack.resources.get(logicalId)?.physicalId, logicalId).toBe(physicalId);
    }
    for (const [key, value] of Object.entries(created)) {
      if (key !== 'Variant') expect(result.outputs[key], key).toBe(value);
    }
    expect(result.outputs.Variant).toBe('fixed');
    await checkOutputs(result.stack);
    for (const fn of set.lambda.listFunctions().filter((f) => f.functionName.startsWith(name))) {
      expect(fn.environment.VARIANT).toBe('fixed');
    }
  });

  it('deletes everything it created', async () => {
    const records = [...stack.resources.values()];
    await cfn.deleteStack(name);
    for (const resource of records) {
      expect(await exists(resource.type, resource.physicalId), resource.logicalId).toBe(
        [
          'AWS::IAM::Role',
          'AWS::IAM::Policy',
          'AWS::SQS::QueuePolicy',
          'AWS::CDK::Metadata',
        ].includes(resource.type)
      );
    }
    expect(cfn.findStack(name)).toBeUndefined();
  });
});

describe('scenario specifics', () => {
  it('double-trouble: processor gets the table name; fixed raises timeout to 60 and visibility to 360', async () => {
    const name = stackName('double-trouble');
    const { outputs } = await cfn.createStack(broken(), name);
    const processor = functionNamed(outputs.ProcessorFunctionName);
    expect(processor.environment.TABLE_NAME).toBe(outputs.TableName);
    expect(processor.timeout).toBe(30);
    expect(functionNamed(outputs.SenderFunctionName).environment.QUEUE_URL).toBe(outputs.QueueUrl);
    const queue = set.sqs.store.getQueue(outputs.QueueUrl);
    expect(queue.attributes.VisibilityTimeout).toBe('30');
    expect(queue.config.redrive).toEqual({
      deadLetterTargetArn: set.sqs.store.getQueue(outputs.DeadLetterQueueUrl).arn,
      maxReceiveCount: 5,
    });
    const mapping = set.mappings.get(outputs.EventSourceMappingId as string);
    expect(mapping).toMatchObject({
      EventSourceArn: queue.arn,
      FunctionName: outputs.ProcessorFunctionName,
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(mapping).not.toHaveProperty('Tags');
    const dashboard = JSON.parse(
      set.dashboards.get(outputs.DashboardName as string)?.DashboardBody ?? '{}'
    );
    expect(JSON.stringify(dashboard)).toContain(outputs.ProcessorFunctionName);

    const { outputs: after } = await cfn.updateStack(fixed(), name);
    expect(after.QueueUrl).toBe(outputs.QueueUrl);
    expect(functionNamed(after.ProcessorFunctionName).timeout).toBe(60);
    expect(set.sqs.store.getQueue(after.QueueUrl).attributes.VisibilityTimeout).toBe('360');
    await cfn.deleteStack(name);
  });

  it('latency-forensics: the table is provisioned at 2 WCU broken and on demand fixed', async () => {
    const name = stackName('latency-forensics');
    const { outputs } = await cfn.createStack(broken(), name);
    const table = await set.dynamodb.store.describeTable(outputs.TableName as string);
    expect(table?.ProvisionedThroughput).toMatchObject({
      ReadCapacityUnits: 1,
      WriteCapacityUnits: 2,
    });
    expect(table?.BillingModeSummary?.BillingMode ?? 'PROVISIONED').toBe('PROVISIONED');
    expect(functionNamed(outputs.ProcessorFunctionName).environment.TABLE_NAME).toBe(
      outputs.TableName
    );

    await cfn.updateStack(fixed(), name);
    const after = await set.dynamodb.store.describeTable(outputs.TableName as string);
    expect(after?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    await cfn.deleteStack(name);
    expect(await set.dynamodb.store.describeTable(outputs.TableName as string)).toBeUndefined();
  });

  it('shard-perpetrator: the stream has 4 shards and its shard-level metrics on', async () => {
    const name = stackName('shard-perpetrator');
    const { outputs } = await cfn.createStack(broken(), name);
    const stream = set.kinesis.store.stream({ StreamName: outputs.StreamName as string });
    expect(stream.shards).toHaveLength(4);
    expect(stream.arn).toBe(outputs.StreamArn);
    expect([...stream.shardLevelMetrics].sort()).toEqual([
      'IncomingRecords',
      'WriteProvisionedThroughputExceeded',
    ]);
    expect(set.mappings.get(outputs.EventSourceMappingId as string)).toMatchObject({
      EventSourceArn: outputs.StreamArn,
      StartingPosition: 'LATEST',
      BatchSize: 100,
    });
    await cfn.deleteStack(name);
  });

  it('silent-disappear: the pipe reads the table stream into the queue; fixed adds DLQ, logs and alarm', async () => {
    const name = stackName('silent-disappear');
    const { outputs } = await cfn.createStack(broken(), name);
    const table = await set.dynamodb.store.describeTable(outputs.TableName as string);
    expect(outputs.TableStreamArn).toBe(table?.LatestStreamArn);
    const pipe = set.pipes.get(outputs.PipeName as string);
    expect(pipe.Source).toBe(outputs.TableStreamArn);
    expect(pipe.Target).toBe(set.sqs.store.getQueue(outputs.QueueUrl).arn);
    expect((pipe.TargetParameters as { InputTemplate: string }).InputTemplate).toContain(
      '<$.dynamodb.Keys.productId.S>'
    );

    set.pipes.calls.length = 0;
    const { outputs: after, changes } = await cfn.updateStack(fixed(), name);
    expect(after.PipeName).toBe(outputs.PipeName);
    expect(changes.created.sort()).toEqual([
      'PipeDeadLetterQueue25E64B6D',
      'PipeDeadLetterQueuePolicyA54573D5',
      'PipeExecutionFailedAlarm093EB778',
      'PipeLogGroup607F807C',
    ]);
    expect(set.pipes.calls.map((c) => c.method)).toEqual(['update']);
    const updated = set.pipes.get(after.PipeName as string);
    const dlq = set.sqs.store.getQueue(after.DeadLetterQueueUrl).arn;
    expect(updated.SourceParameters).toMatchObject({
      DynamoDBStreamParameters: { DeadLetterConfig: { Arn: dlq } },
    });
    expect(updated.LogConfiguration).toMatchObject({
      CloudwatchLogsLogDestination: {
        LogGroupArn: `arn:aws:logs:us-east-1:000000000000:log-group:${after.PipeLogGroupName}:*`,
      },
    });
    expect((updated.TargetParameters as { InputTemplate: string }).InputTemplate).toContain(
      `"table": "${outputs.TableName}"`
    );
    const alarm = set.cloudwatch.store.alarms.get(after.FailureAlarmName as string);
    expect(alarm?.Dimensions).toEqual([{ Name: 'PipeName', Value: after.PipeName }]);
    await cfn.deleteStack(name);
    expect(set.cloudwatch.store.alarms.has(after.FailureAlarmName as string)).toBe(false);
  });

  it('vanishing-records: the processor mapping sends failed batches to the on-failure queue', async () => {
    const name = stackName('vanishing-records');
    const { outputs } = await cfn.createStack(broken(), name);
    expect(set.mappings.get(outputs.EventSourceMappingId as string)).toMatchObject({
      EventSourceArn: outputs.StreamArn,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: {
        OnFailure: { Destination: set.sqs.store.getQueue(outputs.OnFailureQueueUrl).arn },
      },
    });
    await cfn.deleteStack(name);
    expect(set.mappings.mappings.size).toBe(0);
  });
});
