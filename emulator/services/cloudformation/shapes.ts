/**
 * The CloudFormation API's shapes of the interpreter's records (JSON shape: timestamps in epoch
 * seconds; the query codec writes them as ISO-8601).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Types.html
 */
import type { StackEvent, StackRecord, StackResourceRecord } from '../../cloudformation/stacks';
import { AwsError } from '../../core/errors';

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

/** `Stack` (DescribeStacks). */
export function stackShape(stack: StackRecord) {
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    Description: stack.description,
    Parameters: stack.parameters,
    CreationTime: seconds(stack.creationTime),
    DeletionTime: seconds(stack.deletionTime),
    LastUpdatedTime: seconds(stack.lastUpdatedTime),
    RollbackConfiguration: {},
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DisableRollback: false,
    NotificationARNs: [],
    Outputs: stack.outputs,
    Tags: Object.entries(stack.tags).map(([Key, Value]) => ({ Key, Value })),
    EnableTerminationProtection: false,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

/** `StackSummary` (ListStacks). */
export function stackSummaryShape(stack: StackRecord) {
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    TemplateDescription: stack.description,
    CreationTime: seconds(stack.creationTime),
    LastUpdatedTime: seconds(stack.lastUpdatedTime),
    DeletionTime: seconds(stack.deletionTime),
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

/** `StackResource` (DescribeStackResources). */
export function stackResourceShape(stack: StackRecord, resource: StackResourceRecord) {
  return {
    StackName: stack.stackName,
    StackId: stack.stackId,
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId,
    ResourceType: resource.type,
    Timestamp: seconds(resource.lastUpdated),
    ResourceStatus: resource.status,
    ResourceStatusReason: resource.statusReason,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

/** `StackResourceDetail` (DescribeStackResource). */
export function stackResourceDetailShape(stack: StackRecord, resource: StackResourceRecord) {
  const metadata = stack.template.Resources[resource.logicalId]?.Metadata;
  return {
    StackName: stack.stackName,
    StackId: stack.stackId,
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId,
    ResourceType: resource.type,
    LastUpdatedTimestamp: seconds(resource.lastUpdated),
    ResourceStatus: resource.status,
    ResourceStatusReason: resource.statusReason,
    Metadata: metadata === undefined ? undefined : JSON.stringify(metadata),
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

/** `StackResourceSummary` (ListStackResources). */
export function stackResourceSummaryShape(resource: StackResourceRecord) {
  return {
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId,
    ResourceType: resource.type,
    LastUpdatedTimestamp: seconds(resource.lastUpdated),
    ResourceStatus: resource.status,
    ResourceStatusReason: resource.statusReason,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

/** `StackEvent` (DescribeStackEvents). */
export function stackEventShape(event: StackEvent) {
  return { ...event, Timestamp: seconds(event.Timestamp) };
}

/** AWS's wording for a required member that is missing. */
export function missingMember(member: string): AwsError {
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`
  );
}

/** Pages of at most `size` items, with a NextToken (the offset) when more remain. */
export function page<T>(
  items: readonly T[],
  token: unknown,
  size: number
): { items: T[]; next?: string } {
  let offset = 0;
  if (token !== undefined) {
    const decoded = /^\d+$/.test(String(token)) ? Number(token) : Number.NaN;
    if (!Number.isInteger(decoded) || decoded > items.length) {
      throw new AwsError('ValidationError', 'Invalid NextToken');
    }
    offset = decoded;
  }
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? String(offset + size) : undefined;
  return { items: slice, ...(next ? { next } : {}) };
}
