import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FunctionConfig } from '../../runtime/function-config';
import { isDirectory } from '../assembly';
import { NAME_LIMITS } from '../physical-names';
import {
  alreadyExists,
  type Properties,
  type ProvidedResource,
  type ProviderContext,
  type ResourceProvider,
} from '../provider';

const TYPE = 'AWS::Lambda::Function';

/** Lambda's defaults (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html). */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

/**
 * AWS::Lambda::Function
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html).
 * Ref is the function name; GetAtt Arn. The code is the cloud assembly's asset folder behind
 * `Code.S3Key` (or `Code.ZipFile`, written to `index.js`/`index.py`); container images are not
 * supported. Everything but FunctionName and PackageType updates in place: the runtime gets
 * the new configuration and code and retires the old execution environments.
 * Accepted without effect: Architectures, Role, Layers, TracingConfig, VpcConfig,
 * EphemeralStorage, Tags, LoggingConfig.LogFormat/levels.
 */
export const lambdaFunctionProvider: ResourceProvider = {
  type: TYPE,
  attributes: ['Arn'],
  replaceOn: ['FunctionName', 'PackageType'],
  properties: [
    'Architectures',
    'Code',
    'CodeSigningConfigArn',
    'DeadLetterConfig',
    'Description',
    'Environment',
    'EphemeralStorage',
    'FileSystemConfigs',
    'FunctionName',
    'Handler',
    'ImageConfig',
    'KmsKeyArn',
    'Layers',
    'LoggingConfig',
    'MemorySize',
    'PackageType',
    'RecursiveLoop',
    'ReservedConcurrentExecutions',
    'Role',
    'Runtime',
    'RuntimeManagementConfig',
    'SnapStart',
    'Tags',
    'Timeout',
    'TracingConfig',
    'VpcConfig',
  ],
  required: ['Code', 'Role'],
  nameProperty: 'FunctionName',

  create(ctx, props) {
    const lambda = ctx.service('lambda');
    const name =
      props.FunctionName !== undefined
        ? String(props.FunctionName)
        : ctx.generateName(NAME_LIMITS.lambdaFunction);
    if (exists(ctx, name)) throw alreadyExists(TYPE, name);
    return deploy(ctx, name, props, (config) => lambda.putFunction(config));
  },

  update(ctx, current, props) {
    const lambda = ctx.service('lambda');
    return deploy(ctx, current.physicalId, props, (config) => lambda.putFunction(config));
  },

  delete(ctx, current) {
    if (exists(ctx, current.physicalId)) ctx.service('lambda').deleteFunction(current.physicalId);
  },
};

function exists(ctx: ProviderContext, name: string): boolean {
  try {
    ctx.service('lambda').getFunction(name);
    return true;
  } catch {
    return false;
  }
}

function deploy(
  ctx: ProviderContext,
  name: string,
  props: Properties,
  put: (config: FunctionConfig) => void
): ProvidedResource {
  if (props.PackageType === 'Image') {
    throw new Error(
      'container image functions (PackageType Image) are not supported by the emulator'
    );
  }
  if (props.Handler === undefined || props.Runtime === undefined) {
    throw new Error(
      'Handler and Runtime are required for functions deployed as a .zip file archive'
    );
  }
  const functionArn = `arn:${ctx.partition}:lambda:${ctx.region}:${ctx.accountId}:function:${name}`;
  const code = codeDir(ctx, props.Code, String(props.Runtime));
  try {
    put({
      functionName: name,
      functionArn,
      handler: String(props.Handler),
      codeDir: code.dir,
      runtime: String(props.Runtime),
      timeout: props.Timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(props.Timeout),
      memorySize: props.MemorySize === undefined ? DEFAULT_MEMORY_MB : Number(props.MemorySize),
      environment: environment(props),
      logGroupName: logGroupName(props, name),
      ...(props.ReservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: Number(props.ReservedConcurrentExecutions) }
        : {}),
      ...(props.Description !== undefined ? { description: String(props.Description) } : {}),
    });
  } finally {
    // The runtime keeps a copy of its own; inline code was only written for the copy.
    if (code.temporary) rmSync(code.dir, { recursive: true, force: true });
  }
  return { physicalId: name, attributes: { Arn: functionArn } };
}

function environment(props: Properties): Record<string, string> {
  const variables = (props.Environment as { Variables?: Record<string, unknown> } | undefined)
    ?.Variables;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(variables ?? {})) {
    out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

function logGroupName(props: Properties, name: string): string {
  const group = (props.LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup;
  return group === undefined ? `/aws/lambda/${name}` : String(group);
}

/** The folder holding the function's code. */
function codeDir(
  ctx: ProviderContext,
  code: unknown,
  runtime: string
): { dir: string; temporary: boolean } {
  const spec = (code ?? {}) as {
    S3Bucket?: unknown;
    S3Key?: unknown;
    ZipFile?: unknown;
    ImageUri?: unknown;
  };
  if (spec.ZipFile !== undefined) {
    const dir = mkdtempSync(path.join(tmpdir(), 'forensics-cfn-inline-'));
    // CloudFormation writes inline code to index.js (Node.js) or index.py (Python).
    const file = runtime.startsWith('python') ? 'index.py' : 'index.js';
    writeFileSync(path.join(dir, file), String(spec.ZipFile));
    return { dir, temporary: true };
  }
  if (spec.S3Key === undefined) {
    throw new Error('Code must give S3Bucket and S3Key (a cloud assembly asset) or ZipFile');
  }
  const key = String(spec.S3Key);
  const asset = ctx.assets.byObjectKey(key);
  if (!asset) {
    throw new Error(
      `the code s3://${String(spec.S3Bucket)}/${key} is not an asset of the cloud assembly (the emulator has no S3)`
    );
  }
  if (!isDirectory(asset.path)) {
    throw new Error(
      `the code asset ${asset.path} is a file; the emulator runs functions from bundled asset folders`
    );
  }
  return { dir: asset.path, temporary: false };
}
