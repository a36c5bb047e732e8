import { type InputShape, validateInput } from '../../../core/validate';
import { streamRefShape } from '../shapes';
import type { KinesisStore, StreamRef } from '../store';

/** The input shape, checked before the action runs. */
export const input = {
  ...streamRefShape,
  EnforceConsumerDeletion: { type: 'boolean' },
} as const satisfies InputShape;

/** DeleteStream: removes the stream (after `deleteStreamMs` of emulated time). */
export function deleteStream(store: KinesisStore, req: StreamRef): Record<string, never> {
  validateInput(req, input);
  store.deleteStream(req);
  return {};
}
