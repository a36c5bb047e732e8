import { quotas } from '../../../core/quotas';
import { validateInput } from '../../../core/validate';
import { functionNameFrom, invalidParameter } from '../errors';
import { revisionMismatch } from '../functions';
import type { LambdaStore } from '../store';

/** The members UpdateFunctionConfiguration applies. */
export interface UpdateFunctionConfigurationInput {
  FunctionName: string;
  Timeout?: number;
  MemorySize?: number;
  Description?: string;
  Handler?: string;
  Runtime?: string;
  Role?: string;
  Environment?: { Variables?: Record<string, string> };
  RevisionId?: string;
}

const shape = {
  FunctionName: { type: 'string', required: true, min: 1, max: 170 },
  Role: { type: 'string' },
  Handler: { type: 'string', max: 128 },
  Description: { type: 'string', min: 0, max: 256 },
  Timeout: { type: 'integer', min: 1 },
  MemorySize: { type: 'integer', min: 128, max: 10_240 },
  Environment: {
    type: 'structure',
    members: { Variables: { type: 'map', value: { type: 'string' } } },
  },
  Runtime: { type: 'string' },
  RevisionId: { type: 'string' },
} as const;

/** Keys the Lambda runtime sets itself: a function may not define them. */
const RESERVED_KEYS = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
];
/** "The total size of the set does not exceed 4 KB." */
const ENVIRONMENT_MAX_BYTES = 4096;

/**
 * UpdateFunctionConfiguration (`PUT /2015-03-31/functions/{FunctionName}/configuration`):
 * Timeout (1-900 s), MemorySize (128-10,240 MB), Environment (replaces the whole set; 4 KB,
 * no reserved keys), Description, Handler, Runtime, Role. New execution environments serve the
 * next invocations; one in flight finishes under the old configuration. Other members
 * (VpcConfig, Layers, ...) are not modelled and are ignored.
 *
 * It does not check the function timeout against the visibility timeout of an SQS queue the
 * function is mapped to: AWS documents that check on the mapping's create/update only
 * (aws-facts D.3, J.11).
 */
export function updateFunctionConfiguration(
  store: LambdaStore,
  input: UpdateFunctionConfigurationInput
): Record<string, unknown> {
  validateInput(input, shape);
  const name = functionNameFrom(input.FunctionName);
  store.functions.config(name);
  if (input.RevisionId !== undefined && input.RevisionId !== store.functions.revisionId(name)) {
    throw revisionMismatch();
  }
  const variables = input.Environment?.Variables;
  if (variables) checkEnvironment(variables);
  if (input.Timeout !== undefined && input.Timeout > quotas.lambdaTimeoutSeconds.value) {
    throw invalidParameter(
      `1 validation error detected: Value '${input.Timeout}' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to ${quotas.lambdaTimeoutSeconds.value}`
    );
  }
  if (input.Role !== undefined) store.functions.setRole(name, input.Role);
  const config = store.functions.update(name, (current) => ({
    ...current,
    ...(input.Timeout !== undefined ? { timeout: input.Timeout } : {}),
    ...(input.MemorySize !== undefined ? { memorySize: input.MemorySize } : {}),
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    ...(input.Handler !== undefined ? { handler: input.Handler } : {}),
    ...(input.Runtime !== undefined ? { runtime: input.Runtime } : {}),
    ...(input.Environment !== undefined ? { environment: { ...(variables ?? {}) } } : {}),
  }));
  return store.functions.describe(config);
}

function checkEnvironment(variables: Record<string, string>): void {
  const reserved = Object.keys(variables).filter((key) => RESERVED_KEYS.includes(key));
  if (reserved.length > 0) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`
    );
  }
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured, 'utf8') > ENVIRONMENT_MAX_BYTES) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`
    );
  }
}
