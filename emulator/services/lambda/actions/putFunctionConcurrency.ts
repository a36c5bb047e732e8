import { quotas } from '../../../core/quotas';
import { validateInput } from '../../../core/validate';
import { functionNameFrom, invalidParameter } from '../errors';
import type { LambdaStore } from '../store';

/**
 * PutFunctionConcurrency (`PUT /2017-10-31/functions/{FunctionName}/concurrency`): reserves
 * concurrency for the function (the runtime throttles past it; 0 stops all invocations). At
 * least 100 of the account's 1,000 must stay unreserved.
 */
export function putFunctionConcurrency(
  store: LambdaStore,
  input: { FunctionName: string; ReservedConcurrentExecutions?: number }
): { ReservedConcurrentExecutions: number } {
  validateInput(input, {
    FunctionName: { type: 'string', required: true, min: 1, max: 140 },
    ReservedConcurrentExecutions: { type: 'integer', required: true, min: 0 },
  });
  const name = functionNameFrom(input.FunctionName);
  store.functions.config(name);
  const requested = input.ReservedConcurrentExecutions as number;
  const reservedElsewhere = store.runtime
    .listFunctions()
    .filter((f) => f.functionName !== name)
    .reduce((sum, f) => sum + (f.reservedConcurrentExecutions ?? 0), 0);
  const minimum = quotas.lambdaUnreservedConcurrencyMinimum.value;
  if (quotas.lambdaAccountConcurrency.value - reservedElsewhere - requested < minimum) {
    throw invalidParameter(
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${minimum}].`
    );
  }
  store.functions.update(name, (c) => ({ ...c, reservedConcurrentExecutions: requested }));
  return { ReservedConcurrentExecutions: requested };
}
