import { AwsError } from '../../core/errors';
import { type InputShape, validateInput } from '../../core/validate';

/** The JSON `__type` AWS uses for validation errors of DynamoDB Streams (Coral's validator). */
const VALIDATION_ERROR_TYPE = 'com.amazon.coral.validate#ValidationException';

/** Shapes shared by the operations (constraints from the DynamoDB Streams API reference). */
export const streamArnShape = { type: 'string', min: 37, max: 1024 } as const;
export const shardIdShape = { type: 'string', min: 28, max: 65 } as const;
export const sequenceNumberShape = { type: 'string', min: 21, max: 40 } as const;

/** Checks `input` against `shape`, with AWS's `__type` on ValidationExceptions. */
export function checkInput<T>(input: unknown, shape: InputShape): T {
  try {
    validateInput(input, shape);
  } catch (error) {
    if (error instanceof AwsError && error.code === 'ValidationException') {
      throw new AwsError(error.code, error.message, error.status, undefined, {
        __type: VALIDATION_ERROR_TYPE,
      });
    }
    throw error;
  }
  return input as T;
}
