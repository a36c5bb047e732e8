import { DashboardStore } from './cloudformation/dashboards';
import { CloudFormationInterpreter } from './cloudformation/interpreter';
import { type EmulatorClock, SystemClock } from './core/clock';
import type { LogSink } from './core/log-sink';
import {
  ForwardingLogSink,
  ForwardingMetricSink,
  MemoryLogSink,
  MemoryMetricSink,
} from './core/memory-sinks';
import type { MetricSink } from './core/metric-sink';
import { onEveryBoundary } from './core/schedule';
import type { EmulatorEnv, ServiceDefinition } from './core/service';
import { dynamoDbStreamsReader } from './pollers/stream-source';
import type { ProtocolEnv } from './protocols/context';
import { Dispatcher } from './protocols/dispatcher';
import type { RestRoute } from './protocols/restJson';
import { DEFAULT_PORT, type EmulatorServer, LOOPBACK_HOST, startServer } from './server';
import { createCloudFormationService } from './services/cloudformation';
import { type CloudWatchService, createCloudWatchService } from './services/cloudwatch';
import { createDynamoDbService } from './services/dynamodb';
import { createKinesisService, type KinesisOptions, type KinesisStore } from './services/kinesis';
import { createLambdaService, type LambdaService } from './services/lambda';
import { createLogsService, type LogsService } from './services/logs';
import { createPipesService, type PipesService } from './services/pipes';
import { createSqsService, type SqsStore } from './services/sqs';
import { createStsService } from './services/sts';

/** The emulated account every resource belongs to. */
export const DEFAULT_ACCOUNT_ID = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** Default 4566; 0 picks a free port. */
  port?: number;
  /** Only `127.0.0.1` is accepted (the default). */
  host?: string;
  /** Default us-east-1. */
  region?: string;
  /** Default 000000000000. */
  accountId?: string;
  /** Default SystemClock; tests pass a ManualClock. */
  clock?: EmulatorClock;
  /** One log line per request. Default false. */
  verbose?: boolean;
  /** Where verbose lines go. Default console.log. */
  log?: (line: string) => void;
  /** Request body limit in bytes (after gzip). Default 16 MiB. */
  maxBodyBytes?: number;
  kinesis?: KinesisOptions;
  sqs?: Parameters<typeof createSqsService>[1];
}

/** The services of a running emulator, for in-process callers (CloudFormation interpreter, pollers, tests). */
export interface EmulatorServices {
  kinesis: { definition: ServiceDefinition; store: KinesisStore };
  sts: { definition: ServiceDefinition };
  sqs: { definition: ServiceDefinition; store: SqsStore };
  cloudwatch: CloudWatchService;
  logs: LogsService;
  dynamodb: ReturnType<typeof createDynamoDbService>;
  lambda: LambdaService;
  pipes: PipesService;
  dashboards: DashboardStore;
  /** Deploys, updates and deletes stacks from a cloud assembly (cdk.out). */
  cloudformation: CloudFormationInterpreter;
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>`: what AWS_ENDPOINT_URL should be. */
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  readonly clock: EmulatorClock;
  readonly env: EmulatorEnv;
  readonly services: EmulatorServices;
  /**
   * Where AWS's standard metrics go: CloudWatch's store. Tests may point `.target` at a
   * MemoryMetricSink to read what services record.
   */
  readonly metrics: ForwardingMetricSink;
  /** Where log lines go: CloudWatch Logs (swappable like `metrics`). */
  readonly logs: ForwardingLogSink;
  /** Serves another service on the same port (awsJson and/or awsQuery, per its definition). */
  register(definition: ServiceDefinition): void;
  /** Serves restJson routes (Lambda, Pipes) on the same port. */
  registerRoutes(...routes: RestRoute[]): void;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/**
 * Composes the services on one clock, account and region and starts the one-port server.
 * Two emulators in one process share nothing.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = options.clock ?? new SystemClock();
  const region = options.region ?? DEFAULT_REGION;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const port = options.port ?? DEFAULT_PORT;
  let endpoint = `http://${LOOPBACK_HOST}:${port}`;

