import { createHash, randomUUID } from 'node:crypto';
import type { EmulatorClock } from '../../core/clock';
import { AwsError } from '../../core/errors';
import type { FunctionConfig } from '../../runtime/function-config';
import type { LambdaRuntime } from '../../runtime/lambda-runtime';
import { functionNameFrom } from './errors';

/** What the API reports about a function beyond what the runtime runs it with. */
interface FunctionMeta {
  /** The configuration the metadata was made for (a redeploy through the runtime is noticed). */
  config: FunctionConfig;
  lastModified: number;
  revisionId: string;
  role: string;
  architectures: string[];
  codeSha256: string;
}

/** Extra, API-only attributes a deployer may give (the template's Role, Architectures). */
export interface FunctionExtras {
  role?: string;
  architectures?: string[];
}

/**
 * The Lambda API's view of the runtime's functions: the FunctionConfiguration shape, a
 * LastModified and RevisionId that change with every configuration change (also one made
 * directly through the runtime, e.g. by the CloudFormation interpreter), and the role.
 */
export class LambdaFunctions {
  private readonly meta = new Map<string, FunctionMeta>();
  private readonly extras = new Map<string, FunctionExtras>();

  constructor(
    readonly runtime: LambdaRuntime,
    private readonly clock: EmulatorClock,
    private readonly accountId: string
  ) {}

  /** Deploys a function (as the runtime does) and records its API-only attributes. */
  putFunction(config: FunctionConfig, extras: FunctionExtras = {}): void {
    this.runtime.putFunction(config);
    this.extras.set(config.functionName, extras);
  }

  /** The runtime configuration of `nameOrArn`, or ResourceNotFoundException. */
  config(nameOrArn: string): FunctionConfig {
    return this.runtime.getFunction(functionNameFrom(nameOrArn));
  }

  /** Whether the function exists. */
  exists(nameOrArn: string): boolean {
    try {
      this.config(nameOrArn);
      return true;
    } catch {
      return false;
    }
  }

  /** The execution role ARN (the deployer's, or a stand-in named after the function). */
  roleOf(name: string): string {
    return (
      this.extras.get(name)?.role ?? `arn:aws:iam::${this.accountId}:role/service-role/${name}-role`
    );
  }

  /** Applies a configuration change through the runtime (new environments from now on). */
  update(name: string, change: (config: FunctionConfig) => FunctionConfig): FunctionConfig {
    const current = this.config(name);
    const next = change({ ...current, environment: { ...current.environment } });
    // The runtime copies the code folder it is given; give it its own copy's folder.
    this.runtime.putFunction(next);
    return this.config(name);
  }

  /** The current RevisionId of a function. */
  revisionId(name: string): string {
    return this.metaOf(this.config(name)).revisionId;
  }

  /** Sets the role (UpdateFunctionConfiguration Role). */
  setRole(name: string, role: string): void {
    this.extras.set(name, { ...this.extras.get(name), role });
  }

  /** The FunctionConfiguration the API returns. */
  describe(config: FunctionConfig): Record<string, unknown> {
    const meta = this.metaOf(config);
    return {
      FunctionName: config.functionName,
      FunctionArn: config.functionArn,
      Runtime: config.runtime,
      Role: meta.role,
      Handler: config.handler,
      CodeSize: 0,
      Description: config.description ?? '',
      Timeout: config.timeout,
      MemorySize: config.memorySize,
      LastModified: lambdaTimestamp(meta.lastModified),
      CodeSha256: meta.codeSha256,
      Version: '$LATEST',
      Environment: { Variables: { ...config.environment } },
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: meta.revisionId,
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: meta.architectures,
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: config.logGroupName },
    };
  }

  /** Forgets the metadata of a deleted function. */
  forget(name: string): void {
    this.meta.delete(name);
    this.extras.delete(name);
  }

  private metaOf(config: FunctionConfig): FunctionMeta {
    const known = this.meta.get(config.functionName);
    if (known && known.config === config) return known;
    const extras = this.extras.get(config.functionName) ?? {};
    const meta: FunctionMeta = {
      config,
      lastModified: this.clock.now(),
      revisionId: randomUUID(),
      role: extras.role ?? this.roleOf(config.functionName),
      architectures: extras.architectures ?? ['x86_64'],
      codeSha256: createHash('sha256').update(config.codeDir).digest('base64'),
    };
    this.meta.set(config.functionName, meta);
    return meta;
  }
}

/** Lambda's LastModified format: `2019-11-14T00:38:06.021+0000`. */
export function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** PreconditionFailedException for a stale RevisionId. */
export function revisionMismatch(): AwsError {
  return new AwsError(
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    412
  );
}
