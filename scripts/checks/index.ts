import { ScenarioId } from '../../infra/names';
import type { ScenarioCheck } from './check';
import { doubleTroubleCheck } from './double-trouble';
import { latencyForensicsCheck } from './latency-forensics';
import { shardPerpetratorCheck } from './shard-perpetrator';
import { silentDisappearCheck } from './silent-disappear';
import { vanishingRecordsCheck } from './vanishing-records';

/** The resolution check of each scenario, by id. */
export const checks: Record<ScenarioId, ScenarioCheck> = {
  [ScenarioId.SilentDisappear]: silentDisappearCheck,
  [ScenarioId.LatencyForensics]: latencyForensicsCheck,
  [ScenarioId.DoubleTrouble]: doubleTroubleCheck,
  [ScenarioId.VanishingRecords]: vanishingRecordsCheck,
  [ScenarioId.ShardPerpetrator]: shardPerpetratorCheck,
};
