import type { EventSourceMappingInput } from '../../../core/integrations';
import { EventSourceMappings } from '../event-source-mappings';
import type { LambdaStore } from '../store';

/**
 * CreateEventSourceMapping (`POST /2015-03-31/event-source-mappings`, 202; the AWS CLI sends a
 * trailing slash): validates, starts the poller when Enabled, answers `State: Creating`.
 */
export function createEventSourceMapping(
  store: LambdaStore,
  input: EventSourceMappingInput
): Record<string, unknown> {
  return EventSourceMappings.describe(store.mappings.create(input));
}
