import { AwsError } from '../core/errors';
import type { ServiceDefinition } from '../core/service';
import { type ProtocolEnv, requestContext, toAwsError } from './context';
import { type DispatchResult, type EmulatorRequest, header } from './http';

/**
 * awsJson1_0 / awsJson1_1: `POST /` with `X-Amz-Target: <prefix>.<Operation>` and a JSON body.
 * The reply is JSON with `Content-Type: application/x-amz-json-1.x`; an error is
 * `{"__type": "<jsonErrorTypePrefix><code>", "message": ...}` plus, for query-compatible
 * services (SQS, CloudWatch), `x-amzn-query-error: <queryCode>;<Sender|Receiver>`.
 * @see https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
 */
export class AwsJsonProtocol {
  private readonly byPrefix = new Map<string, ServiceDefinition>();

  constructor(private readonly env: ProtocolEnv) {}

  /** Routes `<definition.jsonTargetPrefix>.*` to `definition`. */
  register(definition: ServiceDefinition): void {
    const prefix = definition.jsonTargetPrefix;
    if (!prefix) throw new Error(`service ${definition.signingName} has no jsonTargetPrefix`);
    if (this.byPrefix.has(prefix))
      throw new Error(`X-Amz-Target prefix ${prefix} is registered twice`);
    this.byPrefix.set(prefix, definition);
  }

  /** Whether this request is for this protocol (it carries an X-Amz-Target). */
  accepts(req: EmulatorRequest): boolean {
    return header(req, 'x-amz-target') !== undefined;
  }

  async handle(req: EmulatorRequest): Promise<DispatchResult> {
    const target = header(req, 'x-amz-target') ?? '';
    const dot = target.lastIndexOf('.');
    const prefix = dot > 0 ? target.slice(0, dot) : target;
    const operation = dot > 0 ? target.slice(dot + 1) : '';
    const definition = this.byPrefix.get(prefix);
    if (!definition) {
      return this.error(req, undefined, operation || '-', unknownOperation(target));
    }
    const action = Object.hasOwn(definition.actions, operation)
      ? definition.actions[operation]
      : undefined;
    if (!action) return this.error(req, definition, operation || '-', unknownOperation(target));

    let input: unknown;
    try {
      input = parseJsonBody(req.body);
    } catch (error) {
      return this.error(req, definition, operation, toAwsError(this.env, error, target));
    }
    try {
      const output = await action(input, requestContext(this.env, req));
      return {
        response: {
          status: 200,
          headers: {
            'content-type': contentType(definition),
            'x-amzn-requestid': req.requestId,
          },
          body: JSON.stringify(output ?? {}),
        },
        summary: { service: definition.signingName, operation },
      };
    } catch (error) {
      return this.error(req, definition, operation, toAwsError(this.env, error, target));
    }
  }

  /** The reply for `error` in this protocol (used by the server for transport-level errors too). */
  error(
    req: EmulatorRequest,
    definition: ServiceDefinition | undefined,
    operation: string,
    error: AwsError
  ): DispatchResult {
    const definitionForReq = definition ?? this.definitionFor(req);
    const headers: Record<string, string> = {
      'content-type': definitionForReq
        ? contentType(definitionForReq)
        : 'application/x-amz-json-1.1',
      'x-amzn-requestid': req.requestId,
    };
    if (definitionForReq?.queryCompatible) {
      headers['x-amzn-query-error'] = `${error.queryCode ?? error.code};${error.fault}`;
    }
    const body = {
      __type: `${definitionForReq?.jsonErrorTypePrefix ?? ''}${error.code}`,
      message: error.message,
      ...error.extra,
    };
    return {
      response: { status: error.status, headers, body: JSON.stringify(body) },
      summary: {
        service: definitionForReq?.signingName ?? '-',
        operation: operation || '-',
        errorCode: error.code,
      },
    };
  }

  /** The service a request's X-Amz-Target names, if any. */
  definitionFor(req: EmulatorRequest): ServiceDefinition | undefined {
    const target = header(req, 'x-amz-target') ?? '';
    const dot = target.lastIndexOf('.');
    return this.byPrefix.get(dot > 0 ? target.slice(0, dot) : target);
  }

  /** The operation a request's X-Amz-Target names (`-` if none). */
  static operationOf(req: EmulatorRequest): string {
    const target = header(req, 'x-amz-target') ?? '';
    const dot = target.lastIndexOf('.');
    return dot > 0 ? target.slice(dot + 1) : '-';
  }
}

function contentType(definition: ServiceDefinition): string {
  return `application/x-amz-json-${definition.jsonVersion ?? '1.1'}`;
}

function unknownOperation(target: string): AwsError {
  return new AwsError(
    'UnknownOperationException',
    target ? `Unknown operation ${target}` : 'Missing X-Amz-Target header'
  );
}

/**
 * The JSON input: an object. An empty body is `{}` (clients send `{}` for inputs without
 * members; accepting nothing at all is more forgiving than AWS). Anything that is not a JSON
 * object is a SerializationException.
 */
function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
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
    throw new AwsError(
      'SerializationException',
      Array.isArray(parsed)
        ? 'Start of list found where not expected'
        : 'Expected a JSON object as the request body'
    );
  }
  return parsed;
}
