import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EmulatorClock } from '../core/clock';
import { AwsError } from '../core/errors';
import type { LogSink } from '../core/log-sink';
import type { MetricSink } from '../core/metric-sink';
import { quotas } from '../core/quotas';
import { ExecutionEnvironment, type HandlerOutcome } from './execution-environment';
import type { FunctionConfig, InvokeResult } from './function-config';

/** What the runtime needs from the emulator. */
export interface LambdaRuntimeOptions {
  clock: EmulatorClock;
  metrics: MetricSink;
  logs: LogSink;
  endpoint(): string;
  region: string;
  accountId: string;
}

interface FunctionState {
  /** The configuration, with codeDir pointing at the function's own copy of its code. */
  config: FunctionConfig;
  /** Bumped by every configuration change: environments of an older version are retired. */
  version: number;
  environments: ExecutionEnvironment[];
}

/** The Lambda payload limit for synchronous invocations (and event source mappings). */
const SYNC_PAYLOAD_BYTES = quotas.lambdaSyncPayloadBytes.value;

/**
 * Runs functions the way the Lambda service does: one execution environment per concurrent
 * invocation, reused while warm; a deadline that kills the environment; START/END/REPORT lines
 * and the handler's output in the function's log group; AWS/Lambda metrics for every
 * invocation; throttling past the function's reserved or the account's concurrency.
 */
export class LambdaRuntime {
  private readonly functions = new Map<string, FunctionState>();

  constructor(private readonly options: LambdaRuntimeOptions) {}

  /** Creates the function, or replaces its configuration (new environments from now on). */
  putFunction(config: FunctionConfig): void {
    if (config.timeout < 1 || config.timeout > quotas.lambdaTimeoutSeconds.value) {
      throw new AwsError(
        'InvalidParameterValueException',
        `1 validation error detected: Value '${config.timeout}' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to ${quotas.lambdaTimeoutSeconds.value}`
      );
    }
    const deployed = { ...config, codeDir: this.storeCode(config) };
    const existing = this.functions.get(config.functionName);
    if (!existing) {
      this.functions.set(config.functionName, { config: deployed, version: 1, environments: [] });
      return;
    }
    const oldCode = existing.config.codeDir;
    existing.config = deployed;
    existing.version++;
    if (!existing.environments.some((e) => e.busy))
      rmSync(oldCode, { recursive: true, force: true });
    // Idle environments of the old configuration go now; busy ones finish their invocation.
    for (const env of existing.environments.filter((e) => !e.busy)) env.kill();
    existing.environments = existing.environments.filter((e) => e.busy);
  }

  /** The function's configuration, or ResourceNotFoundException. */
  getFunction(functionName: string): FunctionConfig {
    return this.state(functionName).config;
  }

  /** Every function's configuration. */
  listFunctions(): FunctionConfig[] {
    return [...this.functions.values()].map((s) => s.config);
  }

  /** Removes the function and stops its environments. */
  deleteFunction(functionName: string): void {
    const state = this.state(functionName);
    for (const env of state.environments) env.kill();
    rmSync(state.config.codeDir, { recursive: true, force: true });
    this.functions.delete(functionName);
  }

  /**
   * Copies the code to a folder of the function's own, as Lambda keeps the deployed package:
   * later changes to the cloud assembly don't reach a deployed function, and no package.json
   * of the project (`"type": "module"`) changes how the bundle loads.
   */
  private storeCode(config: FunctionConfig): string {
    const dir = mkdtempSync(
      path.join(tmpdir(), `forensics-lambda-${config.functionName.slice(0, 40)}-`)
    );
    cpSync(config.codeDir, dir, { recursive: true });
    return dir;
  }

  /** How many invocations of the function are running now. */
  concurrency(functionName: string): number {
    return this.state(functionName).environments.filter((e) => e.busy).length;
  }

  /** Stops every environment (emulator shutdown). */
  close(): void {
    for (const state of this.functions.values()) {
      for (const env of state.environments) env.kill();
      rmSync(state.config.codeDir, { recursive: true, force: true });
    }
    this.functions.clear();
  }

