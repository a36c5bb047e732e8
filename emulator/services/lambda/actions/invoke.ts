import { AwsError } from '../../../core/errors';
import { validateInput } from '../../../core/validate';
import { functionNameFrom, functionNotFound } from '../errors';
import type { LambdaStore } from '../store';

/** Invoke's input as the route decodes it: the path, the X-Amz-* headers and the raw body. */
export interface InvokeInput {
  FunctionName: string;
  InvocationType?: string;
  LogType?: string;
  Qualifier?: string;
  Payload: Buffer;
}

/** Invoke's output; the route writes the members as status, headers and body. */
export interface InvokeOutput {
  StatusCode: 200 | 202 | 204;
  FunctionError?: string;
  LogResult?: string;
  ExecutedVersion?: string;
  Payload: Buffer;
}

const shape = {
  FunctionName: { type: 'string', required: true, min: 1, max: 170 },
  InvocationType: { type: 'string', enum: ['Event', 'RequestResponse', 'DryRun'] },
  LogType: { type: 'string', enum: ['None', 'Tail'] },
  Qualifier: { type: 'string', min: 1, max: 128 },
} as const;

/**
 * Invoke (`POST /2015-03-31/functions/{FunctionName}/invocations`):
 * - RequestResponse (default): runs the function and answers 200 with its result; a function
 *   error (thrown, timed out, crashed) is still 200, with `X-Amz-Function-Error: Unhandled`
 *   and the error object as the payload; `LogType: Tail` adds the last 4 KB of its log;
 * - Event: queues the event (see AsyncInvoker) and answers 202 with an empty body;
 * - DryRun: checks the function exists and answers 204.
 * Only `$LATEST` exists (no versions or aliases).
 */
export async function invoke(store: LambdaStore, input: InvokeInput): Promise<InvokeOutput> {
  validateInput({ ...input, Payload: undefined }, shape);
  const name = functionNameFrom(input.FunctionName);
  const qualifier = input.Qualifier ?? qualifierOf(input.FunctionName);
  if (qualifier !== undefined && qualifier !== '$LATEST') {
    throw functionNotFound(store.region, store.accountId, `${name}:${qualifier}`);
  }
  store.functions.config(name);
  const payload = input.Payload.toString('utf8');
  switch (input.InvocationType ?? 'RequestResponse') {
    case 'DryRun':
      return { StatusCode: 204, Payload: Buffer.alloc(0) };
    case 'Event':
      checkJson(payload);
      store.async.enqueue(name, payload);
      return { StatusCode: 202, Payload: Buffer.alloc(0) };
    default: {
      const result = await store.runtime.invoke(name, payload);
      return {
        StatusCode: 200,
        ...(result.functionError ? { FunctionError: result.functionError } : {}),
        ...(input.LogType === 'Tail' ? { LogResult: store.tail.take(result.requestId) } : {}),
        ExecutedVersion: result.executedVersion,
        Payload: Buffer.from(result.payload, 'utf8'),
      };
    }
  }
}

function qualifierOf(functionName: string): string | undefined {
  const marker = functionName.indexOf('function:');
  const tail = marker >= 0 ? functionName.slice(marker + 'function:'.length) : functionName;
  return tail.split(':')[1];
}

function checkJson(payload: string): void {
  if (payload.length === 0) return;
  try {
    JSON.parse(payload);
  } catch {
    throw new AwsError(
      'InvalidRequestContentException',
      'Could not parse request body into json: Could not parse payload into json',
      400
    );
  }
}
