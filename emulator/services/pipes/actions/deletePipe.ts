import { validateInput } from '../../../core/validate';
import type { PipeStore } from '../store';
import { nameShape } from '../validation';
import { pipeStateOutput } from './describe';

/** DeletePipe (`DELETE /v1/pipes/{Name}`): answers `DesiredState: DELETED, CurrentState: DELETING`. */
export function deletePipe(store: PipeStore, input: { Name: string }): Record<string, unknown> {
  validateInput(input, nameShape);
  return pipeStateOutput(store.delete(input.Name));
}