  /**
   * A synchronous invocation (RequestResponse): runs the handler on `payload` (JSON text) and
   * returns what the Invoke API would. Throws AwsError for what Invoke itself rejects: unknown
   * function, payload too large or not JSON, throttling.
   */
  async invoke(functionName: string, payload: string): Promise<InvokeResult> {
    const state = this.state(functionName);
    const bytes = Buffer.byteLength(payload, 'utf8');
    if (bytes > SYNC_PAYLOAD_BYTES) {
      throw new AwsError(
        'RequestTooLargeException',
        `Request must be smaller than ${SYNC_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
        413
      );
    }
    let event: unknown;
    try {
      event = payload.length === 0 ? {} : JSON.parse(payload);
    } catch {
      throw new AwsError(
        'InvalidRequestContentException',
        'Could not parse request body into json: Could not parse payload into json',
        400
      );
    }
    const env = this.acquire(state);
    return this.runOn(state, env, event);
  }

  private state(functionName: string): FunctionState {
    const name = functionName.includes(':function:')
      ? (functionName.split(':function:')[1]?.split(':')[0] ?? functionName)
      : functionName;
    const state = this.functions.get(name);
    if (!state) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Function not found: arn:aws:lambda:${this.options.region}:${this.options.accountId}:function:${name}`,
        404
      );
    }
    return state;
  }

