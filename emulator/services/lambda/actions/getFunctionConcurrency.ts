import { validateInput } from '../../../core/validate';
import { functionNameFrom } from '../errors';
import type { LambdaStore } from '../store';

/** GetFunctionConcurrency (`GET /2019-09-30/functions/{FunctionName}/concurrency`). */
export function getFunctionConcurrency(
  store: LambdaStore,
  input: { FunctionName: string }
): { ReservedConcurrentExecutions?: number } {
  validateInput(input, { FunctionName: { type: 'string', required: true, min: 1, max: 140 } });
  const reserved = store.functions.config(
    functionNameFrom(input.FunctionName)
  ).reservedConcurrentExecutions;
  return reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved };
}
