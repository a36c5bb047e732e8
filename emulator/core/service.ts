import type { EmulatorClock } from './clock';

/** What every action sees besides its input. */
export interface RequestContext {
  region: string;
  accountId: string;
  /** The emulator's base URL as the client reached it, e.g. `http://127.0.0.1:4566`. */
  endpoint: string;
  clock: EmulatorClock;
}

/**
 * One API operation. It takes the decoded input (the JSON shape the SDK's JSON protocols
 * send, whatever protocol the request came in) and returns the output in the same shape, or
 * throws an AwsError.
 */
export type Action<I = any, O = unknown> = (input: I, ctx: RequestContext) => O | Promise<O>;

/** A service's operations, by their API name (`PutRecord`, `SendMessage` ...). */
export type ActionTable = Record<string, Action>;
