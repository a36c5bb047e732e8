import { AwsError, validationError } from '../../core/errors';
import type { PipeInput } from '../../core/integrations';
import { quotas } from '../../core/quotas';
import type { InputShape, Shape } from '../../core/validate';
import { pipeSourceKind } from './pipe-runtime';

const ARN = { type: 'string', min: 1, max: 1600 } as const;

const deadLetterConfig: Shape = { type: 'structure', members: { Arn: ARN } };

const streamMembers = {
  BatchSize: { type: 'integer', min: 1, max: 10_000 },
  DeadLetterConfig: deadLetterConfig,
  OnPartialBatchItemFailure: { type: 'string', enum: ['AUTOMATIC_BISECT'] },
  MaximumBatchingWindowInSeconds: { type: 'integer', min: 0, max: 300 },
  MaximumRecordAgeInSeconds: { type: 'integer', min: -1, max: 604_800 },
  MaximumRetryAttempts: { type: 'integer', min: -1, max: 10_000 },
  ParallelizationFactor: { type: 'integer', min: 1, max: 10 },
} as const satisfies InputShape;

/** PipeSourceParameters (UpdatePipeSourceParameters has no StartingPosition). */
function sourceParameters(create: boolean): Shape {
  return {
    type: 'structure',
    members: {
      FilterCriteria: { type: 'structure', members: {} },
      DynamoDBStreamParameters: {
        type: 'structure',
        members: {
          ...streamMembers,
          ...(create
            ? {
                StartingPosition: {
                  type: 'string',
                  required: true,
                  enum: ['TRIM_HORIZON', 'LATEST'],
                },
              }
            : {}),
        },
      },
      KinesisStreamParameters: {
        type: 'structure',
        members: {
          ...streamMembers,
          ...(create
            ? {
                StartingPosition: {
                  type: 'string',
                  required: true,
                  enum: ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'],
                },
                StartingPositionTimestamp: { type: 'timestamp' },
              }
            : {}),
        },
      },
      SqsQueueParameters: {
        type: 'structure',
        members: {
          BatchSize: { type: 'integer', min: 1, max: 10_000 },
          MaximumBatchingWindowInSeconds: { type: 'integer', min: 0, max: 300 },
        },
      },
    },
  };
}

const targetParameters: Shape = {
  type: 'structure',
  members: {
    InputTemplate: { type: 'string', min: 0, max: quotas.pipesInputTemplateMaxChars.value },
    SqsQueueParameters: {
      type: 'structure',
      members: {
        MessageGroupId: { type: 'string', max: 100 },
        MessageDeduplicationId: { type: 'string', max: 100 },
      },
    },
  },
};

const logConfiguration: Shape = {
  type: 'structure',
  members: {
    Level: { type: 'string', required: true, enum: ['OFF', 'ERROR', 'INFO', 'TRACE'] },
    IncludeExecutionData: { type: 'list', member: { type: 'string', enum: ['ALL'] } },
    CloudwatchLogsLogDestination: { type: 'structure', members: { LogGroupArn: ARN } },
  },
};

const name: Shape = {
  type: 'string',
  required: true,
  min: 1,
  max: 64,
  pattern: '[\\.\\-_A-Za-z0-9]+',
};

/** CreatePipe's constraints (client-pipes model / aws-facts E.1). */
export const createPipeShape: InputShape = {
  Name: name,
  Description: { type: 'string', min: 0, max: 512 },
  DesiredState: { type: 'string', enum: ['RUNNING', 'STOPPED'] },
  Source: { ...ARN, required: true },
  SourceParameters: sourceParameters(true),
  Enrichment: { type: 'string', min: 0, max: 1600 },
  Target: { ...ARN, required: true },
  TargetParameters: targetParameters,
  RoleArn: { ...ARN, required: true },
  Tags: { type: 'map', value: { type: 'string', min: 0, max: 256 } },
  LogConfiguration: logConfiguration,
};

