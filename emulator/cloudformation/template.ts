/**
 * The shape of a CloudFormation template, as far as the interpreter reads it
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html).
 * Values stay `unknown` until the intrinsic resolver has turned them into plain JSON.
 */

/** One entry of `Resources`. */
export interface ResourceDefinition {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  /** `Delete` (default), `Retain`, `RetainExceptOnCreate` or `Snapshot` (treated as Delete). */
  DeletionPolicy?: string;
  /** What happens to the old resource when an update replaces it. */
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, unknown>;
}

/** One entry of `Parameters`. */
export interface ParameterDefinition {
  Type: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  Description?: string;
  NoEcho?: boolean | string;
}

/** One entry of `Outputs`. */
export interface OutputDefinition {
  Value: unknown;
  Description?: unknown;
  Export?: { Name: unknown };
  Condition?: string;
}

/** One entry of `Rules` (template constraints checked before anything is created). */
export interface RuleDefinition {
  RuleCondition?: unknown;
  Assertions?: { Assert: unknown; AssertDescription?: string }[];
}

/** A whole template. */
export interface Template {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Metadata?: Record<string, unknown>;
  Parameters?: Record<string, ParameterDefinition>;
  Rules?: Record<string, RuleDefinition>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Transform?: unknown;
  Resources: Record<string, ResourceDefinition>;
  Outputs?: Record<string, OutputDefinition>;
}

/** Plain JSON object check (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
