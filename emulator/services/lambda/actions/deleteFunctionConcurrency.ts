import { validateInput } from '../../../core/validate';
import { functionNameFrom } from '../errors';
import type { LambdaStore } from '../store';

/** DeleteFunctionConcurrency (`DELETE /2017-10-31/functions/{FunctionName}/concurrency`, 204). */
export function deleteFunctionConcurrency(
  store: LambdaStore,
  input: { FunctionName: string }
): Record<string, never> {
  validateInput(input, { FunctionName: { type: 'string', required: true, min: 1, max: 140 } });
  const name = functionNameFrom(input.FunctionName);
  store.functions.config(name);
  store.functions.update(name, (c) => {
    const { reservedConcurrentExecutions, ...rest } = c;
    void reservedConcurrentExecutions;
    return rest;
  });
  return {};
}
