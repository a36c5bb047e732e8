import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { type OutputKey, type ScenarioId, stackName } from '../../infra/names';

/** A check could not run at all: not deployed, no credentials, no endpoint. */
export class CheckUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CheckUnavailableError';
  }
}

/** A deployed scenario's outputs, by output key. */
export class StackOutputs {
  constructor(
    readonly scenarioId: ScenarioId,
    private readonly values: Record<string, string>,
    /** When the stack was last created or updated (ms since the epoch), if CloudFormation said. */
    readonly changedAt?: number
  ) {}

  /** The output's value; a missing one means the stack is not the lab's, or is outdated. */
  get(key: OutputKey): string {
    const value = this.values[key];
    if (value === undefined) {
      throw new CheckUnavailableError(
        `stack ${stackName(this.scenarioId)} has no output ${key}: redeploy it with this version of the lab`
      );
    }
    return value;
  }

  /** The output's value, or undefined when this variant does not export it. */
  find(key: OutputKey): string | undefined {
    return this.values[key];
  }
}

/** Reads a scenario stack's outputs with DescribeStacks. */
export async function readStackOutputs(
  cloudformation: CloudFormationClient,
  id: ScenarioId
): Promise<StackOutputs> {
  const name = stackName(id);
  try {
    const reply = await cloudformation.send(new DescribeStacksCommand({ StackName: name }));
    const stack = reply.Stacks?.[0];
    if (!stack) throw new CheckUnavailableError(`stack ${name} is not deployed: deploy it first`);
    const values: Record<string, string> = {};
    for (const o of stack.Outputs ?? []) {
      if (o.OutputKey && o.OutputValue !== undefined) values[o.OutputKey] = o.OutputValue;
    }
    const changed = stack.LastUpdatedTime ?? stack.CreationTime;
    return new StackOutputs(id, values, changed ? new Date(changed).getTime() : undefined);
  } catch (error) {
    if (error instanceof CheckUnavailableError) throw error;
    const e = error as { name?: string; message?: string };
    if (e.name === 'ValidationError' && /does not exist/.test(e.message ?? '')) {
      throw new CheckUnavailableError(`stack ${name} is not deployed: deploy it first`, {
        cause: error,
      });
    }
    throw new CheckUnavailableError(
      `could not read stack ${name} (${e.name ?? 'Error'}: ${e.message ?? String(error)}): check your credentials and region`,
      { cause: error }
    );
  }
}
