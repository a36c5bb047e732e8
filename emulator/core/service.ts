import type { EmulatorClock } from './clock';
import type { LogSink } from './log-sink';
import type { MetricSink } from './metric-sink';

/** What every action sees besides its input. */
export interface RequestContext {
  region: string;
  accountId: string;
  /** The emulator's base URL as the client reached it, e.g. `http://127.0.0.1:4566`. */
  endpoint: string;
  clock: EmulatorClock;
  /** A request id for the reply (`x-amzn-RequestId`, `<RequestId>`). */
  requestId: string;
}

/**
 * One API operation. It takes the decoded input (the JSON shape the SDK's JSON protocols
 * send, whatever protocol the request came in: a query request is decoded into the same
 * shape first) and returns the output in the same shape, or throws an AwsError.
 * Timestamps: JSON protocols carry epoch seconds (numbers); keep them as numbers.
 */
// biome-ignore lint/suspicious/noExplicitAny: each action narrows its own input
export type Action<I = any, O = unknown> = (input: I, ctx: RequestContext) => O | Promise<O>;

/** A service's operations, by their API name (`PutRecord`, `SendMessage` ...). */
export type ActionTable = Record<string, Action>;

/**
 * How a service speaks awsQuery (form-urlencoded in, XML out): only the services that the
 * Debian AWS CLI still calls that way (SQS, CloudWatch) and CloudFormation/STS need one.
 */
export interface QueryCodec {
  /** Form parameters (without Action/Version) -> the JSON-shaped input of `operation`. */
  decode(operation: string, params: URLSearchParams): unknown;
  /** The JSON-shaped output of `operation` -> the XML inside `<{operation}Result>`. */
  encode(operation: string, output: unknown): string;
}

/** Everything the server needs to route a request to a service and answer in its protocol. */
export interface ServiceDefinition {
  /** The SigV4 signing name, used in logs and to route form bodies: `kinesis`, `sqs`, `monitoring`. */
  signingName: string;
  /** awsJson: the X-Amz-Target prefix before the dot, e.g. `Kinesis_20131202`. */
  jsonTargetPrefix?: string;
  /** awsJson protocol version: decides the Content-Type of replies. */
  jsonVersion?: '1.0' | '1.1';
  /** The JSON `__type` prefix AWS uses, e.g. `com.amazonaws.sqs#` (empty for most services). */
  jsonErrorTypePrefix?: string;
  /** SQS and CloudWatch: errors also carry `x-amzn-query-error: <queryCode>;<Sender|Receiver>`. */
  queryCompatible?: boolean;
  /** awsQuery: the `Version` form field this service accepts, e.g. `2012-11-05`. */
  queryVersion?: string;
  /** awsQuery: the XML namespace of replies, e.g. `http://queue.amazonaws.com/doc/2012-11-05/`. */
  queryXmlNamespace?: string;
  queryCodec?: QueryCodec;
  actions: ActionTable;
}

/** What a service factory gets: the shared clock, identity, and the telemetry sinks. */
export interface EmulatorEnv {
  clock: EmulatorClock;
  accountId: string;
  region: string;
  /** Where AWS's standard metrics (AWS/Kinesis, AWS/SQS ...) are recorded. */
  metrics: MetricSink;
  /** Where log lines (Lambda, Pipes) are written. */
  logs: LogSink;
  /** The emulator's base URL (for QueueUrls and the like), known once the server listens. */
  endpoint(): string;
}
