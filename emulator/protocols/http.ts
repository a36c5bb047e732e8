/**
 * The transport-neutral request and reply the protocols work on: the server turns an HTTP/1.1
 * or HTTP/2 exchange into an EmulatorRequest (body fully read and decompressed) and writes
 * the EmulatorResponse back. Protocol codecs never touch sockets.
 */
export interface EmulatorRequest {
  method: string;
  /** The path without the query string, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  /** Header names lower-cased; HTTP/2 pseudo-headers (`:authority`) included. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
  /** The emulator's base URL as this client reached it, e.g. `http://127.0.0.1:4566`. */
  endpoint: string;
  requestId: string;
}

export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** What the server's verbose log line says about a request once it is answered. */
export interface RequestSummary {
  /** The service's signing name (`kinesis`), or `-` when no service was found. */
  service: string;
  /** The operation (`PutRecords`), or `-` when none was determined. */
  operation: string;
  /** The AWS error code of a failed request. */
  errorCode?: string;
}

/** A reply plus what it was about. */
export interface DispatchResult {
  response: EmulatorResponse;
  summary: RequestSummary;
}

/** The first value of a header (lower-case name). */
export function header(req: Pick<EmulatorRequest, 'headers'>, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The media type of the request without parameters, lower-cased (`application/x-amz-json-1.1`). */
export function mediaType(req: Pick<EmulatorRequest, 'headers'>): string {
  return (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The SigV4 credential-scope service (`sqs`, `monitoring`) from the Authorization header. */
export function signingService(
  req: Pick<EmulatorRequest, 'headers' | 'query'>
): string | undefined {
  const auth = header(req, 'authorization') ?? '';
  const credential =
    /Credential=([^,\s]+)/.exec(auth)?.[1] ?? req.query.get('X-Amz-Credential') ?? undefined;
  // <key>/<date>/<region>/<service>/aws4_request
  return credential?.split('/')[3];
}
