import type { EmulatorEnv } from '../../core/service';
import { LambdaRuntime } from '../../runtime/lambda-runtime';
import { AsyncInvoker } from './async-invoker';
import { EventSourceMappings, type EventSources } from './event-source-mappings';
import { LambdaFunctions } from './functions';
import { LogTail } from './log-tail';

/**
 * Everything the Lambda API works on: the runtime (which runs the functions), the API's view of
 * the functions, the event source mappings and their pollers, the async event queue, and the
 * per-invocation log capture for `LogType: Tail`.
 */
export class LambdaStore {
  readonly runtime: LambdaRuntime;
  readonly functions: LambdaFunctions;
  readonly mappings: EventSourceMappings;
  readonly async: AsyncInvoker;
  readonly tail: LogTail;
  readonly region: string;
  readonly accountId: string;

  constructor(env: EmulatorEnv, sources: EventSources = {}) {
    this.region = env.region;
    this.accountId = env.accountId;
    this.tail = new LogTail(() => env.logs);
    this.runtime = new LambdaRuntime({
      clock: env.clock,
      metrics: env.metrics,
      logs: this.tail,
      endpoint: () => env.endpoint(),
      region: env.region,
      accountId: env.accountId,
    });
    this.functions = new LambdaFunctions(this.runtime, env.clock, env.accountId);
    this.mappings = new EventSourceMappings(this.functions, sources, env);
    this.async = new AsyncInvoker(this.runtime, env.clock, env.metrics);
  }

  /**
   * Stops the pollers (nothing new starts), the async queue and every execution environment
   * (an invocation in flight ends at once instead of running to its deadline), then waits for
   * the pollers to wind down.
   */
  async close(): Promise<void> {
    const pollers = this.mappings.close();
    this.async.close();
    this.runtime.close();
    await pollers;
  }
}
