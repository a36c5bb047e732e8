/**
 * The last check verdict of a scenario: `runCheck` on demand, at the emulator clock's now,
 * against the emulator's endpoint (the same SDK calls as `scripts/checks/run.ts`), cached
 * briefly so a page refreshing every few seconds does not re-run it each time.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Emulator } from '../emulator/emulator';
import type { ScenarioId } from '../infra/names';
import type { CheckClients } from '../scripts/checks/check';
import { checks } from '../scripts/checks/index';
import { runCheck } from '../scripts/checks/run-check';
import type { CheckResult, Condition } from '../scripts/checks/verdict';

/** What the page shows of a verdict (the datapoints stay in the check's own output). */
export interface VerdictView {
  scenarioId: ScenarioId;
  verdict: CheckResult['verdict'];
  summary: string;
  conditions: Condition[];
  advice: string[];
  nextStep?: string;
  /** The minutes judged, epoch milliseconds. */
  window: { start: number; end: number };
  /** Emulator time the check ran at. */
  checkedAt: number;
}

/** A check that could not run (stack outputs missing, ...). */
export interface VerdictError {
  scenarioId: ScenarioId;
  error: string;
  checkedAt: number;
}

/** SDK clients aimed at the emulator, with the dummy credentials it accepts. */
export function emulatorClients(emulator: Pick<Emulator, 'endpoint' | 'region'>): CheckClients {
  const config = {
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  return {
    cloudwatch: new CloudWatchClient(config),
    cloudformation: new CloudFormationClient(config),
    kinesis: new KinesisClient(config),
    lambda: new LambdaClient(config),
    sqs: new SQSClient(config),
  };
}

/** Runs checks on demand and keeps each scenario's result for `ttlMs` of wall time. */
export class VerdictCache {
  private readonly cache = new Map<
    ScenarioId,
    { at: number; result: Promise<VerdictView | VerdictError> }
  >();
  private clients?: CheckClients;

  constructor(
    private readonly emulator: Pick<Emulator, 'endpoint' | 'region' | 'clock'>,
    private readonly ttlMs = 3_000
  ) {}

  /** The cached verdict if it is fresh, else a new run (concurrent callers share one run). */
  get(id: ScenarioId, refresh = false): Promise<VerdictView | VerdictError> {
    const hit = this.cache.get(id);
    if (hit && !refresh && Date.now() - hit.at < this.ttlMs) return hit.result;
    const result = this.run(id);
    this.cache.set(id, { at: Date.now(), result });
    return result;
  }

  private async run(id: ScenarioId): Promise<VerdictView | VerdictError> {
    this.clients ??= emulatorClients(this.emulator);
    const checkedAt = this.emulator.clock.now();
    try {
      const r = await runCheck(checks[id], this.clients, { now: checkedAt });
      return {
        scenarioId: id,
        verdict: r.verdict,
        summary: r.summary,
        conditions: r.conditions,
        advice: r.advice,
        ...(r.nextStep ? { nextStep: r.nextStep } : {}),
        window: r.window,
        checkedAt,
      };
    } catch (error) {
      return { scenarioId: id, error: (error as Error).message, checkedAt };
    }
  }

  /** Releases the SDK clients' sockets. */
  close(): void {
    if (!this.clients) return;
    for (const client of Object.values(this.clients)) client.destroy();
    this.clients = undefined;
  }
}
