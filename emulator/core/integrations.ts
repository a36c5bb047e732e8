/**
 * Contracts between the CloudFormation interpreter (which creates event source mappings and
 * pipes from a template) and the services that run them (Lambda's pollers, EventBridge Pipes).
 * Shapes follow the AWS APIs (PascalCase, as in CreateEventSourceMapping and CreatePipe, which
 * are also the template's property names), so a template's properties pass through unchanged.
 */

/** CreateEventSourceMapping's input, as the template or the Lambda API gives it. */
export interface EventSourceMappingInput {
  FunctionName: string;
  EventSourceArn: string;
  BatchSize?: number;
  MaximumBatchingWindowInSeconds?: number;
  StartingPosition?: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  StartingPositionTimestamp?: number;
  MaximumRetryAttempts?: number;
  MaximumRecordAgeInSeconds?: number;
  BisectBatchOnFunctionError?: boolean;
  ParallelizationFactor?: number;
  DestinationConfig?: { OnFailure?: { Destination?: string } };
  FunctionResponseTypes?: 'ReportBatchItemFailures'[];
  MetricsConfig?: { Metrics?: string[] };
  ScalingConfig?: { MaximumConcurrency?: number };
  Enabled?: boolean;
}

/** An event source mapping as the Lambda API describes it. */
export interface EventSourceMapping extends EventSourceMappingInput {
  UUID: string;
  EventSourceMappingArn: string;
  FunctionArn: string;
  State: 'Creating' | 'Enabling' | 'Enabled' | 'Disabling' | 'Disabled' | 'Updating' | 'Deleting';
  StateTransitionReason: string;
  /** Epoch seconds. */
  LastModified: number;
  LastProcessingResult?: string;
}

/** Creates, changes and removes event source mappings; the Lambda service implements it. */
export interface EventSourceMappingRegistry {
  create(input: EventSourceMappingInput): EventSourceMapping;
  update(uuid: string, changes: Partial<EventSourceMappingInput>): EventSourceMapping;
  delete(uuid: string): EventSourceMapping;
  get(uuid: string): EventSourceMapping;
  list(filter?: { FunctionName?: string; EventSourceArn?: string }): EventSourceMapping[];
}

/** CreatePipe's input (the template's AWS::Pipes::Pipe properties). */
export interface PipeInput {
  Name: string;
  RoleArn: string;
  Source: string;
  Target: string;
  Description?: string;
  DesiredState?: 'RUNNING' | 'STOPPED';
  SourceParameters?: Record<string, unknown>;
  TargetParameters?: Record<string, unknown>;
  Enrichment?: string;
  EnrichmentParameters?: Record<string, unknown>;
  LogConfiguration?: Record<string, unknown>;
  Tags?: Record<string, string>;
}

/** A pipe as DescribePipe returns it. */
export interface Pipe extends PipeInput {
  Arn: string;
  CurrentState:
    | 'RUNNING'
    | 'STOPPED'
    | 'CREATING'
    | 'UPDATING'
    | 'DELETING'
    | 'STARTING'
    | 'STOPPING'
    | 'CREATE_FAILED'
    | 'UPDATE_FAILED';
  StateReason?: string;
  /** Epoch seconds. */
  CreationTime: number;
  LastModifiedTime: number;
}

/** Creates, changes and removes pipes; the Pipes service implements it. */
export interface PipeRegistry {
  create(input: PipeInput): Pipe;
  update(name: string, changes: Partial<PipeInput>): Pipe;
  delete(name: string): Pipe;
  get(name: string): Pipe;
  list(): Pipe[];
}
