/**
 * An error a client caused or AWS would return: carries AWS's error code, message and HTTP
 * status. Protocols turn it into the wire shape each client expects (`__type` for JSON,
 * `<Error><Code>` for query). Anything thrown that is not an AwsError is a bug in the emulator
 * and becomes a 500 InternalFailure.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** For query-compatible services (SQS, CloudWatch): the legacy query error code. */
    readonly queryCode?: string,
    /** Extra members of the error body, e.g. `ThrottlingReasons`. */
    readonly extra: Record<string, unknown> = {}
  ) {
    super(message);
    this.name = code;
  }

  /** Whether the fault is the sender's (4xx) or the service's (5xx). */
  get fault(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

/** AWS's generic validation error. */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationException', message);
}
