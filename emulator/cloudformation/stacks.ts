/**
 * What the interpreter records about each stack: status, parameters, outputs, resources and
 * events, in the terms of the CloudFormation API (DescribeStacks, DescribeStackResources,
 * DescribeStackEvents), so the CloudFormation service only has to shape them.
 */
import type { AssetResolver } from './assembly';
import type { Properties } from './provider';
import type { Template } from './template';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Stack.html (StackStatus) */
export type StackStatus =
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_FAILED'
  | 'CREATE_COMPLETE'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_FAILED'
  | 'ROLLBACK_COMPLETE'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_FAILED'
  | 'DELETE_COMPLETE'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'UPDATE_ROLLBACK_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_FAILED'
  | 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE';

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackResource.html (ResourceStatus) */
export type ResourceStatus =
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_FAILED'
  | 'CREATE_COMPLETE'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_FAILED'
  | 'DELETE_COMPLETE'
  | 'DELETE_SKIPPED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_FAILED'
  | 'UPDATE_COMPLETE';

/** Every stack status, for ListStacks' filter validation. */
export const STACK_STATUSES: readonly StackStatus[] = [
  'CREATE_IN_PROGRESS',
  'CREATE_FAILED',
  'CREATE_COMPLETE',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_FAILED',
  'ROLLBACK_COMPLETE',
  'DELETE_IN_PROGRESS',
  'DELETE_FAILED',
  'DELETE_COMPLETE',
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_COMPLETE',
  'UPDATE_FAILED',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_FAILED',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE',
];

/** One resource of a stack. */
export interface StackResourceRecord {
  logicalId: string;
  type: string;
  physicalId: string;
  /** Fn::GetAtt values. */
  attributes: Record<string, unknown>;
  /** The resolved properties the resource was last created or updated with. */
  properties: Properties;
  status: ResourceStatus;
  statusReason?: string;
  /** Epoch milliseconds. */
  lastUpdated: number;
}

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Output.html */
export interface StackOutput {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Parameter.html */
export interface StackParameter {
  ParameterKey: string;
  ParameterValue: string;
  /** For SSM parameter types: the value read from the parameter store. */
  ResolvedValue?: string;
}

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackEvent.html */
export interface StackEvent {
  EventId: string;
  StackId: string;
  StackName: string;
  LogicalResourceId: string;
  PhysicalResourceId: string;
  ResourceType: string;
  /** Epoch milliseconds. */
  Timestamp: number;
  ResourceStatus: StackStatus | ResourceStatus;
  ResourceStatusReason?: string;
}

/** One stack, live or deleted. */
export interface StackRecord {
  stackId: string;
  stackName: string;
  description?: string;
  status: StackStatus;
  statusReason?: string;
  /** Epoch milliseconds. */
  creationTime: number;
  lastUpdatedTime?: number;
  deletionTime?: number;
  parameters: StackParameter[];
  tags: Record<string, string>;
  outputs: StackOutput[];
  /** The template the resources now follow (the old one after a rolled-back update). */
  template: Template;
  assets: AssetResolver;
  /** The resources, in creation order. */
  resources: Map<string, StackResourceRecord>;
  /** Newest first, as DescribeStackEvents returns them. */
  events: StackEvent[];
}

/** What a create, update or deploy did. */
export interface StackChanges {
  created: string[];
  updated: string[];
  replaced: string[];
  deleted: string[];
}

/** The result of a stack operation. */
export interface StackOperationResult {
  stack: StackRecord;
  /** Output values by key. */
  outputs: Record<string, string>;
  /** Logical ids by what happened to them. */
  changes: StackChanges;
  /** Set when an update found nothing to change (the API's "No updates are to be performed."). */
  unchanged?: true;
}
