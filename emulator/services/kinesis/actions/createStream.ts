import { AwsError } from '../../../core/errors';
import type { InputShape } from '../../../core/validate';
import { validateInput } from '../../../core/validate';
import { streamNameShape } from '../shapes';
import type { KinesisStore, StreamMode } from '../store';

/** The input shape, checked before the action runs. */
export const input = {
  StreamName: { ...streamNameShape, required: true },
  ShardCount: { type: 'integer', min: 1 },
  StreamModeDetails: {
    type: 'structure',
    members: { StreamMode: { type: 'string', required: true, enum: ['PROVISIONED', 'ON_DEMAND'] } },
  },
  Tags: { type: 'map', min: 1, max: 200, value: { type: 'string', min: 0, max: 256 } },
  WarmThroughputMiBps: { type: 'integer', min: 0 },
  MaxRecordSizeInKiB: { type: 'integer', min: 1024, max: 10240 },
} as const satisfies InputShape;

export interface CreateStreamInput {
  StreamName: string;
  ShardCount?: number;
  StreamModeDetails?: { StreamMode: StreamMode };
  Tags?: Record<string, string>;
  MaxRecordSizeInKiB?: number;
}

/** CreateStream: a stream of ShardCount shards (or 4 for ON_DEMAND), hash space split evenly. */
export function createStream(store: KinesisStore, req: CreateStreamInput): Record<string, never> {
  validateInput(req, input);
  if (req.StreamModeDetails?.StreamMode === 'ON_DEMAND' && req.ShardCount !== undefined) {
    throw new AwsError(
      'InvalidArgumentException',
      'ShardCount cannot be specified for a stream in ON_DEMAND mode.'
    );
  }
  if (req.MaxRecordSizeInKiB !== undefined && req.MaxRecordSizeInKiB !== 1024) {
    // Only the default 1 MiB record size is emulated.
    throw new AwsError(
      'InvalidArgumentException',
      'The emulator supports only MaxRecordSizeInKiB 1024.'
    );
  }
  store.createStream(req);
  return {};
}
