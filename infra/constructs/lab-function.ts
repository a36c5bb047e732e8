import path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Env, type ScenarioId, type Variant } from '../names';
import { acknowledge } from './nag';

/** The repository root, where `functions/` and the lock file live. */
const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Props of a LabFunction. */
export interface LabFunctionProps {
  scenarioId: ScenarioId;
  variant: Variant;
  /** The handler file, relative to `functions/`, e.g. `double-trouble/processor.ts`. */
  entry: string;
  /** @default Duration.seconds(30) */
  timeout?: Duration;
  /** @default 256 */
  memorySize?: number;
  /** Extra environment variables, beside the Powertools and scenario ones. */
  environment?: Record<string, string>;
  /** Human description shown in the Lambda console. */
  description: string;
  /** Reserved concurrency, when the scenario needs to bound the function. */
  reservedConcurrentExecutions?: number;
}

/**
 * A Node.js 22 function bundled by the locally installed esbuild (no Docker), with the AWS SDK
 * left external (the runtime provides it), Powertools configured for the scenario, and its own
 * log group that is deleted with the stack. It accepts the cdk-nag findings that follow from
 * those choices; findings that depend on how a stack uses the function (a DLQ, an event source
 * mapping's destination) are the stack's to acknowledge.
 */
export class LabFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: LabFunctionProps) {
    super(scope, id);
    const memorySize = props.memorySize ?? 256;
    if (memorySize < 128 || memorySize > 10_240) {
      throw new Error(`memorySize must be between 128 and 10240 MB (got ${memorySize})`);
    }
    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, 'functions', props.entry),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize,
      timeout: props.timeout ?? Duration.seconds(30),
      description: props.description,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.scenarioId,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        [Env.ScenarioId]: props.scenarioId,
        [Env.Variant]: props.variant,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        // The nodejs22.x runtime ships the AWS SDK v3; bundling it again only adds weight.
        externalModules: ['@aws-sdk/*'],
        format: OutputFormat.CJS,
        target: 'node22',
        minify: true,
        sourceMap: true,
        forceDockerBundling: false,
      },
    });
    this.acknowledgeLabChoices();
  }

  /** The cdk-nag findings every lab function raises because of the choices made above. */
  private acknowledgeLabChoices(): void {
    acknowledge(
      this,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'The AWS-managed basic execution role only lets the function write its own logs.'
    );
    const runtimeReason =
      'LabFunction pins nodejs22.x, the current Node.js runtime on AWS; the offline emulator runs the same bundles on the host Node.js (20 or later).';
    acknowledge(this, 'AwsSolutions-L1', runtimeReason);
    acknowledge(this, 'Serverless-LambdaLatestVersion', runtimeReason);
    acknowledge(
      this,
      'Serverless-LambdaTracing',
      'The lab investigates with CloudWatch metrics and logs only; X-Ray is not part of the lesson or of the offline emulator.'
    );
  }

  /** The function's physical name, as a token. */
  get functionName(): string {
    return this.fn.functionName;
  }

  /** The stack the function belongs to. */
  get stack(): Stack {
    return Stack.of(this);
  }
}
