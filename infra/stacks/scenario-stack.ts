import { CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import {
  LAB_NAME,
  METRICS_NAMESPACE,
  type MetricName,
  OutputKey,
  type ScenarioId,
  SERVICE_DIMENSION,
  stackName,
  Tag,
  type Variant,
} from '../names';

/** Props every scenario stack takes. */
export interface ScenarioStackProps extends StackProps {
  /** Which variant to deploy. @default 'broken' */
  variant: Variant;
}

/**
 * The base of the five scenario stacks: names the stack after the scenario, tags every
 * resource with the lab, scenario and variant, exports the scenario id and variant so a
 * check can tell what is deployed, and builds the scenario's own metrics for its dashboard.
 */
export abstract class ScenarioStack extends Stack {
  readonly scenarioId: ScenarioId;
  readonly variant: Variant;

  protected constructor(scope: Construct, scenarioId: ScenarioId, props: ScenarioStackProps) {
    super(scope, stackName(scenarioId), {
      description: `${LAB_NAME}: ${scenarioId} (${props.variant})`,
      ...props,
    });
    this.scenarioId = scenarioId;
    this.variant = props.variant;
    Tags.of(this).add(Tag.Lab, LAB_NAME);
    Tags.of(this).add(Tag.Scenario, scenarioId);
    Tags.of(this).add(Tag.Variant, props.variant);
    this.output(OutputKey.ScenarioId, scenarioId, 'the scenario this stack deploys');
    this.output(OutputKey.Variant, props.variant, 'broken or fixed');
  }

  /** Exports a value under one of the shared output keys. */
  protected output(key: OutputKey, value: string, description: string): CfnOutput {
    return new CfnOutput(this, key, { key, value, description });
  }

  /**
   * One of the metrics this scenario's functions publish as EMF, summed per minute: the lab's
   * namespace and a `service` dimension equal to the scenario id, as the checks query them.
   */
  protected labMetric(metricName: MetricName, label?: string): Metric {
    return new Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { [SERVICE_DIMENSION]: this.scenarioId },
      statistic: Stats.SUM,
      period: Duration.minutes(1),
      label,
    });
  }

  /** True when this stack deploys the fixed variant. */
  get isFixed(): boolean {
    return this.variant === 'fixed';
  }
}
