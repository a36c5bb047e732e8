/** What the runtime needs to know to run one function (from the template or the Lambda API). */
export interface FunctionConfig {
  functionName: string;
  functionArn: string;
  /** `index.handler`: the file (without .js) and the export. */
  handler: string;
  /** The folder holding the bundled code (a CDK asset folder). */
  codeDir: string;
  runtime: string;
  /** Seconds, 1..900. */
  timeout: number;
  /** MB, 128..10240. */
  memorySize: number;
  environment: Record<string, string>;
  /** Where the function logs: LoggingConfig.LogGroup, or `/aws/lambda/<name>`. */
  logGroupName: string;
  /** Reserved concurrency, if set: the most environments the function may run at once. */
  reservedConcurrentExecutions?: number;
  description?: string;
}

/** The outcome of one invocation, as the Invoke API reports it. */
export interface InvokeResult {
  requestId: string;
  statusCode: 200;
  /** The JSON payload: the handler's return value, or the error object on a function error. */
  payload: string;
  /** `Unhandled` when the handler threw, the init failed or the invocation timed out. */
  functionError?: 'Unhandled';
  /** Why the invocation failed, when it did. */
  errorType?: string;
  executedVersion: string;
  /** Milliseconds of handler time (the REPORT Duration). */
  durationMs: number;
}
