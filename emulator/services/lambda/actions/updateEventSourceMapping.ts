import type { EventSourceMappingInput } from '../../../core/integrations';
import { EventSourceMappings } from '../event-source-mappings';
import type { LambdaStore } from '../store';

/**
 * UpdateEventSourceMapping (`PUT /2015-03-31/event-source-mappings/{UUID}`, 202): changes the
 * members given (EventSourceArn and StartingPosition cannot change); `Enabled` starts or stops
 * the poller, which resumes at its checkpoints.
 */
export function updateEventSourceMapping(
  store: LambdaStore,
  input: Partial<EventSourceMappingInput> & { UUID: string }
): Record<string, unknown> {
  const { UUID, ...changes } = input;
  return EventSourceMappings.describe(store.mappings.update(UUID, changes));
}
