import type { EventSourceMappingInput } from '../../core/integrations';
import { type InputShape, validateInput } from '../../core/validate';
import { invalidParameter } from './errors';

/** The event source kinds the emulator polls. */
export type SourceKind = 'kinesis' | 'dynamodb' | 'sqs';

const destination: InputShape = {
  Destination: { type: 'string', min: 0, max: 350 },
};

/** Constraints of CreateEventSourceMapping's members (SDK model / aws-facts D.1). */
const mappingMembers = {
  FunctionName: { type: 'string', min: 1, max: 140 },
  EventSourceArn: {
    type: 'string',
    pattern:
      'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)',
  },
  Enabled: { type: 'boolean' },
  BatchSize: { type: 'integer', min: 1, max: 10_000 },
  MaximumBatchingWindowInSeconds: { type: 'integer', min: 0, max: 300 },
  ParallelizationFactor: { type: 'integer', min: 1, max: 10 },
  StartingPosition: { type: 'string', enum: ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'] },
  StartingPositionTimestamp: { type: 'timestamp' },
  DestinationConfig: {
    type: 'structure',
    members: {
      OnSuccess: { type: 'structure', members: destination },
      OnFailure: { type: 'structure', members: destination },
    },
  },
  MaximumRecordAgeInSeconds: { type: 'integer', min: -1, max: 604_800 },
  BisectBatchOnFunctionError: { type: 'boolean' },
  MaximumRetryAttempts: { type: 'integer', min: -1, max: 10_000 },
  TumblingWindowInSeconds: { type: 'integer', min: 0, max: 900 },
  FunctionResponseTypes: {
    type: 'list',
    min: 0,
    max: 1,
    member: { type: 'string', enum: ['ReportBatchItemFailures'] },
  },
  ScalingConfig: {
    type: 'structure',
    members: { MaximumConcurrency: { type: 'integer', min: 2, max: 1000 } },
  },
  MetricsConfig: {
    type: 'structure',
    members: {
      Metrics: {
        type: 'list',
        min: 0,
        max: 1,
        member: { type: 'string', enum: ['EventCount', 'ErrorCount', 'KafkaMetrics'] },
      },
    },
  },
  FilterCriteria: { type: 'structure', members: {} },
} as const satisfies InputShape;

/** CreateEventSourceMapping's shape. */
export const createMappingShape: InputShape = {
  ...mappingMembers,
  FunctionName: { ...mappingMembers.FunctionName, required: true },
};

/** UpdateEventSourceMapping's shape (no EventSourceArn or StartingPosition). */
export const updateMappingShape: InputShape = (() => {
  const { EventSourceArn, StartingPosition, StartingPositionTimestamp, ...rest } = mappingMembers;
  void EventSourceArn;
  void StartingPosition;
  void StartingPositionTimestamp;
  return { ...rest, UUID: { type: 'string', required: true } };
})();

/** Checks the model constraints (ValidationException / SerializationException). */
export function validateMappingInput(input: unknown, shape: InputShape): void {
  validateInput(input, shape);
}

/** The source kind of an event source ARN, or InvalidParameterValueException. */
export function sourceKindOf(arn: string | undefined): SourceKind {
  if (arn === undefined) throw invalidParameter('Unrecognized event source.');
  const service = arn.split(':')[2];
  if (service === 'kinesis') return 'kinesis';
  if (service === 'sqs') return 'sqs';
  if (service === 'dynamodb' && arn.includes('/stream/')) return 'dynamodb';
  throw invalidParameter(
    `Unrecognized event source, must be kinesis, dynamodb stream or sqs. Unsupported source arn : ${arn}`
  );
}

/**
 * The service-level rules of a mapping (the merged configuration on update): what Lambda
 * answers with InvalidParameterValueException, plus what the emulator does not model, named.
 */
export function checkMappingRules(
  config: EventSourceMappingInput & { FilterCriteria?: unknown; TumblingWindowInSeconds?: number },
  kind: SourceKind
): void {
  const onSuccess = (
    config.DestinationConfig as { OnSuccess?: { Destination?: string } } | undefined
  )?.OnSuccess?.Destination;
  const onFailure = config.DestinationConfig?.OnFailure?.Destination;
  if (kind === 'sqs') {
    if (onSuccess || onFailure) {
      throw invalidParameter(
        'Unsupported DestinationConfig parameter for given event source mapping type.'
      );
    }
    const batchSize = config.BatchSize ?? 10;
    if (batchSize > 10 && (config.MaximumBatchingWindowInSeconds ?? 0) === 0) {
      throw invalidParameter(
        'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10'
      );
    }
  } else {
    if (onSuccess) {
      throw invalidParameter(
        'Unsupported DestinationConfig parameter for given event source mapping type.'
      );
    }
    if (!config.StartingPosition) {
      throw invalidParameter(
        "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null."
      );
    }
    if (kind === 'dynamodb' && config.StartingPosition === 'AT_TIMESTAMP') {
      throw invalidParameter(
        `Unsupported starting position for arn type: ${config.EventSourceArn}`
      );
    }
    if (onFailure && onFailure.split(':')[2] !== 'sqs') {
      throw invalidParameter(
        `The emulator supports only SQS queues as on-failure destinations (got ${onFailure}).`
      );
    }
  }
  if (config.FilterCriteria !== undefined && config.FilterCriteria !== null) {
    throw invalidParameter('FilterCriteria is not supported by the emulator.');
  }
  if ((config.TumblingWindowInSeconds ?? 0) > 0) {
    throw invalidParameter('TumblingWindowInSeconds is not supported by the emulator.');
  }
}
