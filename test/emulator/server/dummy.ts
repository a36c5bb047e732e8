import http2 from 'node:http2';
import { ManualClock } from '../../../emulator/core/clock';
import { AwsError } from '../../../emulator/core/errors';
import type { ServiceDefinition } from '../../../emulator/core/service';
import type { ProtocolEnv } from '../../../emulator/protocols/context';
import { Dispatcher } from '../../../emulator/protocols/dispatcher';
import { formToObject } from '../../../emulator/protocols/query-params';
import { toXml } from '../../../emulator/protocols/xml';
import { type EmulatorServer, type ServerOptions, startServer } from '../../../emulator/server';

/** A query-compatible dummy service speaking awsJson1_0 and awsQuery, like SQS does. */
export const dummyService: ServiceDefinition = {
  signingName: 'dummy',
  jsonTargetPrefix: 'Dummy_20200101',
  jsonVersion: '1.0',
  jsonErrorTypePrefix: 'com.amazonaws.dummy#',
  queryCompatible: true,
  queryVersion: '2020-01-01',
  queryXmlNamespace: 'http://dummy.amazonaws.com/doc/2020-01-01/',
  queryCodec: {
    decode: (_operation, params) => formToObject(params),
    encode: (_operation, output) =>
      toXml(output as Record<string, unknown>, { flattened: new Set(['Item']) }),
  },
  actions: {
    Echo: (input, ctx) => ({ Input: input, RequestId: ctx.requestId, Endpoint: ctx.endpoint }),
    Fail: () => {
      throw new AwsError(
        'QueueDoesNotExist',
        'The specified queue does not exist.',
        400,
        'AWS.Dummy.NonExistentQueue'
      );
    },
    Boom: () => {
      throw new Error('a bug in an action');
    },
    Items: () => ({ Item: ['a<b', 'c&d'], Count: 2 }),
  },
};

/** A JSON 1.1 service that is not query-compatible, like Kinesis. */
export const plainService: ServiceDefinition = {
  signingName: 'plain',
  jsonTargetPrefix: 'Plain_20200101',
  jsonVersion: '1.1',
  actions: {
    Ping: () => ({ Pong: true }),
    Fail: () => {
      throw new AwsError('ResourceNotFoundException', 'Thing t not found.');
    },
  },
};

/** A REST service with a default route and a custom decode/encode (Lambda Invoke style). */
export const restService: ServiceDefinition = {
  signingName: 'things',
  actions: {
    GetThing: (input) => ({ Thing: input }),
    Invoke: (input) => input,
    DeleteThing: (input: { Name: string }) => {
      if (input.Name === 'missing')
        throw new AwsError('ResourceNotFoundException', 'Function not found: missing', 404);
      return {};
    },
  },
};

export interface DummyServer {
  server: EmulatorServer;
  bugs: string[];
  lines: string[];
  close(): Promise<void>;
}

export async function startDummyServer(options: ServerOptions = {}): Promise<DummyServer> {
  const bugs: string[] = [];
  const lines: string[] = [];
  const env: ProtocolEnv = {
    region: 'us-east-1',
    accountId: '000000000000',
    clock: new ManualClock(),
    reportBug: (error, where) => bugs.push(`${where}: ${(error as Error).message}`),
  };
  const dispatcher = new Dispatcher(env);
  dispatcher.register(dummyService);
  dispatcher.register(plainService);
  dispatcher.registerRoutes(
    { method: 'GET', path: '/v1/things/{Name}', definition: restService, operation: 'GetThing' },
    {
      method: 'DELETE',
      path: '/v1/things/{Name}',
      definition: restService,
      operation: 'DeleteThing',
      successStatus: 204,
    },
    {
      method: 'POST',
      path: '/2015-03-31/functions/{FunctionName}/invocations',
      definition: restService,
      operation: 'Invoke',
      decode: (req) => ({
        FunctionName: req.pathParams.FunctionName,
        InvocationType: req.request.headers['x-amz-invocation-type'] ?? 'RequestResponse',
        Payload: req.request.body.toString('utf8'),
      }),
      encode: (output) => {
        const o = output as { InvocationType: string; Payload: string; FunctionName: string };
        return o.InvocationType === 'Event'
          ? { status: 202, body: Buffer.alloc(0) }
          : {
              status: 200,
              headers: { 'x-amz-executed-version': '$LATEST' },
              body: Buffer.from(`${o.FunctionName}:${o.Payload}`),
            };
      },
    }
  );
  const server = await startServer(dispatcher, {
    port: 0,
    verbose: true,
    log: (l) => lines.push(l),
    ...options,
  });
  return { server, bugs, lines, close: () => server.close() };
}

/** One HTTP/2 cleartext (prior knowledge) request, as the SDK's NodeHttp2Handler sends it. */
export function h2Request(
  endpoint: string,
  headers: Record<string, string>,
  body: string | Buffer
): Promise<{ status: number; headers: http2.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(endpoint);
    session.on('error', reject);
    const req = session.request({ ':method': 'POST', ':path': '/', ...headers });
    const chunks: Buffer[] = [];
    let responseHeaders: http2.IncomingHttpHeaders = {};
    req.on('response', (h) => {
      responseHeaders = h;
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      session.close();
      resolve({
        status: Number(responseHeaders[':status']),
        headers: responseHeaders,
        body: Buffer.concat(chunks).toString('utf8'),
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The JSON body of a fetch reply, loosely typed for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions index into arbitrary reply bodies
export async function json(res: Response): Promise<Record<string, any>> {
  return (await res.json()) as Record<string, unknown>;
}
