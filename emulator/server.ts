import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { AwsError } from './core/errors';
import { newRequestId } from './core/ids';
import type { Dispatcher } from './protocols/dispatcher';
import type { DispatchResult, EmulatorRequest } from './protocols/http';

/** The only address the emulator listens on: it is a lab tool, never a network service. */
export const LOOPBACK_HOST = '127.0.0.1';
/** LocalStack's port, so `AWS_ENDPOINT_URL=http://127.0.0.1:4566` habits carry over. */
export const DEFAULT_PORT = 4566;
/** Largest request body accepted (after gzip decoding): PutRecords' 10 MiB of data is ~13.4 MiB as JSON. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Options of `startServer`. */
export interface ServerOptions {
  /** Must be `127.0.0.1` (the default); anything else is refused. */
  host?: string;
  /** Default 4566; 0 picks a free port (tests). */
  port?: number;
  /** Print one line per request. Default false (silent). */
  verbose?: boolean;
  /** Where verbose lines and bug reports go. Default: console.log / console.error. */
  log?: (line: string) => void;
  /** Request body limit in bytes, after decompression. Default 16 MiB. */
  maxBodyBytes?: number;
}

/** A listening emulator server. */
export interface EmulatorServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Stops listening and drops every open connection (HTTP/2 sessions included). */
  close(): Promise<void>;
}

/** Thrown by `startServer` when the port is taken. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} on ${LOOPBACK_HOST} is already in use. Another emulator (or LocalStack) may be running: ` +
        `stop it, or start this one on another port with --port <N> (or --port 0 for any free port).`
    );
    this.name = 'PortInUseError';
  }
}

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

type AnyRequest = http.IncomingMessage | http2.Http2ServerRequest;
type AnyResponse = http.ServerResponse | http2.Http2ServerResponse;

/**
 * Starts the one-port server: HTTP/1.1 and cleartext HTTP/2 with prior knowledge (the SDK's
 * Kinesis client) on the same socket, told apart by the HTTP/2 connection preface. Bodies are
 * read whole (gzip decoded), turned into an EmulatorRequest and handed to the dispatcher.
 */
export async function startServer(
  dispatcher: Dispatcher,
  options: ServerOptions = {}
): Promise<EmulatorServer> {
  const host = options.host ?? LOOPBACK_HOST;
  if (host !== LOOPBACK_HOST) {
    throw new Error(
      `The emulator only listens on ${LOOPBACK_HOST} (got host ${JSON.stringify(host)}): it must not be reachable from the network.`
    );
  }
  const port = options.port ?? DEFAULT_PORT;
  const log = options.log ?? ((line: string) => console.log(line));
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let boundPort = port;

  const onRequest = (req: AnyRequest, res: AnyResponse) => {
    const started = performance.now();
    handleExchange(dispatcher, req, res, maxBodyBytes, boundPort)
      .then((result) => {
        if (options.verbose) {
          const { summary } = result;
          const ms = Math.round(performance.now() - started);
          log(
            `[emulator] ${summary.service} ${summary.operation} ${result.response.status}` +
              `${summary.errorCode ? ` ${summary.errorCode}` : ''} ${ms}ms`
          );
        }
      })
      .catch((error: unknown) => {
        // Only a bug in the transport code can get here: answer if still possible.
        console.error('[emulator] request handling failed', error);
        try {
          if (!res.headersSent) {
            res.statusCode = 500;
            res.end();
          }
        } catch {
          // the connection is gone
        }
      });
  };

  const h1 = http.createServer(onRequest);
  const h2 = http2.createServer({}, onRequest);
  h2.on('sessionError', () => {});
  h1.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    sniffProtocol(socket, (isH2) => {
      (isH2 ? h2 : h1).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
  server.on('error', (error) => console.error('[emulator] server error', error));
  boundPort = (server.address() as net.AddressInfo).port;

  return {
    port: boundPort,
    endpoint: `http://${LOOPBACK_HOST}:${boundPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      }),
  };
}

/** Reads the first bytes of a connection and reports whether they are the HTTP/2 preface. */
function sniffProtocol(socket: net.Socket, done: (isH2: boolean) => void): void {
  let buffered: Buffer = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    const n = Math.min(buffered.length, H2_PREFACE.length);
    const matches = buffered.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
    if (matches && buffered.length < H2_PREFACE.length) return; // a partial preface: wait for more
    socket.off('data', onData);
    socket.pause();
    socket.unshift(buffered);
    done(matches);
  };
  socket.on('data', onData);
}

async function handleExchange(
  dispatcher: Dispatcher,
  req: AnyRequest,
  res: AnyResponse,
  maxBodyBytes: number,
  port: number
): Promise<DispatchResult> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const authority = (req.headers[':authority'] as string | undefined) ?? req.headers.host;
  const request: EmulatorRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers as EmulatorRequest['headers'],
    body: Buffer.alloc(0),
    endpoint: `http://${authority ?? `${LOOPBACK_HOST}:${port}`}`,
    requestId: newRequestId(),
  };
  let result: DispatchResult;
  try {
    request.body = await readBody(req, maxBodyBytes);
    result = await dispatcher.dispatch(request);
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    result = dispatcher.errorFor(request, error);
  }
  writeResponse(res, result);
  return result;
}

/** Reads the whole body, decoding gzip; an AwsError (413/400) if it is too large or corrupt. */
async function readBody(req: AnyRequest, maxBodyBytes: number): Promise<Buffer> {
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBodyBytes) {
        // Keep reading (and dropping) the rest so the client can read our reply.
        tooLarge = true;
        chunks.length = 0;
        if (received > maxBodyBytes * 8) {
          reject(tooLargeError(maxBodyBytes));
          req.destroy();
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      tooLarge ? reject(tooLargeError(maxBodyBytes)) : resolve(Buffer.concat(chunks))
    );
    req.on('error', (error) => reject(error));
    req.on('aborted', () => reject(new Error('request aborted')));
  });
  const encoding = String(req.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding === '' || encoding === 'identity') return raw;
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new AwsError(
      'SerializationException',
      `Unsupported Content-Encoding: ${encoding} (gzip and identity are supported)`,
      415
    );
  }
  return new Promise<Buffer>((resolve, reject) => {
    zlib.gunzip(raw, { maxOutputLength: maxBodyBytes }, (error, decoded) => {
      if (!error) return resolve(decoded);
      if (
        (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ||
        error instanceof RangeError
      ) {
        return reject(tooLargeError(maxBodyBytes));
      }
      reject(
        new AwsError(
          'SerializationException',
          `Could not decode the gzip request body: ${error.message}`
        )
      );
    });
  });
}

function tooLargeError(maxBodyBytes: number): AwsError {
  return new AwsError(
    'RequestTooLargeException',
    `Request must be smaller than ${maxBodyBytes} bytes.`,
    413
  );
}

function writeResponse(res: AnyResponse, result: DispatchResult): void {
  if (res.headersSent || res.writableEnded) return;
  const { status, headers, body } = result.response;
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('content-length', payload.length);
  (res as http.ServerResponse).end(payload);
}
