import { AwsError } from '../../core/errors';
import type { ServiceDefinition } from '../../core/service';
import { header } from '../../protocols/http';
import type { RestReply, RestRequest, RestRoute } from '../../protocols/restJson';
import type { InvokeOutput } from './actions/invoke';

/**
 * Decodes a REST request the way the Lambda and Pipes APIs carry input: path parameters,
 * query parameters (`numbers` converted to numbers, as the SDK sends integers as text), then
 * the JSON body's members. A body is JSON whatever its Content-Type (the AWS CLI sends none).
 */
export function restDecoder(numbers: readonly string[] = []) {
  return (req: RestRequest): Record<string, unknown> => {
    const input: Record<string, unknown> = { ...req.pathParams };
    for (const [key, value] of req.request.query) {
      input[key] = numbers.includes(key) && /^-?\d+$/.test(value) ? Number(value) : value;
    }
    const body = req.request.body;
    if (body.length === 0) return input;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new AwsError(
        'SerializationException',
        `Malformed JSON request body: ${(error as Error).message}`
      );
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new AwsError('SerializationException', 'Expected a JSON object as the request body');
    }
    return { ...input, ...(parsed as Record<string, unknown>) };
  };
}

/** Invoke's input: the raw payload (any or no Content-Type) and the X-Amz-* headers. */
function decodeInvoke(req: RestRequest): Record<string, unknown> {
  const input: Record<string, unknown> = {
    FunctionName: req.pathParams.FunctionName,
    Payload: req.request.body,
  };
  const type = header(req.request, 'x-amz-invocation-type');
  const logType = header(req.request, 'x-amz-log-type');
  const qualifier = req.request.query.get('Qualifier');
  if (type !== undefined) input.InvocationType = type;
  if (logType !== undefined) input.LogType = logType;
  if (qualifier !== null) input.Qualifier = qualifier;
  return input;
}

/** Invoke's reply: status from the invocation type, X-Amz-* headers, the payload as the body. */
function encodeInvoke(output: unknown): RestReply {
  const out = output as InvokeOutput;
  const headers: Record<string, string> = {};
  if (out.ExecutedVersion) headers['x-amz-executed-version'] = out.ExecutedVersion;
  if (out.FunctionError) headers['x-amz-function-error'] = out.FunctionError;
  if (out.LogResult !== undefined) headers['x-amz-log-result'] = out.LogResult;
  if (out.StatusCode === 200) headers['content-type'] = 'application/json';
  return { status: out.StatusCode, headers, body: out.Payload };
}

/** The Lambda API's restJson1 routes (paths and statuses from @aws-sdk/client-lambda's model). */
export function lambdaRoutes(definition: ServiceDefinition): RestRoute[] {
  const route = (
    method: string,
    path: string,
    operation: string,
    extra: Partial<RestRoute> = {}
  ): RestRoute => ({ method, path, definition, operation, decode: restDecoder(), ...extra });
  return [
    route('POST', '/2015-03-31/functions/{FunctionName}/invocations', 'Invoke', {
      decode: decodeInvoke,
      encode: encodeInvoke,
    }),
    route('GET', '/2015-03-31/functions/{FunctionName}/configuration', 'GetFunctionConfiguration'),
    route(
      'PUT',
      '/2015-03-31/functions/{FunctionName}/configuration',
      'UpdateFunctionConfiguration'
    ),
    route('GET', '/2015-03-31/functions/{FunctionName}', 'GetFunction'),
    route('GET', '/2015-03-31/functions', 'ListFunctions', { decode: restDecoder(['MaxItems']) }),
    route('PUT', '/2017-10-31/functions/{FunctionName}/concurrency', 'PutFunctionConcurrency'),
    route('GET', '/2019-09-30/functions/{FunctionName}/concurrency', 'GetFunctionConcurrency'),
    route(
      'DELETE',
      '/2017-10-31/functions/{FunctionName}/concurrency',
      'DeleteFunctionConcurrency',
      {
        successStatus: 204,
      }
    ),
    route('POST', '/2015-03-31/event-source-mappings', 'CreateEventSourceMapping', {
      successStatus: 202,
    }),
    route('GET', '/2015-03-31/event-source-mappings', 'ListEventSourceMappings', {
      decode: restDecoder(['MaxItems']),
    }),
    route('GET', '/2015-03-31/event-source-mappings/{UUID}', 'GetEventSourceMapping'),
    route('PUT', '/2015-03-31/event-source-mappings/{UUID}', 'UpdateEventSourceMapping', {
      successStatus: 202,
    }),
    route('DELETE', '/2015-03-31/event-source-mappings/{UUID}', 'DeleteEventSourceMapping', {
      successStatus: 202,
    }),
  ];
}
