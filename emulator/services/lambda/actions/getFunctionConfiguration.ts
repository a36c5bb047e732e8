import { validateInput } from '../../../core/validate';
import { functionNameFrom } from '../errors';
import type { LambdaStore } from '../store';

/** GetFunctionConfiguration (`GET /2015-03-31/functions/{FunctionName}/configuration`). */
export function getFunctionConfiguration(
  store: LambdaStore,
  input: { FunctionName: string; Qualifier?: string }
): Record<string, unknown> {
  validateInput(input, { FunctionName: { type: 'string', required: true, min: 1, max: 170 } });
  return store.functions.describe(store.functions.config(functionNameFrom(input.FunctionName)));
}
