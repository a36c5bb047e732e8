import { AwsError } from '../../core/errors';

/**
 * Lambda's errors, with the codes, statuses and texts Lambda uses (SDK model
 * `@aws-sdk/client-lambda@3.1164.0` errors; texts from AWS replies recorded by LocalStack's
 * snapshot tests and from error reports quoted in aws-facts D.3).
 */

/** 404 for an unknown function: `Function not found: arn:aws:lambda:...:function:NAME`. */
export function functionNotFound(region: string, accountId: string, name: string): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    `Function not found: arn:aws:lambda:${region}:${accountId}:function:${name}`,
    404
  );
}

/** 404 for an unknown event source mapping UUID. */
export function mappingNotFound(): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    'The resource you requested does not exist.',
    404
  );
}

/** 400 InvalidParameterValueException. */
export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, 400);
}

/** 409 ResourceConflictException. */
export function resourceConflict(message: string): AwsError {
  return new AwsError('ResourceConflictException', message, 409);
}

/**
 * A function name as the API accepts it (name, `ACCOUNT:function:NAME` or the full ARN, with an
 * optional `:qualifier`) -> the bare name.
 */
export function functionNameFrom(value: string): string {
  const marker = value.indexOf('function:');
  const tail = marker >= 0 ? value.slice(marker + 'function:'.length) : value;
  return tail.split(':')[0] ?? tail;
}
