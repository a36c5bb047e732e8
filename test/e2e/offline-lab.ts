import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ScaledClock } from '../../emulator/core/clock';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { type OutputKey, type ScenarioId, stackName, type Variant } from '../../infra/names';
import type { CheckClients } from '../../scripts/checks/check';
import { checks } from '../../scripts/checks/index';
import { runCheck } from '../../scripts/checks/run-check';
import { type CheckResult, Verdict } from '../../scripts/checks/verdict';
import { synthesizeAll } from '../../scripts/synth-all';
import { EMULATOR_CREDENTIALS, emulatorClients } from '../../scripts/targets/local';

let assembly: string | undefined;

/** Both variants of every stack, synthesized once per test file into a temporary folder. */
export function cloudAssembly(): string {
  if (!assembly) {
    assembly = mkdtempSync(path.join(tmpdir(), 'forensics-e2e-'));
    synthesizeAll(assembly);
  }
  return assembly;
}

/**
 * The lab offline: an emulator on a free port whose clock runs `speed` times faster than real
 * time, SDK clients pointed at it, and the steps of a workshop run (deploy, traffic, check).
 */
export class OfflineLab {
  private constructor(
    readonly emulator: Emulator,
    readonly clock: ScaledClock,
    readonly clients: CheckClients & { lambdaLong: LambdaClient }
  ) {}

  static async start(speed: number): Promise<OfflineLab> {
    const clock = new ScaledClock(speed);
    const emulator = await startEmulator({ port: 0, clock });
    return new OfflineLab(emulator, clock, {
      ...emulatorClients(emulator.endpoint, emulator.region),
      // Producers run for minutes of emulated time; one attempt, no socket timeout.
      lambdaLong: new LambdaClient({
        endpoint: emulator.endpoint,
        region: emulator.region,
        credentials: EMULATOR_CREDENTIALS,
        maxAttempts: 1,
        requestHandler: new NodeHttpHandler({ requestTimeout: 0 }),
      }),
    });
  }

  /** Deploys (or updates in place to) one variant of a scenario; returns the stack outputs. */
  async deploy(
    id: ScenarioId,
    variant: Variant,
    assemblyDir = path.join(cloudAssembly(), variant)
  ) {
    const result = await this.emulator.services.cloudformation.deployStack(
      assemblyDir,
      stackName(id)
    );
    return result.outputs as Record<string, string>;
  }

  /** Invokes a function synchronously with `event` and returns its JSON reply. */
  async invoke(functionName: string, event: unknown): Promise<unknown> {
    const reply = await this.clients.lambdaLong.send(
      new InvokeCommand({
        FunctionName: functionName,
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      })
    );
    const body = new TextDecoder().decode(reply.Payload);
    if (reply.FunctionError) throw new Error(`${functionName} failed: ${body}`);
    return JSON.parse(body);
  }

  /** Runs the scenario's traffic function (the output `key`) with `event`. */
  async traffic(outputs: Record<string, string>, key: OutputKey, event: unknown): Promise<unknown> {
    const name = outputs[key];
    if (!name) throw new Error(`the stack has no output ${key}`);
    return this.invoke(name, event);
  }

  /**
   * Checks like `forensics check --wait`: every 30 emulated seconds until the verdict is PASS or
   * FAIL, or `minutes` of emulated time have passed (then the last NOT PROVEN is returned).
   */
  async checkUntilDecided(
    id: ScenarioId,
    options: { minutes?: number; since?: number } = {}
  ): Promise<CheckResult> {
    const deadline = this.clock.now() + (options.minutes ?? 6) * 60_000;
    for (;;) {
      const result = await runCheck(checks[id], this.clients, {
        now: this.clock.now(),
        minutes: 15,
        since: options.since,
      });
      if (result.verdict !== Verdict.NotProven || this.clock.now() >= deadline) return result;
      await this.clock.sleep(30_000);
    }
  }

  async close(): Promise<void> {
    for (const client of Object.values(this.clients)) client.destroy();
    await this.emulator.close();
  }
}

/** Runs `steps` against a fresh offline lab (nothing of an earlier run lingers), then stops it. */
export async function withLab(
  speed: number,
  steps: (lab: OfflineLab) => Promise<void>
): Promise<void> {
  const lab = await OfflineLab.start(speed);
  try {
    await steps(lab);
  } finally {
    await lab.close();
  }
}
