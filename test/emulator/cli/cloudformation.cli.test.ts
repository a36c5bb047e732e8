/**
 * Debian's awscli 2.9 (`/usr/bin/aws`, awsQuery) against the emulated CloudFormation API.
 * Needs awscli installed (`apt-get install -y awscli`, as .ci/run does); set AWS_CLI to use
 * another binary. The CLI must be run asynchronously: the emulator answers from this process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudFormationInterpreter } from '../../../emulator/cloudformation';
import { awsCli } from '../../helpers/debian-aws';
import { apiTemplate } from '../cloudformation/api-fixtures';
import {
  interpreterFor,
  type ServiceSet,
  serviceSet,
  startCloudFormationServer,
} from '../cloudformation/helpers';

let set: ServiceSet;
let cfn: CloudFormationInterpreter;
let server: Awaited<ReturnType<typeof startCloudFormationServer>>;

beforeAll(async () => {
  set = serviceSet();
  cfn = interpreterFor(set);
  server = await startCloudFormationServer(set, cfn);
  await cfn.createStackFrom('cli-stack', { template: apiTemplate(), tags: { owner: 'lab' } });
});

afterAll(async () => {
  await server.close();
  set.close();
});

/** Runs `aws cloudformation <args>`; resolves with exit code, parsed stdout and stderr. */
async function cloudformation(...args: string[]) {
  const { code, stdout, stderr } = await awsCli(server.endpoint, ['cloudformation', ...args]);
  const json =
    code !== 0 || args.includes('text') || !stdout.trim() ? undefined : JSON.parse(stdout);
  return { code, json, stdout: code === 0 ? stdout : '', stderr };
}

describe('aws cloudformation (Debian awscli 2.9, awsQuery)', () => {
  it('describes the stack and its outputs', async () => {
    const result = await cloudformation('describe-stacks', '--stack-name', 'cli-stack');
    expect(result.code).toBe(0);
    const stack = result.json.Stacks[0];
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Outputs).toContainEqual({
      OutputKey: 'QueueUrl',
      OutputValue: cfn.outputs('cli-stack').QueueUrl,
      Description: 'the queue URL',
    });
    const query = await cloudformation(
      'describe-stacks',
      '--stack-name',
      'cli-stack',
      '--query',
      "Stacks[0].Outputs[?OutputKey=='StreamName'].OutputValue",
      '--output',
      'text'
    );
    expect(query.code).toBe(0);
    expect(query.stdout.trim()).toBe(cfn.outputs('cli-stack').StreamName);
  });

  it('lists and describes stack resources', async () => {
    const list = await cloudformation('list-stack-resources', '--stack-name', 'cli-stack');
    expect(list.code).toBe(0);
    expect(
      list.json.StackResourceSummaries.map(
        (r: { LogicalResourceId: string }) => r.LogicalResourceId
      )
    ).toEqual(['Dlq', 'Stream', 'Role', 'Queue']);
    const one = await cloudformation(
      'describe-stack-resource',
      '--stack-name',
      'cli-stack',
      '--logical-resource-id',
      'Stream'
    );
    expect(one.json.StackResourceDetail.PhysicalResourceId).toBe(
      cfn.outputs('cli-stack').StreamName
    );
    const all = await cloudformation('describe-stack-resources', '--stack-name', 'cli-stack');
    expect(all.json.StackResources).toHaveLength(4);
  });

  it('reports an unknown stack as the API words it', async () => {
    const result = await cloudformation('describe-stacks', '--stack-name', 'nope');
    // awscli v2 exits 254 on a service error (v1: 255).
    expect([254, 255]).toContain(result.code);
    // awscli 2 adds "(reached max retries: 0)" after the operation name.
    expect(result.stderr).toMatch(
      /An error occurred \(ValidationError\) when calling the DescribeStacks operation( \(reached max retries: 0\))?: Stack with id nope does not exist/
    );
  });
});
