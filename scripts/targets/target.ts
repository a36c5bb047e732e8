/**
 * A target is where the lab runs: the emulator on this machine (`local`) or an AWS account
 * (`aws`). Commands talk to a Target and never ask which one it is, except to word a message.
 */
import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { isVariant, type ScenarioId, stackName, type Variant } from '../../infra/names';
import type { CheckClients } from '../checks/check';

/** A deployed scenario stack, as CloudFormation describes it. */
export interface StackInfo {
  id: ScenarioId;
  /** CloudFormation status, e.g. CREATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE. */
  status: string;
  /** From the stack's `Variant` output; undefined for a stack of another version of the lab. */
  variant?: Variant;
  /** When the stack was created or last updated, on the target's clock (ms). */
  changedAt: number;
  /** Whether the stack was updated since it was created (a fix or break in place). */
  updated: boolean;
  outputs: Record<string, string>;
}

/** How a producer is invoked: `async` returns at once (Lambda's Event), `sync` waits for it. */
export type InvokeMode = 'async' | 'sync';

/** What an invocation returned (sync only: async has no payload). */
export interface InvokeOutcome {
  payload?: string;
  functionError?: string;
}

export interface Target {
  readonly kind: 'local' | 'aws';
  /** Where, for messages: `the emulator at http://127.0.0.1:4566 (clock 1x)`. */
  readonly label: string;
  /** Key of this target's remembered state (`local:<instance>`, `aws:<account>:<region>`). */
  readonly stateKey: string;
  /** How many times faster than real time the target's clock runs (1 on AWS). */
  readonly speed: number;
  /** SDK clients for this target, as the checks use them. */
  readonly clients: CheckClients;
  /** Now, on the target's clock (ms since the epoch). */
  now(): Promise<number>;
  /** Waits `ms` of target time (ends early when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** The scenario's stack, or undefined when it is not deployed. */
  describe(id: ScenarioId): Promise<StackInfo | undefined>;
  /** Deploys (creates, or updates in place) one variant of a scenario. */
  deploy(id: ScenarioId, variant: Variant): Promise<void>;
  /** Deletes the scenario's stack; resolves when it is gone. */
  destroy(id: ScenarioId): Promise<void>;
  /** Invokes a function with `event`. */
  invoke(functionName: string, event: unknown, mode: InvokeMode): Promise<InvokeOutcome>;
  /** Releases clients (and, for an in-process emulator, nothing else: its owner stops it). */
  close(): Promise<void>;
}

/**
 * Reads a scenario stack with DescribeStacks; undefined when it does not exist. Other errors
 * (credentials, network) are thrown as they are.
 */
export async function describeScenarioStack(
  cloudformation: CloudFormationClient,
  id: ScenarioId
): Promise<StackInfo | undefined> {
  try {
    const reply = await cloudformation.send(
      new DescribeStacksCommand({ StackName: stackName(id) })
    );
    const stack = reply.Stacks?.[0];
    if (!stack || stack.StackStatus === 'DELETE_COMPLETE') return undefined;
    const outputs: Record<string, string> = {};
    for (const o of stack.Outputs ?? []) {
      if (o.OutputKey && o.OutputValue !== undefined) outputs[o.OutputKey] = o.OutputValue;
    }
    const variant = outputs.Variant;
    const created = stack.CreationTime?.getTime() ?? 0;
    const updatedAt = stack.LastUpdatedTime?.getTime();
    return {
      id,
      status: stack.StackStatus ?? 'UNKNOWN',
      variant: variant && isVariant(variant) ? variant : undefined,
      changedAt: Math.max(created, updatedAt ?? 0),
      updated: updatedAt !== undefined && updatedAt > created,
      outputs,
    };
  } catch (error) {
    const e = error as { name?: string; message?: string };
    if (e.name === 'ValidationError' && /does not exist/.test(e.message ?? '')) return undefined;
    throw error;
  }
}
