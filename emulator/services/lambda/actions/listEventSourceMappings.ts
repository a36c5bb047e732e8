import { quotas } from '../../../core/quotas';
import { validateInput } from '../../../core/validate';
import { EventSourceMappings } from '../event-source-mappings';
import type { LambdaStore } from '../store';
import { page } from './paging';

/** ListEventSourceMappings (`GET /2015-03-31/event-source-mappings`), by function and/or source. */
export function listEventSourceMappings(
  store: LambdaStore,
  input: { FunctionName?: string; EventSourceArn?: string; Marker?: string; MaxItems?: number }
): { EventSourceMappings: Record<string, unknown>[]; NextMarker?: string } {
  validateInput(input, {
    EventSourceArn: { type: 'string' },
    FunctionName: { type: 'string', min: 1, max: 140 },
    Marker: { type: 'string' },
    MaxItems: { type: 'integer', min: 1, max: quotas.lambdaListMaxItems.value },
  });
  const all = store.mappings.list({
    ...(input.FunctionName !== undefined ? { FunctionName: input.FunctionName } : {}),
    ...(input.EventSourceArn !== undefined ? { EventSourceArn: input.EventSourceArn } : {}),
  });
  const { items, next } = page(all, input.Marker, input.MaxItems ?? 100);
  return {
    EventSourceMappings: items.map((m) => EventSourceMappings.describe(m)),
    ...(next ? { NextMarker: next } : {}),
  };
}
