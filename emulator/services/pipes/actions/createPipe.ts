import type { PipeInput } from '../../../core/integrations';
import type { PipeStore } from '../store';
import { pipeStateOutput } from './describe';

/** CreatePipe (`POST /v1/pipes/{Name}`): answers `CurrentState: CREATING`; a RUNNING pipe starts polling. */
export function createPipe(store: PipeStore, input: PipeInput): Record<string, unknown> {
  return pipeStateOutput(store.create(input));
}
