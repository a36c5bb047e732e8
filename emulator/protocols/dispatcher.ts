import { AwsError } from '../core/errors';
import type { ServiceDefinition } from '../core/service';
import { AwsJsonProtocol } from './awsJson';
import { AwsQueryProtocol } from './awsQuery';
import type { ProtocolEnv } from './context';
import { type DispatchResult, type EmulatorRequest, mediaType } from './http';
import { RestJsonProtocol, type RestRoute } from './restJson';

/**
 * Picks the protocol of a request and hands it over: `X-Amz-Target` -> awsJson; a registered
 * REST route -> restJson; a form body (or GET with `Action=`) -> awsQuery. Anything else gets
 * an AWS-shaped error in the protocol the request looks like.
 */
export class Dispatcher {
  readonly json: AwsJsonProtocol;
  readonly query: AwsQueryProtocol;
  readonly rest: RestJsonProtocol;

  constructor(env: ProtocolEnv) {
    this.json = new AwsJsonProtocol(env);
    this.query = new AwsQueryProtocol(env);
    this.rest = new RestJsonProtocol(env);
  }

  /** Registers a service under every protocol its definition declares (awsJson and/or awsQuery). */
  register(definition: ServiceDefinition): void {
    if (definition.jsonTargetPrefix) this.json.register(definition);
    if (definition.queryVersion) this.query.register(definition);
  }

  /** Registers restJson routes (Lambda, Pipes ...). */
  registerRoutes(...routes: RestRoute[]): void {
    this.rest.register(...routes);
  }

  async dispatch(req: EmulatorRequest): Promise<DispatchResult> {
    if (this.json.accepts(req)) return this.json.handle(req);
    if (this.rest.match(req)) return this.rest.handle(req);
    if (this.query.accepts(req)) return this.query.handle(req);
    if (
      req.method === 'POST' &&
      req.path === '/' &&
      mediaType(req).startsWith('application/x-amz-json')
    ) {
      return this.json.error(
        req,
        undefined,
        '-',
        new AwsError(
          'UnknownOperationException',
          'Missing X-Amz-Target header: unable to determine service/operation name'
        )
      );
    }
    return this.rest.handle(req);
  }

  /**
   * The reply for an error found before dispatch (body too large, bad gzip), shaped for the
   * protocol the request looks like.
   */
  errorFor(req: EmulatorRequest, error: AwsError): DispatchResult {
    if (this.json.accepts(req)) {
      return this.json.error(
        req,
        this.json.definitionFor(req),
        AwsJsonProtocol.operationOf(req),
        error
      );
    }
    if (this.query.accepts(req)) return this.query.error(req, undefined, '-', error);
    const matched = this.rest.match(req);
    return this.rest.error(req, matched?.route.definition, matched?.route.operation ?? '-', error);
  }
}
