import { type InputShape, validateInput } from '../../../core/validate';
import type { KinesisStore } from '../store';
import type { EnhancedMonitoringInput } from './enableEnhancedMonitoring';
import { input as enableInput } from './enableEnhancedMonitoring';

/** The input shape, checked before the action runs. */
export const input = enableInput satisfies InputShape;

/** DisableEnhancedMonitoring: turns shard-level metrics off. */
export function disableEnhancedMonitoring(store: KinesisStore, req: EnhancedMonitoringInput) {
  validateInput(req, input);
  const { stream, before, after } = store.setShardLevelMetrics(req, req.ShardLevelMetrics, false);
  return {
    StreamName: stream.name,
    StreamARN: stream.arn,
    CurrentShardLevelMetrics: before,
    DesiredShardLevelMetrics: after,
  };
}
