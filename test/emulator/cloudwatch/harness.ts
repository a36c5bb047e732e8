// Builds a CloudWatch service on a ManualClock and calls its actions the way the server does.
import { ManualClock } from '../../../emulator/core/clock';
import type { AwsError } from '../../../emulator/core/errors';
import type { EmulatorEnv, RequestContext } from '../../../emulator/core/service';
import { createCloudWatchService } from '../../../emulator/services/cloudwatch';

/** 2026-01-01T00:00:00Z, on a minute boundary. */
export const T0 = Date.UTC(2026, 0, 1);

export function env(clock: ManualClock): EmulatorEnv {
  return {
    clock,
    accountId: '000000000000',
    region: 'us-east-1',
    metrics: { record: () => undefined },
    logs: { append: () => undefined },
    endpoint: () => 'http://127.0.0.1:4566',
  };
}

export function setup(now = T0 + 3_600_000) {
  const clock = new ManualClock(now);
  const cw = createCloudWatchService(env(clock));
  const ctx: RequestContext = {
    region: 'us-east-1',
    accountId: '000000000000',
    endpoint: 'http://127.0.0.1:4566',
    clock,
    requestId: 'test',
  };
  // biome-ignore lint/suspicious/noExplicitAny: tests pass JSON-shaped inputs and read outputs
  const call = async (operation: string, input: unknown): Promise<any> => {
    const action = cw.definition.actions[operation];
    if (!action) throw new Error(`no action ${operation}`);
    return action(input, ctx);
  };
  /** The AwsError a call throws. */
  const failure = async (operation: string, input: unknown): Promise<AwsError> => {
    try {
      await call(operation, input);
    } catch (e) {
      return e as AwsError;
    }
    throw new Error(`${operation} did not fail`);
  };
  return { clock, cw, ctx, call, failure };
}

/** Epoch seconds, as the JSON protocol carries timestamps. */
export function sec(ms: number): number {
  return ms / 1000;
}
