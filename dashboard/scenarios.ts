/** The lab's scenario stacks deployed in the emulator, as the CloudFormation interpreter has them. */
import type { CloudFormationInterpreter, StackRecord } from '../emulator/cloudformation';
import { isScenarioId, OutputKey, type ScenarioId, stackName } from '../infra/names';

/** One deployed scenario. */
export interface ScenarioSummary {
  id: ScenarioId;
  stackName: string;
  /** The stack's Variant output: `broken` or `fixed` (`unknown` if it has none). */
  variant: string;
  /** CloudFormation stack status, e.g. UPDATE_COMPLETE. */
  status: string;
  /** Emulator time of the last create or update, epoch milliseconds. */
  lastUpdated: number;
  /** The stack's CloudWatch dashboard, if it has one. */
  dashboardName?: string;
}

function outputsOf(stack: StackRecord): Record<string, string> {
  return Object.fromEntries(stack.outputs.map((o) => [o.OutputKey, o.OutputValue]));
}

/** Statuses whose stack has no resources to show. */
const GONE = new Set(['ROLLBACK_COMPLETE', 'DELETE_COMPLETE', 'DELETE_IN_PROGRESS']);

/** The scenario id a stack deploys: its ScenarioId output, else its `forensics-<id>` name. */
function scenarioOf(stack: StackRecord): ScenarioId | undefined {
  const output = outputsOf(stack)[OutputKey.ScenarioId];
  if (output && isScenarioId(output) && stack.stackName === stackName(output)) return output;
  const m = /^forensics-(.+)$/.exec(stack.stackName);
  return m?.[1] && isScenarioId(m[1]) ? m[1] : undefined;
}

function summary(stack: StackRecord, id: ScenarioId): ScenarioSummary {
  const outputs = outputsOf(stack);
  const dashboard =
    outputs[OutputKey.DashboardName] ??
    [...stack.resources.values()].find((r) => r.type === 'AWS::CloudWatch::Dashboard')?.physicalId;
  return {
    id,
    stackName: stack.stackName,
    variant: outputs[OutputKey.Variant] ?? 'unknown',
    status: stack.status,
    lastUpdated: stack.lastUpdatedTime ?? stack.creationTime,
    ...(dashboard ? { dashboardName: dashboard } : {}),
  };
}

/** The deployed scenario stacks (`forensics-<id>`), in the order they were created. */
export function deployedScenarios(cfn: CloudFormationInterpreter): ScenarioSummary[] {
  const out: ScenarioSummary[] = [];
  for (const stack of cfn.liveStacks()) {
    if (GONE.has(stack.status)) continue;
    const id = scenarioOf(stack);
    if (id) out.push(summary(stack, id));
  }
  return out;
}

/** One deployed scenario's stack and summary, or undefined if it is not deployed. */
export function deployedScenario(
  cfn: CloudFormationInterpreter,
  id: string
): { stack: StackRecord; summary: ScenarioSummary } | undefined {
  if (!isScenarioId(id)) return undefined;
  const stack = cfn.findStack(stackName(id));
  if (!stack || GONE.has(stack.status) || stack.stackName !== stackName(id)) return undefined;
  return { stack, summary: summary(stack, id) };
}
