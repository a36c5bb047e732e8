import { validateInput } from '../../../core/validate';
import type { PipeStore } from '../store';
import { nameShape } from '../validation';
import { pipeStateOutput } from './describe';

/** StopPipe (`POST /v1/pipes/{Name}/stop`): answers `CurrentState: STOPPING`; polling stops. */
export function stopPipe(store: PipeStore, input: { Name: string }): Record<string, unknown> {
  validateInput(input, nameShape);
  return pipeStateOutput(store.stop(input.Name));
}
