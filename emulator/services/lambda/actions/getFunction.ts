import { validateInput } from '../../../core/validate';
import { functionNameFrom } from '../errors';
import type { LambdaStore } from '../store';

/** GetFunction (`GET /2015-03-31/functions/{FunctionName}`): configuration, code location, concurrency. */
export function getFunction(
  store: LambdaStore,
  input: { FunctionName: string; Qualifier?: string },
  endpoint: string
): Record<string, unknown> {
  validateInput(input, { FunctionName: { type: 'string', required: true, min: 1, max: 170 } });
  const config = store.functions.config(functionNameFrom(input.FunctionName));
  return {
    Configuration: store.functions.describe(config),
    Code: {
      RepositoryType: 'S3',
      Location: `${endpoint}/lambda-code/${encodeURIComponent(config.functionName)}.zip`,
    },
    ...(config.reservedConcurrentExecutions !== undefined
      ? { Concurrency: { ReservedConcurrentExecutions: config.reservedConcurrentExecutions } }
      : {}),
  };
}
