import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { ClockAnchor } from '../core/clock';
import type { FunctionConfig } from './function-config';
import { LineSplitter } from './log-lines';

const BOOTSTRAP = path.join(import.meta.dirname, 'bootstrap.cjs');
const SCALED_TIME = path.join(import.meta.dirname, 'scaled-time.cjs');
/** The lab's own node_modules: the bundles leave @aws-sdk/* external, as the real runtime provides it. */
const SDK_MODULES = path.resolve(import.meta.dirname, '..', '..', 'node_modules');

/** An error as the Node.js runtime reports it. */
export interface RuntimeError {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/** What the handler did with one event. */
export type HandlerOutcome =
  | { kind: 'returned'; value: unknown; durationMs: number; maxMemoryMb: number }
  | { kind: 'threw'; error: RuntimeError; durationMs: number; maxMemoryMb: number }
  | { kind: 'crashed'; reason: string };

/** What the environment needs from the emulator. */
export interface EnvironmentHost {
  endpoint: string;
  /** The emulator clock's anchor, when the function must run at its speed. */
  clockAnchor?: ClockAnchor;
  region: string;
  accountId: string;
  /** Receives every complete output line, attributed to this environment's log stream. */
  onLine(logStreamName: string, line: string): void;
}

type ChildMessage =
  | { type: 'ready'; initMs: number }
  | { type: 'init-error'; error: RuntimeError }
  | { type: 'log'; text: string }
  | ({ type: 'result'; requestId: string; durationMs: number; maxMemoryMb: number } & (
      | { ok: true; value: unknown }
      | { ok: false; error: RuntimeError }
    ));

/**
 * One execution environment: a separate Node.js process that loads the function's bundle once
 * and runs one invocation at a time. Killing it is how a timeout stops the function: whatever
 * the handler would have done after the deadline never happens.
 */
export class ExecutionEnvironment {
  readonly logStreamName: string;
  busy = false;
  /** False until the first invocation: its REPORT carries the Init Duration (a cold start). */
  hasRun = false;
  private alive = true;
  private readonly child: ChildProcess;
  private readonly lines = new LineSplitter();
  private readonly initialized: Promise<{ initMs: number } | { error: RuntimeError }>;
  private pending?: (outcome: HandlerOutcome) => void;

  constructor(
    readonly config: FunctionConfig,
    readonly version: number,
    private readonly host: EnvironmentHost,
    now: number
  ) {
    const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '/');
    this.logStreamName = `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
    this.child = fork(BOOTSTRAP, [config.codeDir, config.handler], {
      cwd: config.codeDir,
      env: this.environment(),
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      execArgv: host.clockAnchor && host.clockAnchor.speed > 1 ? ['--require', SCALED_TIME] : [],
      serialization: 'advanced',
    });
    this.initialized = new Promise((resolve) => {
      this.child.once('message', (m: ChildMessage) => {
        if (m.type === 'ready') resolve({ initMs: m.initMs });
        else if (m.type === 'init-error') resolve({ error: m.error });
      });
      this.child.once('exit', (code, signal) =>
        resolve({
          error: {
            errorType: 'Runtime.ExitError',
            errorMessage: `RequestId: init Error: Runtime exited with error: ${signal ?? `exit status ${code}`}`,
            trace: [],
          },
        })
      );
    });
    this.child.on('message', (m: ChildMessage) => this.onMessage(m));
    this.child.on('exit', (code, signal) => {
      this.alive = false;
      this.pending?.({
        kind: 'crashed',
        reason: `Runtime exited with error: ${signal ?? `exit status ${code}`}`,
      });
      this.pending = undefined;
    });
  }

  /** Whether the process still runs and can take an invocation. */
  get usable(): boolean {
    return this.alive && !this.busy;
  }

  /** Waits for the init phase: the handler module loaded, or why it did not. */
  init(): Promise<{ initMs: number } | { error: RuntimeError }> {
    return this.initialized;
  }

  /** Runs the handler on one event; resolves when it returns, throws, or the process dies. */
  run(
    requestId: string,
    event: unknown,
    deadlineMs: number,
    invokedFunctionArn: string
  ): Promise<HandlerOutcome> {
    return new Promise((resolve) => {
      if (!this.alive) {
        resolve({ kind: 'crashed', reason: 'Runtime exited before the invocation' });
        return;
      }
      this.pending = resolve;
      this.child.send({
        type: 'invoke',
        requestId,
        event,
        deadlineMs,
        context: {
          functionName: this.config.functionName,
          functionVersion: '$LATEST',
          invokedFunctionArn,
          memoryLimitInMB: this.config.memorySize,
          logGroupName: this.config.logGroupName,
          logStreamName: this.logStreamName,
        },
      });
    });
  }

  /** Stops the process at once (a timeout, a configuration change, or shutdown). */
  kill(): void {
    this.alive = false;
    this.child.kill('SIGKILL');
  }

  /** Writes a platform line (START, END, REPORT, timeouts) into this environment's stream. */
  platformLine(line: string): void {
    this.host.onLine(this.logStreamName, line);
  }

  private onMessage(m: ChildMessage): void {
    if (m.type === 'log') {
      for (const line of this.lines.push(m.text)) this.host.onLine(this.logStreamName, line);
    } else if (m.type === 'result') {
      for (const line of this.lines.flush()) this.host.onLine(this.logStreamName, line);
      const resolve = this.pending;
      this.pending = undefined;
      resolve?.(
        m.ok
          ? {
              kind: 'returned',
              value: m.value,
              durationMs: m.durationMs,
              maxMemoryMb: m.maxMemoryMb,
            }
          : { kind: 'threw', error: m.error, durationMs: m.durationMs, maxMemoryMb: m.maxMemoryMb }
      );
    }
  }

  /** The function's variables plus what the Lambda runtime sets; nothing of the emulator's own. */
  private environment(): NodeJS.ProcessEnv {
    const { config, host } = this;
    return {
      PATH: process.env.PATH,
      NODE_PATH: SDK_MODULES,
      TZ: 'UTC',
      ...config.environment,
      AWS_ENDPOINT_URL: host.endpoint,
      AWS_REGION: host.region,
      AWS_DEFAULT_REGION: host.region,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SESSION_TOKEN: 'test',
      AWS_LAMBDA_FUNCTION_NAME: config.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memorySize),
      AWS_LAMBDA_LOG_GROUP_NAME: config.logGroupName,
      AWS_LAMBDA_LOG_STREAM_NAME: this.logStreamName,
      AWS_EXECUTION_ENV: `AWS_Lambda_${config.runtime}`,
      LAMBDA_TASK_ROOT: config.codeDir,
      ...(host.clockAnchor
        ? {
            FORENSICS_CLOCK_ANCHOR: `${host.clockAnchor.emulatedMs},${host.clockAnchor.realMs},${host.clockAnchor.speed}`,
          }
        : {}),
      // The SDK warns on every start under Node 20; the function's logs are not the place.
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    };
  }
}
