/**
 * The emulator's CloudFormation interpreter: deploys the CDK cloud assembly's stacks into the
 * emulated services. See interpreter.ts for the API and providers/ for the resource types.
 */
export {
  type AssemblyStack,
  type AssetResolver,
  listAssemblyStacks,
  loadAssemblyStack,
  parseTemplateBody,
} from './assembly';
export { type Dashboard, type DashboardRegistry, DashboardStore } from './dashboards';
export { StackOperationError } from './errors';
export {
  CloudFormationInterpreter,
  type CloudFormationInterpreterOptions,
  DEFAULT_SSM_PARAMETERS,
  type StackOptions,
  type TemplateSource,
} from './interpreter';
export { SUPPORTED_FUNCTIONS } from './intrinsics';
export type { StackServices } from './provider';
export { NO_OP_TYPES, SUPPORTED_TYPES } from './providers';
export type { DynamoDbTables } from './providers/dynamodb-table';
export type * from './stacks';
