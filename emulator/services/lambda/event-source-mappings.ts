import { randomUUID } from 'node:crypto';
import type { EmulatorClock } from '../../core/clock';
import type {
  EventSourceMapping,
  EventSourceMappingInput,
  EventSourceMappingRegistry,
} from '../../core/integrations';
import type { MetricSink } from '../../core/metric-sink';
import type { EsmPollerDeps } from '../../pollers/esm-common';
import { createSqsEsmPoller } from '../../pollers/esm-sqs';
import { createStreamEsmPoller } from '../../pollers/esm-stream';
import {
  type DynamoDbStreamsReader,
  dynamoDbStreamSource,
  kinesisStreamSource,
} from '../../pollers/stream-source';
import type { KinesisStore } from '../kinesis/store';
import type { SqsStore } from '../sqs/store';
import { functionNameFrom, invalidParameter, mappingNotFound, resourceConflict } from './errors';
import {
  checkMappingRules,
  createMappingShape,
  type SourceKind,
  sourceKindOf,
  updateMappingShape,
  validateMappingInput,
} from './esm-validation';
import type { LambdaFunctions } from './functions';

/** The stores the pollers read from; any may be attached after the Lambda service is made. */
export interface EventSources {
  kinesis?: KinesisStore;
  sqs?: SqsStore;
  dynamodbStreams?: DynamoDbStreamsReader;
}

interface Poller {
  start(): void;
  stop(): Promise<void>;
}

interface Entry {
  config: EventSourceMapping;
  kind: SourceKind;
  poller?: Poller;
  /** The poller is being stopped (disable, delete): a new start waits for it. */
  stopping?: Promise<void>;
}

/** Members that are not part of the API's EventSourceMappingConfiguration output. */
const INPUT_ONLY = new Set(['FunctionName', 'Enabled']);

/**
 * The event source mappings of one emulator: the EventSourceMappingRegistry the CloudFormation
 * interpreter and the Lambda API both use. An Enabled mapping runs a poller (Kinesis and
 * DynamoDB streams: StreamPoller; SQS: SqsEsmPoller); disabling or deleting stops it. A
 * re-enabled or updated stream mapping resumes at its checkpoints.
 */