  const metrics = new ForwardingMetricSink(new MemoryMetricSink());
  const logSink = new ForwardingLogSink(new MemoryLogSink());
  const env: EmulatorEnv = {
    clock,
    accountId,
    region,
    metrics: metrics as MetricSink,
    logs: logSink as LogSink,
    endpoint: () => endpoint,
  };

  const log = options.log ?? ((line: string) => console.log(line));
  const protocolEnv: ProtocolEnv = {
    region,
    accountId,
    clock,
    reportBug: (error, where) => {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`[emulator] internal failure in ${where}: ${detail}`);
    },
  };
  const dispatcher = new Dispatcher(protocolEnv);

  // CloudWatch first: every other service's AWS metrics, and the EMF lines in function logs,
  // land in its store.
  const cloudwatch = createCloudWatchService(env);
  metrics.target = cloudwatch.sink;
  const logs = createLogsService(env, { metrics: cloudwatch.sink });
  logSink.target = logs.sink;

  const kinesis = createKinesisService(env, options.kinesis);
  const sqs = createSqsService(env, options.sqs);
  const dynamodb = createDynamoDbService(env);
  // Event source mappings and pipes read the sources through the same stores as the API, so
  // the same quotas (Kinesis read limits, SQS visibility and redrive) apply to them.
  const sources = {
    kinesis: kinesis.store,
    sqs: sqs.store,
    dynamodbStreams: dynamoDbStreamsReader(dynamodb.streams.store),
  };
  const lambda = createLambdaService(env, sources);
  const pipes = createPipesService(env, sources);
  const dashboards = new DashboardStore(accountId, () => clock.now());
  const interpreter = new CloudFormationInterpreter({
    region,
    accountId,
    clock,
    services: {
      kinesis: kinesis.store,
      sqs: sqs.store,
      logs: logs.store,
      cloudwatch,
      dashboards,
      dynamodb: dynamodb.store,
      lambda: lambda.store.runtime,
      eventSourceMappings: lambda.store.mappings,
      pipes: pipes.store,
    },
  });
  const services: EmulatorServices = {
    cloudwatch,
    logs,
    kinesis,
    sts: createStsService(env),
    sqs,
    dynamodb,
    lambda,
    pipes,
    dashboards,
    cloudformation: interpreter,
  };
  for (const service of [
    cloudwatch,
    logs,
    kinesis,
    services.sts,
    sqs,
    dynamodb,
    dynamodb.streams,
  ]) {
    dispatcher.register(service.definition);
  }
  dispatcher.register(createCloudFormationService(interpreter).definition);
  dispatcher.registerRoutes(...lambda.routes, ...pipes.routes);
  // Gauges (ApproximateNumberOfMessages*, Provisioned*CapacityUnits) are sampled once per
  // emulated minute, as AWS publishes them.
  const stopSampling = [
    sqs.store.startGaugeSampler(),
    onEveryBoundary(clock, 60_000, (now) => dynamodb.store.sampleGauges(now)),
  ];

  const server: EmulatorServer = await startServer(dispatcher, {
    host: options.host,
    port,
    verbose: options.verbose,
    log,
    maxBodyBytes: options.maxBodyBytes,
  });
  endpoint = server.endpoint;

  return {
    endpoint: server.endpoint,
    port: server.port,
    region,
    accountId,
    clock,
    env,
    services,
    metrics,
    logs: logSink,
    register: (definition) => dispatcher.register(definition),
    registerRoutes: (...routes) => dispatcher.registerRoutes(...routes),
    close: async () => {
      for (const stop of stopSampling) stop();
      await pipes.close();
      await lambda.close();
      await server.close();
    },
  };
}
