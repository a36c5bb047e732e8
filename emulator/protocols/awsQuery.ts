import { AwsError } from '../core/errors';
import type { ServiceDefinition } from '../core/service';
import { type ProtocolEnv, requestContext, toAwsError } from './context';
import { type DispatchResult, type EmulatorRequest, mediaType, signingService } from './http';
import { escapeXml } from './xml';

const FORM = 'application/x-www-form-urlencoded';

/**
 * awsQuery: form-urlencoded `Action=<Op>&Version=<date>&...` (POST body, or GET query string),
 * XML out. Routed by `Version` to the service with that `queryVersion`, or by the SigV4
 * credential-scope service when the version is unknown. The service's QueryCodec turns the
 * form into the operation's JSON-shaped input and its output into the XML inside
 * `<{Op}Result>`; this wraps it and writes errors as `<ErrorResponse>`.
 * @see https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */
export class AwsQueryProtocol {
  private readonly byVersion = new Map<string, ServiceDefinition>();
  private readonly bySigningName = new Map<string, ServiceDefinition>();

  constructor(private readonly env: ProtocolEnv) {}

  /** Routes form requests with `Version=<definition.queryVersion>` to `definition`. */
  register(definition: ServiceDefinition): void {
    const version = definition.queryVersion;
    if (!version || !definition.queryCodec) {
      throw new Error(
        `service ${definition.signingName} needs queryVersion and queryCodec for awsQuery`
      );
    }
    if (this.byVersion.has(version))
      throw new Error(`query Version ${version} is registered twice`);
    this.byVersion.set(version, definition);
    this.bySigningName.set(definition.signingName, definition);
  }

  /** Whether this request is a query request (form body, or a GET with `Action=`). */
  accepts(req: EmulatorRequest): boolean {
    if (req.method === 'POST' && mediaType(req) === FORM) return true;
    return req.method === 'GET' && req.query.has('Action');
  }

  /** The request's form parameters (body for POST, query string for GET). */
  static params(req: EmulatorRequest): URLSearchParams {
    if (req.method === 'GET') return req.query;
    return new URLSearchParams(req.body.toString('utf8'));
  }

  async handle(req: EmulatorRequest): Promise<DispatchResult> {
    const params = AwsQueryProtocol.params(req);
    const operation = params.get('Action') ?? '';
    const definition = this.definitionFor(req, params);
    if (!operation) {
      return this.error(req, definition, '-', new AwsError('MissingAction', 'Missing Action'));
    }
    if (!definition) {
      const version = params.get('Version');
      return this.error(
        req,
        undefined,
        operation,
        new AwsError(
          'InvalidAction',
          version
            ? `The action ${operation} is not valid for this endpoint: no service here accepts Version ${version}.`
            : `The action ${operation} is not valid for this endpoint: the request has no Version.`
        )
      );
    }
    const action = Object.hasOwn(definition.actions, operation)
      ? definition.actions[operation]
      : undefined;
    const codec = definition.queryCodec;
    if (!action || !codec) {
      return this.error(
        req,
        definition,
        operation,
        new AwsError('InvalidAction', `The action ${operation} is not valid for this endpoint.`)
      );
    }
    try {
      const input = codec.decode(operation, params);
      const output = await action(input, requestContext(this.env, req));
      const ns = definition.queryXmlNamespace
        ? ` xmlns="${escapeXml(definition.queryXmlNamespace)}"`
        : '';
      const body =
        `<?xml version="1.0" encoding="UTF-8"?>\n` +
        `<${operation}Response${ns}>` +
        `<${operation}Result>${codec.encode(operation, output)}</${operation}Result>` +
        `<ResponseMetadata><RequestId>${escapeXml(req.requestId)}</RequestId></ResponseMetadata>` +
        `</${operation}Response>`;
      return {
        response: {
          status: 200,
          headers: { 'content-type': 'text/xml', 'x-amzn-requestid': req.requestId },
          body,
        },
        summary: { service: definition.signingName, operation },
      };
    } catch (error) {
      return this.error(
        req,
        definition,
        operation,
        toAwsError(this.env, error, `${definition.signingName}.${operation}`)
      );
    }
  }

  /** The `<ErrorResponse>` reply for `error` (used by the server for transport-level errors too). */
  error(
    req: EmulatorRequest,
    definition: ServiceDefinition | undefined,
    operation: string,
    error: AwsError
  ): DispatchResult {
    const ns = definition?.queryXmlNamespace
      ? ` xmlns="${escapeXml(definition.queryXmlNamespace)}"`
      : '';
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n` +
      `<ErrorResponse${ns}><Error>` +
      `<Type>${error.fault}</Type>` +
      `<Code>${escapeXml(error.queryCode ?? error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message>` +
      `</Error><RequestId>${escapeXml(req.requestId)}</RequestId></ErrorResponse>`;
    return {
      response: {
        status: error.status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': req.requestId },
        body,
      },
      summary: {
        service: definition?.signingName ?? '-',
        operation: operation || '-',
        errorCode: error.queryCode ?? error.code,
      },
    };
  }

  /** The service a query request is for: by Version, else by SigV4 signing service. */
  definitionFor(req: EmulatorRequest, params?: URLSearchParams): ServiceDefinition | undefined {
    const version = (params ?? AwsQueryProtocol.params(req)).get('Version');
    const byVersion = version ? this.byVersion.get(version) : undefined;
    if (byVersion) return byVersion;
    const scope = signingService(req);
    return scope ? this.bySigningName.get(scope) : undefined;
  }
}