export class EventSourceMappings implements EventSourceMappingRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly functions: LambdaFunctions,
    readonly sources: EventSources,
    private readonly env: {
      clock: EmulatorClock;
      metrics: MetricSink;
      region: string;
      accountId: string;
    }
  ) {}

  create(input: EventSourceMappingInput): EventSourceMapping {
    validateMappingInput(input, createMappingShape);
    const kind = sourceKindOf(input.EventSourceArn);
    const name = functionNameFrom(input.FunctionName);
    if (!this.functions.exists(name)) throw invalidParameter('Function does not exist');
    const defaults = defaultsFor(kind);
    const config: EventSourceMapping = {
      ...defaults,
      ...definedMembers(input as unknown as Record<string, unknown>),
      FunctionName: name,
      UUID: randomUUID(),
      EventSourceMappingArn: '',
      FunctionArn: this.functions.config(name).functionArn,
      State: input.Enabled === false ? 'Disabled' : 'Enabled',
      StateTransitionReason: 'USER_INITIATED',
      LastModified: this.env.clock.now() / 1000,
      LastProcessingResult: 'No records processed',
    } as EventSourceMapping;
    config.EventSourceMappingArn = `arn:aws:lambda:${this.env.region}:${this.env.accountId}:event-source-mapping:${config.UUID}`;
    delete (config as Partial<EventSourceMapping>).Enabled;
    checkMappingRules(config, kind);
    this.checkVisibilityTimeout(config, kind);
    for (const other of this.entries.values()) {
      if (
        other.config.EventSourceArn === config.EventSourceArn &&
        other.config.FunctionArn === config.FunctionArn
      ) {
        throw resourceConflict(
          kind === 'sqs'
            ? `An event source mapping with SQS arn (" ${config.EventSourceArn} ") and function (" ${name} ") already exists. Please update or delete the existing mapping with UUID ${other.config.UUID}`
            : `The event source arn (" ${config.EventSourceArn} ") and function (" ${name} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${other.config.UUID}`
        );
      }
    }
    const entry: Entry = { config, kind };
    this.entries.set(config.UUID, entry);
    if (config.State === 'Enabled') this.startPoller(entry);
    return { ...config, State: 'Creating' };
  }

  update(uuid: string, changes: Partial<EventSourceMappingInput>): EventSourceMapping {
    const entry = this.entry(uuid);
    validateMappingInput({ ...changes, UUID: uuid }, updateMappingShape);
    const next: Record<string, unknown> = { ...entry.config };
    for (const [key, value] of Object.entries(changes)) {
      if (
        key === 'EventSourceArn' ||
        key === 'StartingPosition' ||
        key === 'StartingPositionTimestamp'
      )
        continue;
      if (value === undefined || value === null) delete next[key];
      else next[key] = value;
    }
    const defaults = defaultsFor(entry.kind);
    for (const [key, value] of Object.entries(defaults)) next[key] ??= value;
    if (changes.FunctionName !== undefined) {
      const name = functionNameFrom(changes.FunctionName);
      if (!this.functions.exists(name)) throw invalidParameter('Function does not exist');
      next.FunctionName = name;
      next.FunctionArn = this.functions.config(name).functionArn;
    }
    const config = next as unknown as EventSourceMapping;
    checkMappingRules(config, entry.kind);
    this.checkVisibilityTimeout(config, entry.kind);
    const wasEnabled = entry.config.State === 'Enabled';
    // Absent: unchanged; present but undefined (a template that no longer sets it): the default.
    const enabled = !('Enabled' in changes) ? wasEnabled : changes.Enabled !== false;
    config.State = enabled ? 'Enabled' : 'Disabled';
    config.LastModified = this.env.clock.now() / 1000;
    delete (config as Partial<EventSourceMapping>).Enabled;
    entry.config = config;
    if (enabled && !wasEnabled) this.startPoller(entry);
    if (!enabled && wasEnabled) this.stopPoller(entry);
    const shown = enabled === wasEnabled ? 'Updating' : enabled ? 'Enabling' : 'Disabling';
    return { ...config, State: shown };
  }

  delete(uuid: string): EventSourceMapping {
    const entry = this.entry(uuid);
    this.entries.delete(uuid);
    this.stopPoller(entry);
    return { ...entry.config, State: 'Deleting' };
  }

  get(uuid: string): EventSourceMapping {
    return { ...this.entry(uuid).config };
  }

  list(filter: { FunctionName?: string; EventSourceArn?: string } = {}): EventSourceMapping[] {
    const name = filter.FunctionName ? functionNameFrom(filter.FunctionName) : undefined;
    return [...this.entries.values()]
      .map((e) => e.config)
      .filter(
        (c) =>
          (name === undefined || c.FunctionName === name) &&
          (filter.EventSourceArn === undefined || c.EventSourceArn === filter.EventSourceArn)
      )
      .map((c) => ({ ...c }));
  }

  /** Stops every poller (emulator shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.poller?.stop()));
  }

  /** The API's EventSourceMappingConfiguration of a mapping. */
  static describe(mapping: EventSourceMapping): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(mapping)) {
      if (!INPUT_ONLY.has(key) && value !== undefined) out[key] = value;
    }
    return out;
  }

  /**
   * "Your function's timeout must be less than or equal to the queue's visibility timeout.
   * Lambda validates this requirement when you create or update an event source mapping"
   * (aws-facts D.3). UpdateFunctionConfiguration does not check it: AWS documents the check for
   * the mapping only (aws-facts J.11).
   */
  private checkVisibilityTimeout(config: EventSourceMapping, kind: SourceKind): void {
    if (kind !== 'sqs' || !this.sources.sqs) return;
    const queue = this.sources.sqs.findQueue(config.EventSourceArn);
    if (!queue) return;
    const visibility = queue.config.visibilityTimeoutSeconds;
    const timeout = this.functions.config(config.FunctionName).timeout;
    if (timeout > visibility) {
      throw invalidParameter(
        `Queue visibility timeout: ${visibility} seconds is less than Function timeout: ${timeout} seconds`
      );
    }
  }

  private entry(uuid: string): Entry {
    const entry = this.entries.get(uuid);
    if (!entry) throw mappingNotFound();
    return entry;
  }

  private startPoller(entry: Entry): void {
    const begin = () => {
      if (this.entries.get(entry.config.UUID) !== entry || entry.config.State !== 'Enabled') return;
      entry.poller ??= this.makePoller(entry);
      entry.poller?.start();
    };
    if (entry.stopping) void entry.stopping.then(begin);
    else begin();
  }

  private stopPoller(entry: Entry): void {
    const poller = entry.poller;
    if (!poller) return;
    const stopping = poller.stop().finally(() => {
      if (entry.stopping === stopping) entry.stopping = undefined;
    });
    entry.stopping = stopping;
  }

  private makePoller(entry: Entry): Poller | undefined {
    const mapping = () => entry.config;
    const deps: EsmPollerDeps = {
      clock: this.env.clock,
      metrics: this.env.metrics,
      runtime: this.functions.runtime,
      region: this.env.region,
      accountId: this.env.accountId,
      ...(this.sources.sqs ? { sqs: this.sources.sqs } : {}),
      roleOf: (name) => this.functions.roleOf(name),
      report: (id, result) => {
        const current = this.entries.get(id);
        if (current) current.config.LastProcessingResult = result;
      },
    };
    const arn = entry.config.EventSourceArn;
    const missing = (service: string) => {
      entry.config.LastProcessingResult = `PROBLEM: ${service} is not available in this emulator`;
      return undefined;
    };
    switch (entry.kind) {
      case 'kinesis':
        if (!this.sources.kinesis) return missing('Kinesis');
        return createStreamEsmPoller(mapping, kinesisStreamSource(this.sources.kinesis, arn), deps);
      case 'dynamodb':
        if (!this.sources.dynamodbStreams) return missing('DynamoDB Streams');
        return createStreamEsmPoller(
          mapping,
          dynamoDbStreamSource(this.sources.dynamodbStreams, arn, this.env.region),
          deps
        );
      case 'sqs':
        if (!this.sources.sqs) return missing('SQS');
        return createSqsEsmPoller(mapping, this.sources.sqs, deps);
    }
  }
}

/** The defaults AWS reports for a new mapping of `kind` (aws-facts D.1). */
function defaultsFor(kind: SourceKind): Partial<EventSourceMapping> {
  if (kind === 'sqs') {
    return { BatchSize: 10, MaximumBatchingWindowInSeconds: 0, FunctionResponseTypes: [] };
  }
  return {
    BatchSize: 100,
    MaximumBatchingWindowInSeconds: 0,
    ParallelizationFactor: 1,
    MaximumRetryAttempts: -1,
    MaximumRecordAgeInSeconds: -1,
    BisectBatchOnFunctionError: false,
    FunctionResponseTypes: [],
    DestinationConfig: { OnFailure: {} },
    ...({ TumblingWindowInSeconds: 0 } as Record<string, unknown>),
  };
}

function definedMembers(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}
