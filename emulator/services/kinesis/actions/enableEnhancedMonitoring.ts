import { type InputShape, validateInput } from '../../../core/validate';
import { metricsNameShape, streamRefShape } from '../shapes';
import type { KinesisStore, StreamRef } from '../store';

/** The input shape, checked before the action runs. */
export const input = {
  ...streamRefShape,
  ShardLevelMetrics: { type: 'list', required: true, min: 1, max: 7, member: metricsNameShape },
} as const satisfies InputShape;

export interface EnhancedMonitoringInput extends StreamRef {
  ShardLevelMetrics: string[];
}

/** EnableEnhancedMonitoring: turns shard-level metrics on (ALL = all seven). */
export function enableEnhancedMonitoring(store: KinesisStore, req: EnhancedMonitoringInput) {
  validateInput(req, input);
  const { stream, before, after } = store.setShardLevelMetrics(req, req.ShardLevelMetrics, true);
  return {
    StreamName: stream.name,
    StreamARN: stream.arn,
    CurrentShardLevelMetrics: before,
    DesiredShardLevelMetrics: after,
  };
}
