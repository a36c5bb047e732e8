import type { PipeInput } from '../../../core/integrations';
import type { PipeStore } from '../store';
import { pipeStateOutput } from './describe';

/**
 * UpdatePipe (`PUT /v1/pipes/{Name}`): changes what is given (not Source or StartingPosition);
 * answers `CurrentState: UPDATING`. A running stream pipe keeps its checkpoints.
 */
export function updatePipe(
  store: PipeStore,
  input: Partial<PipeInput> & { Name: string }
): Record<string, unknown> {
  const { Name, ...changes } = input;
  return pipeStateOutput(store.update(Name, changes));
}
