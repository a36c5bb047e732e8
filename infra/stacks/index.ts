import type { Construct } from 'constructs';
import { ScenarioId } from '../names';
import { DoubleTroubleStack } from './double-trouble';
import { LatencyForensicsStack } from './latency-forensics';
import type { ScenarioStack, ScenarioStackProps } from './scenario-stack';
import { ShardPerpetratorStack } from './shard-perpetrator';
import { SilentDisappearStack } from './silent-disappear';
import { VanishingRecordsStack } from './vanishing-records';

/** Builds one scenario's stack. */
export type ScenarioStackFactory = (scope: Construct, props: ScenarioStackProps) => ScenarioStack;

/** The stack of each scenario, by id. */
export const scenarioStacks: Record<ScenarioId, ScenarioStackFactory> = {
  [ScenarioId.SilentDisappear]: (scope, props) => new SilentDisappearStack(scope, props),
  [ScenarioId.LatencyForensics]: (scope, props) => new LatencyForensicsStack(scope, props),
  [ScenarioId.DoubleTrouble]: (scope, props) => new DoubleTroubleStack(scope, props),
  [ScenarioId.VanishingRecords]: (scope, props) => new VanishingRecordsStack(scope, props),
  [ScenarioId.ShardPerpetrator]: (scope, props) => new ShardPerpetratorStack(scope, props),
};
