/**
 * The offline target: the emulator on 127.0.0.1. Two ways to reach it:
 *
 * - in-process (`demo`, `play`, `serve`): the command started the emulator and deploys by
 *   calling its CloudFormation interpreter directly;
 * - from another process (`deploy`, `traffic`, `check`, `fix`, `break`, `status`, `destroy`):
 *   `.forensics/emulator.json` names the running emulator, and deploys go through the small
 *   management endpoint that `serve`/`play` run next to it (see emulator-host.ts), because the
 *   emulator's own CreateStack API cannot carry the assembly's Lambda code.
 *
 * Everything else (traffic, checks, status) uses the emulator's AWS APIs through the SDK, the
 * same calls as on AWS.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ScenarioId, Variant } from '../../infra/names';
import type { CheckClients } from '../checks/check';
import { CouldNotRunError, EmulatorUnavailableError } from '../commands/lib/errors';
import { delay } from '../commands/lib/io';
import {
  type EmulatorRecord,
  emulatorFile,
  processAlive,
  readEmulatorRecord,
  removeFile,
} from '../commands/lib/state';
import {
  describeScenarioStack,
  type InvokeMode,
  type InvokeOutcome,
  type StackInfo,
  type Target,
} from './target';

/** The emulator's fixed test credentials: never a real account's. */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** How the emulated and real clocks line up (the emulator may run faster than real time). */
export interface ClockAnchor {
  emulatedMs: number;
  realMs: number;
  speed: number;
}

/** Deploys and deletes stacks in the emulator: in-process, or over the management endpoint. */
export interface LocalControl {
  anchor(): ClockAnchor;
  deploy(id: ScenarioId, variant: Variant): Promise<void>;
  destroy(id: ScenarioId): Promise<void>;
}

/** SDK clients pointed at an emulator endpoint, with the emulator's test credentials. */
export function emulatorClients(endpoint: string, region: string): CheckClients {
  const config = { endpoint, region, credentials: EMULATOR_CREDENTIALS };
  return {
    cloudwatch: new CloudWatchClient(config),
    cloudformation: new CloudFormationClient(config),
    kinesis: new KinesisClient(config),
    lambda: new LambdaClient(config),
    sqs: new SQSClient(config),
  };
}

/** The offline target. */
export class LocalTarget implements Target {
  readonly kind = 'local' as const;
  readonly clients: CheckClients;
  /** Producers run for minutes: one attempt, no socket timeout. */
  private readonly invoker: LambdaClient;

  constructor(
    readonly endpoint: string,
    readonly region: string,
    readonly instanceId: string,
    private readonly control: LocalControl
  ) {
    this.clients = emulatorClients(endpoint, region);
    this.invoker = new LambdaClient({
      endpoint,
      region,
      credentials: EMULATOR_CREDENTIALS,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ requestTimeout: 0 }),
    });
  }

  get speed(): number {
    return this.control.anchor().speed;
  }

  get label(): string {
    return `the emulator at ${this.endpoint} (clock ${this.speed}x)`;
  }

  get stateKey(): string {
    return `local:${this.instanceId}`;
  }

  async now(): Promise<number> {
    const a = this.control.anchor();
    return a.emulatedMs + (Date.now() - a.realMs) * a.speed;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return delay(ms / this.speed, signal);
  }

  describe(id: ScenarioId): Promise<StackInfo | undefined> {
    return describeScenarioStack(this.clients.cloudformation, id);
  }

  deploy(id: ScenarioId, variant: Variant): Promise<void> {
    return this.control.deploy(id, variant);
  }

  destroy(id: ScenarioId): Promise<void> {
    return this.control.destroy(id);
  }

  async invoke(functionName: string, event: unknown, mode: InvokeMode): Promise<InvokeOutcome> {
    const reply = await this.invoker.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: mode === 'async' ? 'Event' : 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      })
    );
    return {
      payload: reply.Payload ? new TextDecoder().decode(reply.Payload) : undefined,
      functionError: reply.FunctionError,
    };
  }

  async close(): Promise<void> {
    for (const client of Object.values(this.clients)) client.destroy();
    this.invoker.destroy();
  }
}

/** The management endpoint's answer to GET /v1/clock. */
interface ClockReply {
  instanceId: string;
  anchor: ClockAnchor;
}

/** Calls the management endpoint of a running `serve`/`play`. */
async function callManagement(
  record: EmulatorRecord,
  method: 'GET' | 'POST',
  route: string,
  body?: unknown,
  timeoutMs?: number
): Promise<unknown> {
  const response = await fetch(`${record.managementUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${record.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
  });
  const reply = (await response.json().catch(() => ({}))) as { error?: string; next?: string };
  if (!response.ok) {
    throw new CouldNotRunError(
      reply.error ?? `the emulator's management endpoint answered HTTP ${response.status}`,
      reply.next
    );
  }
  return reply;
}

const NOT_RUNNING_NEXT =
  'start it in another terminal with `npx forensics serve` (or `npx forensics play <id>`), then run this again';

/**
 * Finds the emulator that `serve` or `play` runs (from `.forensics/emulator.json`), checks that
 * it is alive and answering, and returns a target for it.
 */
export async function connectToRunningEmulator(stateDirectory: string): Promise<LocalTarget> {
  const record = readEmulatorRecord(stateDirectory);
  if (!record) {
    throw new EmulatorUnavailableError(
      'No emulator is running for this lab (commands other than demo and play need one).',
      NOT_RUNNING_NEXT
    );
  }
  if (!processAlive(record.pid)) {
    removeFile(emulatorFile(stateDirectory));
    throw new EmulatorUnavailableError(
      `The emulator that \`forensics ${record.startedBy}\` started (pid ${record.pid}) has stopped; its stacks are gone with it.`,
      NOT_RUNNING_NEXT
    );
  }
  let clock: ClockReply;
  try {
    clock = (await callManagement(record, 'GET', '/v1/clock', undefined, 3_000)) as ClockReply;
  } catch (error) {
    throw new EmulatorUnavailableError(
      `The emulator (pid ${record.pid}, ${record.endpoint}) does not answer on its management endpoint ${record.managementUrl}.`,
      `stop it (Ctrl-C in its terminal, or kill ${record.pid}) and start it again with npx forensics serve`,
      { cause: error }
    );
  }
  const anchor = clock.anchor;
  const control: LocalControl = {
    anchor: () => anchor,
    async deploy(id, variant) {
      await callManagement(record, 'POST', '/v1/deploy', { id, variant });
    },
    async destroy(id) {
      await callManagement(record, 'POST', '/v1/destroy', { id });
    },
  };
  return new LocalTarget(record.endpoint, record.region, record.instanceId, control);
}
