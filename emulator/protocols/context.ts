import type { EmulatorClock } from '../core/clock';
import { AwsError } from '../core/errors';
import type { RequestContext } from '../core/service';
import type { EmulatorRequest } from './http';

/** What every protocol needs to build a RequestContext and to report bugs. */
export interface ProtocolEnv {
  region: string;
  accountId: string;
  clock: EmulatorClock;
  /** Where an emulator bug (a non-AwsError throw) is reported, with its stack. */
  reportBug(error: unknown, where: string): void;
}

/** The RequestContext an action sees for `req`. */
export function requestContext(env: ProtocolEnv, req: EmulatorRequest): RequestContext {
  return {
    region: env.region,
    accountId: env.accountId,
    endpoint: req.endpoint,
    clock: env.clock,
    requestId: req.requestId,
  };
}

/**
 * Turns anything thrown by an action into an AwsError: AwsErrors pass through, anything else
 * is an emulator bug, reported with its stack and answered as AWS answers its own faults.
 */
export function toAwsError(env: ProtocolEnv, error: unknown, where: string): AwsError {
  if (error instanceof AwsError) return error;
  env.reportBug(error, where);
  return new AwsError(
    'InternalFailure',
    'The request processing has failed because of an unknown error, exception or failure.',
    500
  );
}
