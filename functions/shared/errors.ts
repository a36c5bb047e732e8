/** A producer or sender was invoked with an event it cannot honour (bad rate, absurd duration). */
export class InvalidEventError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidEventError';
  }
}

/** A required environment variable is missing: the stack did not configure the function. */
export class MissingEnvironmentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MissingEnvironmentError';
  }
}

/** A record the processor refuses for good: retrying it can never succeed. */
export class PoisonRecordError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PoisonRecordError';
  }
}