  /** An idle warm environment, or a new one; throttles past the concurrency limits. */
  private acquire(state: FunctionState): ExecutionEnvironment {
    const { config } = state;
    const busy = state.environments.filter((e) => e.busy).length;
    const accountBusy = [...this.functions.values()].reduce(
      (acc, s) => acc + s.environments.filter((e) => e.busy).length,
      0
    );
    const reserved = config.reservedConcurrentExecutions;
    const overReserved = reserved !== undefined && busy >= reserved;
    if (overReserved || accountBusy >= quotas.lambdaAccountConcurrency.value) {
      this.metric(config, 'Throttles', 1, 'Count');
      throw new AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, undefined, {
        Reason: overReserved
          ? 'ReservedFunctionConcurrentInvocationLimitExceeded'
          : 'ConcurrentInvocationLimitExceeded',
      });
    }
    const warm = state.environments.find((e) => e.usable && e.version === state.version);
    const env =
      warm ??
      new ExecutionEnvironment(
        config,
        state.version,
        {
          endpoint: this.options.endpoint(),
          clockAnchor: this.options.clock.anchor?.(),
          region: this.options.region,
          accountId: this.options.accountId,
          onLine: (stream, line) => this.log(config, stream, line),
        },
        this.options.clock.now()
      );
    if (!warm) state.environments.push(env);
    env.busy = true;
    this.metric(config, 'ConcurrentExecutions', busy + 1, 'Count');
    return env;
  }

  private async runOn(
    state: FunctionState,
    env: ExecutionEnvironment,
    event: unknown
  ): Promise<InvokeResult> {
    const { clock } = this.options;
    const config = env.config;
    const requestId = randomUUID();
    const startedAt = clock.now();
    const timeoutMs = config.timeout * 1000;
    const arn = config.functionArn;
    env.platformLine(`START RequestId: ${requestId} Version: $LATEST`);
    const init = await env.init();
    let outcome: HandlerOutcome | { kind: 'timeout' };
    let initMs: number | undefined;
    if ('error' in init) {
      env.platformLine(
        `${new Date(clock.now()).toISOString()}\tundefined\tERROR\tUncaught Exception \t${JSON.stringify(init.error)}`
      );
      outcome = { kind: 'threw', error: init.error, durationMs: 0, maxMemoryMb: 0 };
    } else {
      initMs = env.hasRun ? undefined : init.initMs;
      const deadline = new AbortController();
      // The deadline the handler sees (getRemainingTimeInMillis) is on its own clock: the
      // emulator's when the clock has an anchor, real time under a ManualClock.
      const handlerNow = clock.anchor?.() ? clock.now() : Date.now();
      const handlerDone = env.run(requestId, event, handlerNow + timeoutMs, arn);
      outcome = await Promise.race([
        handlerDone,
        clock.sleep(timeoutMs, deadline.signal).then(() => ({ kind: 'timeout' as const })),
      ]);
      deadline.abort();
    }
    env.hasRun = true;
    const elapsedMs = clock.now() - startedAt;
    let result: InvokeResult;
    if (outcome.kind === 'returned') {
      result = this.reply(requestId, JSON.stringify(outcome.value ?? null), outcome.durationMs);
    } else if (outcome.kind === 'threw') {
      result = this.reply(
        requestId,
        JSON.stringify(outcome.error),
        outcome.durationMs,
        outcome.error.errorType
      );
    } else if (outcome.kind === 'timeout') {
      const seconds = (Math.max(elapsedMs, timeoutMs) / 1000).toFixed(2);
      env.kill();
      env.platformLine(
        `${new Date(clock.now()).toISOString()} ${requestId} Task timed out after ${seconds} seconds`
      );
      result = this.reply(
        requestId,
        JSON.stringify({
          errorType: 'Sandbox.Timedout',
          errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`,
        }),
        timeoutMs,
        'Sandbox.Timedout'
      );
    } else {
      env.kill();
      result = this.reply(
        requestId,
        JSON.stringify({
          errorType: 'Runtime.ExitError',
          errorMessage: `RequestId: ${requestId} Error: ${outcome.reason}`,
        }),
        elapsedMs,
        'Runtime.ExitError'
      );
    }
    const maxMemory =
      outcome.kind === 'returned' || outcome.kind === 'threw'
        ? outcome.maxMemoryMb
        : config.memorySize;
    env.platformLine(`END RequestId: ${requestId}`);
    env.platformLine(
      [
        `REPORT RequestId: ${requestId}`,
        `Duration: ${result.durationMs.toFixed(2)} ms`,
        `Billed Duration: ${Math.ceil(result.durationMs)} ms`,
        `Memory Size: ${config.memorySize} MB`,
        `Max Memory Used: ${maxMemory} MB`,
        ...(initMs !== undefined ? [`Init Duration: ${initMs.toFixed(2)} ms`] : []),
        ...(outcome.kind === 'timeout' ? ['Status: timeout'] : []),
      ].join('\t')
    );
    // Lambda stamps Errors with the time the invocation started, not when it failed.
    this.metric(config, 'Invocations', 1, 'Count', startedAt);
    this.metric(config, 'Errors', result.functionError ? 1 : 0, 'Count', startedAt);
    this.metric(config, 'Duration', result.durationMs, 'Milliseconds', startedAt);
    env.busy = false;
    if (
      env.version !== state.version ||
      (outcome.kind !== 'returned' && outcome.kind !== 'threw')
    ) {
      env.kill();
    }
    state.environments = state.environments.filter((e) => e.usable || e.busy);
    return result;
  }

  private reply(
    requestId: string,
    payload: string,
    durationMs: number,
    errorType?: string
  ): InvokeResult {
    return {
      requestId,
      statusCode: 200,
      payload,
      executedVersion: '$LATEST',
      durationMs,
      ...(errorType ? { functionError: 'Unhandled' as const, errorType } : {}),
    };
  }

  private log(config: FunctionConfig, stream: string, line: string): void {
    this.options.logs.append(config.logGroupName, stream, [
      { timestamp: this.options.clock.now(), message: line },
    ]);
  }

  private metric(
    config: FunctionConfig,
    name: string,
    value: number,
    unit: string,
    at?: number
  ): void {
    this.options.metrics.record({
      namespace: 'AWS/Lambda',
      metricName: name,
      dimensions: { FunctionName: config.functionName },
      value,
      unit,
      timestamp: at ?? this.options.clock.now(),
    });
  }
}
