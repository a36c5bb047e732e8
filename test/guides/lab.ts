import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { App } from 'aws-cdk-lib';
import { ScaledClock } from '../../emulator/core/clock';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { type ScenarioId, stackName } from '../../infra/names';
import { scenarioStacks } from '../../infra/stacks';
import type { CheckClients } from '../../scripts/checks/check';
import { checks } from '../../scripts/checks/index';
import { runCheck } from '../../scripts/checks/run-check';
import { type CheckResult, Verdict } from '../../scripts/checks/verdict';

/**
 * How far behind the wall clock the emulated clock starts. The guides take their time window
 * from `date` (the last 30 minutes of wall time); at 10x the emulated clock gains 9 minutes a
 * wall minute, so starting it 20 minutes back keeps the traffic inside the guides' window for
 * the first two wall minutes of a scenario, which is when the investigation runs.
 */
const EMULATED_LAG_MS = 20 * 60_000;
const MINUTE_MS = 60_000;

/** The manifest fields the test uses. */
interface Manifest {
  traffic: { functionOutputKey: string; event: Record<string, unknown> };
}

/** A scenario's broken stack, deployed on an emulator of its own. */
export class Lab {
  /** The emulated time the emulator started at. */
  readonly startedAt: number;

  private constructor(
    readonly id: ScenarioId,
    readonly emulator: Emulator,
    private readonly assemblyDir: string,
    readonly clients: CheckClients & { lambda: LambdaClient }
  ) {
    this.startedAt = emulator.clock.now();
  }

  /**
   * Synthesizes the scenario's broken variant, starts an emulator on a free port with its clock
   * `speed` times faster than real time, and deploys the stack.
   */
  static async deployBroken(id: ScenarioId, speed: number): Promise<Lab> {
    const assemblyDir = mkdtempSync(path.join(tmpdir(), 'forensics-guide-synth-'));
    const app = new App({ outdir: assemblyDir });
    scenarioStacks[id](app, { variant: 'broken' });
    app.synth();
    const emulator = await startEmulator({
      port: 0,
      clock: new ScaledClock(speed, Date.now() - EMULATED_LAG_MS),
    });
    const config = {
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    };
    const clients = {
      cloudwatch: new CloudWatchClient(config),
      cloudformation: new CloudFormationClient(config),
      kinesis: new KinesisClient(config),
      // A traffic run is one synchronous invocation that lasts minutes of emulated time.
      lambda: new LambdaClient({
        ...config,
        requestHandler: new NodeHttpHandler({ requestTimeout: 600_000 }),
      }),
      sqs: new SQSClient(config),
    };
    const lab = new Lab(id, emulator, assemblyDir, clients);
    try {
      await emulator.services.cloudformation.deployStack(assemblyDir, stackName(id));
    } catch (error) {
      await lab.close();
      throw error;
    }
    return lab;
  }

  /** The emulated time now. */
  now(): number {
    return this.emulator.clock.now();
  }

  /** Waits `ms` of emulated time. */
  sleep(ms: number): Promise<void> {
    return this.emulator.clock.sleep(ms);
  }

  /** Waits until the next whole emulated minute (a minute boundary, as CloudWatch periods are). */
  async nextMinute(): Promise<number> {
    const boundary = Math.ceil((this.now() + 1) / MINUTE_MS) * MINUTE_MS;
    await this.sleep(boundary - this.now());
    return boundary;
  }

  /**
   * Runs the scenario's traffic: invokes the function the manifest names with its default event,
   * changed by `event` (a shorter run, a lower rate), and resolves when the function returns.
   */
  async traffic(event: Record<string, unknown> = {}): Promise<void> {
    const manifest = JSON.parse(
      readFileSync(
        path.resolve(import.meta.dirname, '../../scenarios', this.id, 'scenario.json'),
        'utf8'
      )
    ) as Manifest;
    const name = this.emulator.services.cloudformation.outputs(stackName(this.id))[
      manifest.traffic.functionOutputKey
    ];
    const response = await this.clients.lambda.send(
      new InvokeCommand({
        FunctionName: name,
        Payload: Buffer.from(JSON.stringify({ ...manifest.traffic.event, ...event })),
      })
    );
    if (response.FunctionError) {
      const payload = Buffer.from(response.Payload ?? new Uint8Array()).toString('utf8');
      throw new Error(`traffic function ${name} failed: ${response.FunctionError} ${payload}`);
    }
  }

  /**
   * Runs the scenario's check on the minutes from `since` (a minute boundary) on, as
   * `forensics check --wait` does: again every 20 emulated seconds while the verdict is NOT
   * PROVEN (traffic still in flight), until it is PASS or FAIL or `timeoutMs` of emulated time
   * has passed. Resolves with the last result.
   */
  async checkUntilDecided(since: number, timeoutMs: number): Promise<CheckResult> {
    const deadline = this.now() + timeoutMs;
    for (;;) {
      const minutes = Math.max(3, this.minutesSince(since));
      const result = await runCheck(checks[this.id], this.clients, {
        now: this.now(),
        minutes,
        since,
      });
      if (result.verdict !== Verdict.NotProven || this.now() >= deadline) return result;
      await this.sleep(20_000);
    }
  }

  /** The number of complete minutes from `since` (a minute boundary) to now. */
  minutesSince(since: number): number {
    return Math.floor((this.now() - since) / MINUTE_MS);
  }

  async close(): Promise<void> {
    for (const client of Object.values(this.clients)) client.destroy();
    await this.emulator.close();
    rmSync(this.assemblyDir, { recursive: true, force: true });
  }
}
