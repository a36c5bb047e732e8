import { EventSourceMappings } from '../event-source-mappings';
import type { LambdaStore } from '../store';

/** DeleteEventSourceMapping (`DELETE /2015-03-31/event-source-mappings/{UUID}`, 202): stops the poller. */
export function deleteEventSourceMapping(
  store: LambdaStore,
  input: { UUID: string }
): Record<string, unknown> {
  return EventSourceMappings.describe(store.mappings.delete(input.UUID));
}
