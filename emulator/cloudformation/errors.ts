import { AwsError } from '../core/errors';

/**
 * A problem with the template or the request, found before anything is created: CloudFormation
 * rejects the CreateStack/UpdateStack call with `ValidationError` and this message.
 */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, 400);
}

/** `Template format error: ...` (the template is not well formed). */
export function templateFormatError(message: string): AwsError {
  return validationError(`Template format error: ${message}`);
}

/** `Template error: ...` (an intrinsic function got values it cannot work with). */
export function templateError(message: string): AwsError {
  return validationError(`Template error: ${message}`);
}

/** CloudFormation's answer for a reference to something the template does not define. */
export function unresolvedDependencies(names: readonly string[]): AwsError {
  return templateFormatError(
    `Unresolved resource dependencies [${names.join(', ')}] in the Resources block of the template`
  );
}

/** `Stack with id <name> does not exist` (DescribeStacks and friends on an unknown stack). */
export function stackDoesNotExist(nameOrId: string): AwsError {
  return validationError(`Stack with id ${nameOrId} does not exist`);
}

/**
 * A stack operation that failed after it started creating or changing resources: which
 * resource failed, why, and the stack's status once the rollback finished
 * (`ROLLBACK_COMPLETE`, `UPDATE_ROLLBACK_COMPLETE`, `DELETE_FAILED` ...).
 */
export class StackOperationError extends Error {
  constructor(
    readonly stackName: string,
    readonly operation: 'CREATE' | 'UPDATE' | 'DELETE',
    readonly logicalId: string,
    readonly resourceType: string,
    readonly reason: string,
    readonly stackStatus: string,
    options?: ErrorOptions
  ) {
    super(
      `Stack ${stackName}: ${operation}_FAILED on ${logicalId} (${resourceType}): ${reason}; the stack is now ${stackStatus}`,
      options
    );
    this.name = 'StackOperationError';
  }
}
