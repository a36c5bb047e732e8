import { EventSourceMappings } from '../event-source-mappings';
import type { LambdaStore } from '../store';

/** GetEventSourceMapping (`GET /2015-03-31/event-source-mappings/{UUID}`). */
export function getEventSourceMapping(
  store: LambdaStore,
  input: { UUID: string }
): Record<string, unknown> {
  return EventSourceMappings.describe(store.mappings.get(input.UUID));
}
