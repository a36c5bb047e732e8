/**
 * The contract between the interpreter and the resource providers (one per resource type,
 * in `providers/`), and the services the providers create resources in.
 */
import type { EmulatorClock } from '../core/clock';
import type { EventSourceMappingRegistry, PipeRegistry } from '../core/integrations';
import type { LambdaRuntime } from '../runtime/lambda-runtime';
import type { CloudWatchService } from '../services/cloudwatch';
import type { KinesisStore } from '../services/kinesis/store';
import type { LogsStore } from '../services/logs/store';
import type { SqsStore } from '../services/sqs/store';
import type { AssetResolver } from './assembly';
import type { DashboardRegistry } from './dashboards';
import type { DynamoDbTables } from './providers/dynamodb-table';

/**
 * The emulated services a stack's resources live in. Every member is optional: a stack that
 * uses a type whose service is missing fails with an error naming both.
 */
export interface StackServices {
  kinesis?: KinesisStore;
  sqs?: SqsStore;
  /** CloudWatch Logs: log groups (AWS::Logs::LogGroup). */
  logs?: LogsStore;
  /** CloudWatch alarms (AWS::CloudWatch::Alarm). */
  cloudwatch?: Pick<CloudWatchService, 'putAlarm' | 'deleteAlarm' | 'store'>;
  /** Dashboard bodies (AWS::CloudWatch::Dashboard). */
  dashboards?: DashboardRegistry;
  dynamodb?: DynamoDbTables;
  /** Where functions run (AWS::Lambda::Function). */
  lambda?: Pick<LambdaRuntime, 'putFunction' | 'deleteFunction' | 'getFunction'>;
  /** AWS::Lambda::EventSourceMapping (implemented by the Lambda service's pollers). */
  eventSourceMappings?: EventSourceMappingRegistry;
  /** AWS::Pipes::Pipe (implemented by the Pipes service). */
  pipes?: PipeRegistry;
}

/** What a provider knows about the resource it works on. */
export interface ProviderContext {
  readonly stackName: string;
  readonly stackId: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly clock: EmulatorClock;
  /** Local files behind the template's S3 asset references. */
  readonly assets: AssetResolver;
  /** A name as CloudFormation generates it for this resource, at most `maxLength` long. */
  generateName(maxLength: number): string;
  /** The service `key`, or an error naming this resource and the missing service. */
  service<K extends keyof StackServices>(key: K): NonNullable<StackServices[K]>;
}

/** A created resource, as the interpreter records it. */
export interface ProvidedResource {
  /** The physical id: what `Ref` returns and DescribeStackResources shows. */
  physicalId: string;
  /** What `Fn::GetAtt` returns, by attribute name. */
  attributes: Record<string, unknown>;
}

/** Resolved resource properties (every intrinsic function already replaced). */
export type Properties = Record<string, unknown>;

type Maybe<T> = T | Promise<T>;

/**
 * Creates, updates and deletes one resource type in the emulated services. Providers get
 * resolved properties and throw AwsError (or any Error) to fail the operation.
 */
export interface ResourceProvider {
  readonly type: string;
  /** The Fn::GetAtt attributes the type documents. */
  readonly attributes: readonly string[];
  /**
   * Properties (dotted paths into nested objects) whose change replaces the resource
   * (CloudFormation's "Update requires: Replacement"). Other changes go to `update`.
   */
  readonly replaceOn: readonly string[];
  /** The property that names the resource explicitly, if the type has one. */
  readonly nameProperty?: string;
  /**
   * Every property the type documents; any other is refused before anything is created, as
   * CloudFormation refuses it. Absent for the no-op types (anything goes).
   */
  readonly properties?: readonly string[];
  /** Properties the type requires. */
  readonly required?: readonly string[];
  create(ctx: ProviderContext, props: Properties): Maybe<ProvidedResource>;
  /** Applies a change in place; absent when every change replaces the resource. */
  update?(
    ctx: ProviderContext,
    current: ProvidedResource,
    props: Properties,
    previous: Properties
  ): Maybe<ProvidedResource>;
  /** Deletes the resource; a resource that is already gone is not an error. */
  delete(ctx: ProviderContext, current: ProvidedResource, props: Properties): Maybe<void>;
}

/** `[{ Key, Value }]` (the CloudFormation tag list) -> `{ Key: Value }`. */
export function tagMap(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(tags)) {
    for (const tag of tags) {
      if (tag && typeof tag === 'object' && 'Key' in tag) {
        out[String((tag as { Key: unknown }).Key)] = String(
          (tag as { Value?: unknown }).Value ?? ''
        );
      }
    }
  } else if (tags && typeof tags === 'object') {
    for (const [key, value] of Object.entries(tags)) out[key] = String(value);
  }
  return out;
}

/** Copies `props` without the listed keys. */
export function without(props: Properties, ...keys: string[]): Properties {
  const out: Properties = {};
  for (const [key, value] of Object.entries(props)) if (!keys.includes(key)) out[key] = value;
  return out;
}

/** CloudFormation's error when a resource it is about to create already exists. */
export function alreadyExists(type: string, identifier: string): Error {
  return new Error(`Resource of type '${type}' with identifier '${identifier}' already exists.`);
}

/** The explicit name from `props[nameProperty]`, or a generated one. */
export function physicalName(
  ctx: ProviderContext,
  props: Properties,
  nameProperty: string,
  maxLength: number
): string {
  const explicit = props[nameProperty];
  if (explicit !== undefined && explicit !== null && explicit !== '') return String(explicit);
  return ctx.generateName(maxLength);
}
