import { AwsError } from '../core/errors';
import type { RequestContext, ServiceDefinition } from '../core/service';
import { type ProtocolEnv, requestContext, toAwsError } from './context';
import { type DispatchResult, type EmulatorRequest, mediaType } from './http';

/** A matched REST request, as a route's `decode` sees it. */
export interface RestRequest {
  request: EmulatorRequest;
  /** `{Name}` segments of the route's path, percent-decoded. */
  pathParams: Record<string, string>;
}

/** A REST reply before it is written: status, extra headers and a body (JSON-encoded unless a Buffer/string). */
export interface RestReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is written as JSON; a Buffer or string is written as-is. */
  body?: unknown;
}

/**
 * One REST operation: `method` + `path` pattern (`/2015-03-31/functions/{FunctionName}/invocations`,
 * `{Name+}` for a greedy tail) -> `definition.actions[operation]`. A trailing slash on the
 * request is ignored (the AWS CLI sends `/event-source-mappings/`).
 */
export interface RestRoute {
  method: string;
  path: string;
  definition: ServiceDefinition;
  operation: string;
  /**
   * Builds the action's input. Default: path params, then query-string params, then the JSON
   * body's members (an empty body is `{}`).
   */
  decode?: (req: RestRequest, ctx: RequestContext) => unknown;
  /** Builds the reply from the action's output. Default: 200 with the output as JSON. */
  encode?: (output: unknown, req: RestRequest) => RestReply;
  /** Status of a successful reply with the default encoder (e.g. 201, 202, 204). Default 200. */
  successStatus?: number;
}

interface CompiledRoute {
  route: RestRoute;
  method: string;
  pattern: RegExp;
  names: string[];
}

/**
 * restJson1 (Lambda, Pipes): routes by method and path. Errors are JSON bodies
 * `{"Type": "User"|"Service", "message": ...}` with the code in `x-amzn-ErrorType`.
 * @see https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 */
export class RestJsonProtocol {
  private readonly routes: CompiledRoute[] = [];

  constructor(private readonly env: ProtocolEnv) {}

  /** Adds routes; the first registered route that matches wins. */
  register(...routes: RestRoute[]): void {
    for (const route of routes) this.routes.push(compile(route));
  }

  /** The route and path params for `req`, if one matches. */
  match(
    req: EmulatorRequest
  ): { route: RestRoute; pathParams: Record<string, string> } | undefined {
    const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
    for (const compiled of this.routes) {
      if (compiled.method !== req.method) continue;
      const m = compiled.pattern.exec(path);
      if (!m) continue;
      const pathParams: Record<string, string> = {};
      compiled.names.forEach((name, i) => {
        pathParams[name] = safeDecode(m[i + 1] ?? '');
      });
      return { route: compiled.route, pathParams };
    }
    return undefined;
  }

  async handle(req: EmulatorRequest): Promise<DispatchResult> {
    const matched = this.match(req);
    if (!matched) {
      return this.error(
        req,
        undefined,
        '-',
        new AwsError(
          'UnknownOperationException',
          `No operation matches ${req.method} ${req.path}`,
          404
        )
      );
    }
    const { route, pathParams } = matched;
    const restReq: RestRequest = { request: req, pathParams };
    try {
      const ctx = requestContext(this.env, req);
      const input = route.decode ? route.decode(restReq, ctx) : defaultDecode(restReq);
      const action = route.definition.actions[route.operation];
      if (!action)
        throw new Error(
          `route ${route.method} ${route.path} names unknown operation ${route.operation}`
        );
      const output = await action(input, ctx);
      const reply = route.encode
        ? route.encode(output, restReq)
        : { status: route.successStatus ?? 200, body: output ?? {} };
      return {
        response: writeReply(req, reply),
        summary: { service: route.definition.signingName, operation: route.operation },
      };
    } catch (error) {
      return this.error(
        req,
        route.definition,
        route.operation,
        toAwsError(this.env, error, `${route.definition.signingName}.${route.operation}`)
      );
    }
  }

  /** The error reply for `error` (used by the server for transport-level errors too). */
  error(
    req: EmulatorRequest,
    definition: ServiceDefinition | undefined,
    operation: string,
    error: AwsError
  ): DispatchResult {
    return {
      response: {
        status: error.status,
        headers: {
          'content-type': 'application/json',
          'x-amzn-requestid': req.requestId,
          'x-amzn-errortype': error.code,
        },
        body: JSON.stringify({
          Type: error.fault === 'Sender' ? 'User' : 'Service',
          message: error.message,
          ...error.extra,
        }),
      },
      summary: {
        service: definition?.signingName ?? '-',
        operation: operation || '-',
        errorCode: error.code,
      },
    };
  }
}

function compile(route: RestRoute): CompiledRoute {
  const names: string[] = [];
  const trimmed = route.path.length > 1 ? route.path.replace(/\/+$/, '') : route.path;
  const source = trimmed
    .split('/')
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1] as string);
      return param[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { route, method: route.method.toUpperCase(), pattern: new RegExp(`^${source}$`), names };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function defaultDecode(req: RestRequest): unknown {
  const input: Record<string, unknown> = { ...req.pathParams };
  for (const [key, value] of req.request.query) input[key] = value;
  const body = req.request.body;
  if (body.length === 0) return input;
  const type = mediaType(req.request);
  if (type !== '' && !type.includes('json')) return input;
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
}

function writeReply(req: EmulatorRequest, reply: RestReply) {
  const headers: Record<string, string> = { 'x-amzn-requestid': req.requestId, ...reply.headers };
  let body: string | Buffer;
  if (Buffer.isBuffer(reply.body) || typeof reply.body === 'string') {
    body = reply.body;
  } else if (reply.body === undefined || reply.status === 204) {
    body = '';
  } else {
    body = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json';
  }
  return { status: reply.status ?? 200, headers, body };
}