/** UpdatePipe's constraints. */
export const updatePipeShape: InputShape = {
  Name: name,
  Description: { type: 'string', min: 0, max: 512 },
  DesiredState: { type: 'string', enum: ['RUNNING', 'STOPPED'] },
  SourceParameters: sourceParameters(false),
  Enrichment: { type: 'string', min: 0, max: 1600 },
  Target: ARN,
  TargetParameters: targetParameters,
  RoleArn: ARN,
  LogConfiguration: logConfiguration,
};

/** A pipe name as the path carries it. */
export const nameShape: InputShape = { Name: name };

/**
 * What the emulator can run, checked on the merged configuration: Kinesis, DynamoDB stream or
 * SQS sources with their parameters; an SQS target (batch of at most 10 from a stream source);
 * DLQ and log destinations it models. Anything else is a ValidationException that names it
 * (never silently ignored).
 */
export function checkPipeSupported(pipe: PipeInput): void {
  const kind = pipeSourceKind(pipe.Source);
  if (!kind) {
    throw validationError(
      `The emulator runs pipes from Kinesis streams, DynamoDB streams and SQS queues only (Source ${pipe.Source}).`
    );
  }
  if (pipe.Target.split(':')[2] !== 'sqs') {
    throw validationError(`The emulator runs pipes to SQS queues only (Target ${pipe.Target}).`);
  }
  if (pipe.Enrichment) {
    throw validationError(
      `Pipe enrichment is not supported by the emulator (Enrichment ${pipe.Enrichment}).`
    );
  }
  const params = (pipe.SourceParameters ?? {}) as Record<
    string,
    Record<string, unknown> | undefined
  >;
  if (params.FilterCriteria)
    throw validationError('FilterCriteria is not supported by the emulator.');
  const expected =
    kind === 'kinesis'
      ? 'KinesisStreamParameters'
      : kind === 'dynamodb'
        ? 'DynamoDBStreamParameters'
        : 'SqsQueueParameters';
  for (const key of ['KinesisStreamParameters', 'DynamoDBStreamParameters', 'SqsQueueParameters']) {
    if (params[key] && key !== expected) {
      throw validationError(`SourceParameters.${key} does not apply to the source ${pipe.Source}.`);
    }
  }
  const own = params[expected];
  if (kind !== 'sqs' && !own?.StartingPosition) {
    throw validationError(
      `SourceParameters.${expected}.StartingPosition is required for the source ${pipe.Source}.`
    );
  }
  const batchSize = own?.BatchSize as number | undefined;
  if (batchSize !== undefined && batchSize > quotas.pipesSqsTargetBatchMax.value) {
    // "a pipe from a Kinesis stream to an Amazon SQS queue can have a maximum configured batch
    // size on the source of 10" (aws-facts A.5); the error's wording is the emulator's.
    throw validationError(
      `BatchSize ${batchSize} is above ${quotas.pipesSqsTargetBatchMax.value}, the largest batch an Amazon SQS target accepts.`
    );
  }
  const dlq = (own?.DeadLetterConfig as { Arn?: string } | undefined)?.Arn;
  if (dlq && dlq.split(':')[2] !== 'sqs') {
    throw validationError(
      `The emulator supports only SQS queues as pipe dead-letter queues (got ${dlq}).`
    );
  }
  const log = pipe.LogConfiguration as Record<string, unknown> | undefined;
  if (log && (log.FirehoseLogDestination || log.S3LogDestination)) {
    throw validationError(
      'The emulator writes pipe logs to CloudWatch Logs only (FirehoseLogDestination and S3LogDestination are not supported).'
    );
  }
}

/** 404 for an unknown pipe (wording UNCONFIRMED). */
export function pipeNotFound(pipeName: string): AwsError {
  return new AwsError('NotFoundException', `Pipe ${pipeName} does not exist.`, 404);
}

/** 409 for a name in use (wording UNCONFIRMED). */
export function pipeExists(pipeName: string): AwsError {
  return new AwsError('ConflictException', `Pipe ${pipeName} already exists.`, 409);
}
