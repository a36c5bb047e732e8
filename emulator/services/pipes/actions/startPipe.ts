import { validateInput } from '../../../core/validate';
import type { PipeStore } from '../store';
import { nameShape } from '../validation';
import { pipeStateOutput } from './describe';

/** StartPipe (`POST /v1/pipes/{Name}/start`): answers `CurrentState: STARTING`. */
export function startPipe(store: PipeStore, input: { Name: string }): Record<string, unknown> {
  validateInput(input, nameShape);
  return pipeStateOutput(store.start(input.Name));
}
