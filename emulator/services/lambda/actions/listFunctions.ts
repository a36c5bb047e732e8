import { quotas } from '../../../core/quotas';
import { validateInput } from '../../../core/validate';
import type { LambdaStore } from '../store';
import { page } from './paging';

/** ListFunctions (`GET /2015-03-31/functions`): 50 per page by default, `Marker` to go on. */
export function listFunctions(
  store: LambdaStore,
  input: { MaxItems?: number; Marker?: string }
): { Functions: Record<string, unknown>[]; NextMarker?: string } {
  validateInput(input, {
    MaxItems: { type: 'integer', min: 1, max: quotas.lambdaListMaxItems.value },
    Marker: { type: 'string' },
  });
  const all = store.runtime
    .listFunctions()
    .sort((a, b) =>
      a.functionName < b.functionName ? -1 : a.functionName > b.functionName ? 1 : 0
    );
  const { items, next } = page(all, input.Marker, input.MaxItems ?? 50);
  return {
    Functions: items.map((config) => store.functions.describe(config)),
    ...(next ? { NextMarker: next } : {}),
  };
}
