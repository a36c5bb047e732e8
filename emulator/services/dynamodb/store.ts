import { randomUUID } from 'node:crypto';
import { AwsError } from '../../core/errors';
import { quotas } from '../../core/quotas';
import type { EmulatorEnv } from '../../core/service';
import { DynamoDbStreamsStore, type StreamViewType } from '../dynamodb-streams/store';
import { type BillingMode, type CapacityDirection, TableCapacity } from './capacity';
import {
  Dynalite,
  type DynaliteOperation,
  ddbValidationError,
  type Item,
  itemSize,
  type TableRecord,
  toAwsError,
} from './dynalite';
import { DynamoDbMetrics } from './metrics';

/** What the emulator keeps about a table besides dynalite's record. */
export interface TableState {
  name: string;
  /** dynalite's record as of the last create/update (key schema, indexes, throughput). */
  record: TableRecord;
  capacity: TableCapacity;
  /** The enabled stream, if any. */
  stream?: { arn: string; viewType: StreamViewType };
}

/** StreamSpecification as CreateTable/UpdateTable take it. */
export interface StreamSpecification {
  StreamEnabled?: boolean;
  StreamViewType?: StreamViewType;
}

/**
 * The subset of AWS::DynamoDB::Table properties `applyTableTemplate` understands (after the
 * CloudFormation interpreter resolved intrinsics). CloudFormation's StreamSpecification has no
 * StreamEnabled: a StreamViewType means "enabled".
 */
export interface TableTemplate {
  TableName: string;
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  StreamSpecification?: { StreamViewType?: StreamViewType };
  GlobalSecondaryIndexes?: unknown[];
  LocalSecondaryIndexes?: unknown[];
}

/** StreamSpecification's members, added to dynalite's CreateTable/UpdateTable validation tables. */
const STREAM_SPECIFICATION_TYPE = {
  StreamSpecification: {
    type: 'FieldStruct<StreamSpecification>',
    children: {
      StreamEnabled: { type: 'Boolean', notNull: true },
      StreamViewType: {
        type: 'String',
        enum: ['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'],
      },
    },
  },
};

const PROVISIONED_EXCEEDED =
  'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.';
const ON_DEMAND_EXCEEDED =
  'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html';

/**
 * DynamoDB: dynalite's data plane plus the emulator's layer: per-table capacity on the emulator
 * clock (throttling as AWS does it), AWS/DynamoDB metrics, and DynamoDB Streams records for
 * every item change of a table with a stream.
 */
export class DynamoDbStore {
  readonly dynalite: Dynalite;
  readonly streams: DynamoDbStreamsStore;
  readonly metrics: DynamoDbMetrics;
  private readonly tables = new Map<string, TableState>();

  constructor(private readonly env: EmulatorEnv) {
    this.dynalite = new Dynalite({
      accountId: env.accountId,
      region: env.region,
      maxItemSizeBytes: quotas.dynamoDbItemSizeBytes.value,
    });
    this.streams = new DynamoDbStreamsStore(env, (attributes) => itemSize(attributes as Item));
    this.metrics = new DynamoDbMetrics(env);
    this.dynalite.onItemWrite(
      (tableName) => this.tables.get(tableName)?.stream !== undefined,
      (tableName, oldItem, newItem) => this.recordChange(tableName, oldItem, newItem)
    );
  }

  /** The emulator's state of a table, if it exists. */
  table(name: string): TableState | undefined {
    return this.tables.get(name);
  }

  /** Names of the tables that exist. */
  tableNames(): string[] {
    return [...this.tables.keys()];
  }

  // ---- table lifecycle: the API actions and the CloudFormation interpreter use these ----------

  /** CreateTable (API semantics: validation, errors, CREATING in the reply); ACTIVE once it returns. */
  async createTable(input: Record<string, unknown>): Promise<{ TableDescription: TableRecord }> {
    const data = this.dynalite.validate('CreateTable', structuredClone(input), {
      types: STREAM_SPECIFICATION_TYPE,
      custom: (d) => {
        const spec = d.StreamSpecification as StreamSpecification | undefined;
        if (spec?.StreamEnabled && !spec.StreamViewType) {
          return 'One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required';
        }
        if (spec && !spec.StreamEnabled && spec.StreamViewType) {
          return 'One or more parameter values were invalid: Table is being created with a stream disabled, UpdateViewType should not be specified';
        }
        return undefined;
      },
    });
    const name = data.TableName as string;
    const spec = data.StreamSpecification as StreamSpecification | undefined;
    if (spec && !spec.StreamEnabled) delete data.StreamSpecification;
    let reply: { TableDescription: TableRecord };
    try {
      // dynalite keeps mutating the object it replied with: copy it now (TableStatus CREATING).
      reply = structuredClone(
        await this.dynalite.call<{ TableDescription: TableRecord }>('CreateTable', data)
      );
    } catch (error) {
      if (error instanceof AwsError && error.code === 'ResourceInUseException' && !error.message) {
        throw new AwsError(
          'ResourceInUseException',
          `Table already exists: ${name}`,
          400,
          undefined,
          error.extra
        );
      }
      throw error;
    }
    await this.dynalite.waitFor(name, 'ACTIVE');
    const now = this.env.clock.now();
    const stream = spec?.StreamEnabled
      ? this.startStream(name, reply.TableDescription, spec.StreamViewType as StreamViewType)
      : undefined;
    // dynalite's TableId has 28 hex digits; AWS's is a UUID.
    const tableId = randomUUID();
    const record = await this.dynalite.patchTable(name, (table) => {
      table.TableId = tableId;
      table.CreationDateTime = now / 1000;
      if (table.BillingModeSummary)
        table.BillingModeSummary.LastUpdateToPayPerRequestDateTime = now / 1000;
      if (stream) Object.assign(table, stream.fields);
    });
    if (!record) throw new Error(`table ${name} vanished while it was being created`);
    reply.TableDescription.CreationDateTime = now / 1000;
    reply.TableDescription.TableId = tableId;
    if (stream) Object.assign(reply.TableDescription, stream.fields);
    this.tables.set(name, {
      name,
      record,
      capacity: new TableCapacity(billingModeOf(record), ...throughputOf(record), now),
      ...(stream ? { stream: stream.state } : {}),
    });
    return reply;
  }

  /**
   * UpdateTable (API semantics): capacity mode, provisioned throughput and stream changes take
   * effect at once on the emulator clock; the reply says UPDATING, the table is ACTIVE after it.
   */
  async updateTable(input: Record<string, unknown>): Promise<{ TableDescription: TableRecord }> {
    const onlyStream = (d: Record<string, unknown>) =>
      d.StreamSpecification !== undefined &&
      d.ProvisionedThroughput === undefined &&
      d.BillingMode === undefined &&
      !(d.GlobalSecondaryIndexUpdates as unknown[] | undefined)?.length;
    const data = this.dynalite.validate('UpdateTable', structuredClone(input), {
      types: STREAM_SPECIFICATION_TYPE,
      skipDynaliteCustom: onlyStream,
    });
    const name = data.TableName as string;
    const before = await this.dynalite.getTable(name);
    if (!before) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Requested resource not found: Table: ${name} not found`
      );
    }
    const spec = data.StreamSpecification as StreamSpecification | undefined;
    delete data.StreamSpecification;
    const state = this.tables.get(name);
    if (spec) checkStreamChange(name, spec, state?.stream !== undefined);

    const changesCapacity =
      data.ProvisionedThroughput !== undefined ||
      data.BillingMode !== undefined ||
      Boolean((data.GlobalSecondaryIndexUpdates as unknown[] | undefined)?.length);
    if (changesCapacity) {
      await this.dynalite.call('UpdateTable', data);
      await this.dynalite.waitFor(name, 'ACTIVE');
    }
    const now = this.env.clock.now();
    let streamFields: Partial<TableRecord> | undefined;
    if (spec && state) {
      if (spec.StreamEnabled) {
        const stream = this.startStream(name, before, spec.StreamViewType as StreamViewType);
        state.stream = stream.state;
        streamFields = stream.fields;
      } else if (state.stream) {
        this.streams.disableStream(state.stream.arn);
        delete state.stream;
      }
    }
    const record = await this.dynalite.patchTable(name, (table) => {
      stampChangedTimes(before, table, now / 1000);
      if (streamFields) Object.assign(table, streamFields);
      else if (spec && !spec.StreamEnabled) delete table.StreamSpecification;
    });
    if (!record) throw new Error(`table ${name} vanished while it was being updated`);
    if (state) {
      state.record = record;
      state.capacity.configure(billingModeOf(record), ...throughputOf(record), now);
    }
    return { TableDescription: { ...structuredClone(record), TableStatus: 'UPDATING' } };
  }

  /** DeleteTable (API semantics): the table is gone once it returns; its stream is DISABLED (kept 24 h). */
  async deleteTable(input: Record<string, unknown>): Promise<{ TableDescription: TableRecord }> {
    const data = this.dynalite.validate('DeleteTable', structuredClone(input));
    const name = data.TableName as string;
    const reply = structuredClone(
      await this.dynalite.call<{ TableDescription: TableRecord }>('DeleteTable', data)
    );
    await this.dynalite.waitFor(name, undefined);
    const state = this.tables.get(name);
    if (state?.stream) this.streams.disableStream(state.stream.arn);
    this.tables.delete(name);
    return reply;
  }

  /** DescribeTable's Table, or undefined when the table does not exist (no error). */
  async describeTable(name: string): Promise<TableRecord | undefined> {
    const table = await this.dynalite.getTable(name);
    return table ? structuredClone(table) : undefined;
  }

  /**
   * Makes a table match a template (create, or the UpdateTable calls that turn the existing one
   * into it): for the CloudFormation interpreter's create and update. A change of key schema
   * cannot be done in place: it throws, and the interpreter must replace the table.
   */
  async applyTableTemplate(template: TableTemplate): Promise<TableRecord> {
    const name = template.TableName;
    const viewType = template.StreamSpecification?.StreamViewType;
    const mode: BillingMode = template.BillingMode ?? 'PROVISIONED';
    const existing = await this.dynalite.getTable(name);
    if (!existing) {
      await this.createTable(
        structuredClone({
          TableName: name,
          KeySchema: template.KeySchema,
          AttributeDefinitions: template.AttributeDefinitions,
          BillingMode: mode,
          ...(mode === 'PROVISIONED'
            ? { ProvisionedThroughput: template.ProvisionedThroughput }
            : {}),
          ...(template.GlobalSecondaryIndexes
            ? { GlobalSecondaryIndexes: template.GlobalSecondaryIndexes }
            : {}),
          ...(template.LocalSecondaryIndexes
            ? { LocalSecondaryIndexes: template.LocalSecondaryIndexes }
            : {}),
          ...(viewType
            ? { StreamSpecification: { StreamEnabled: true, StreamViewType: viewType } }
            : {}),
        })
      );
      return (await this.describeTable(name)) as TableRecord;
    }
    if (JSON.stringify(existing.KeySchema) !== JSON.stringify(template.KeySchema)) {
      throw new Error(`table ${name}: a KeySchema change needs a replacement (delete and create)`);
    }
    const currentMode = billingModeOf(existing);
    if (mode !== currentMode) {
      await this.updateTable({
        TableName: name,
        BillingMode: mode,
        ...(mode === 'PROVISIONED'
          ? { ProvisionedThroughput: { ...template.ProvisionedThroughput } }
          : {}),
      });
    } else if (mode === 'PROVISIONED' && template.ProvisionedThroughput) {
      const [read, write] = throughputOf(existing);
      const wanted = template.ProvisionedThroughput;
      if (wanted.ReadCapacityUnits !== read || wanted.WriteCapacityUnits !== write) {
        await this.updateTable({ TableName: name, ProvisionedThroughput: { ...wanted } });
      }
    }
    const current = this.tables.get(name)?.stream?.viewType;
    if (current !== viewType) {
      if (current)
        await this.updateTable({ TableName: name, StreamSpecification: { StreamEnabled: false } });
      if (viewType) {
        await this.updateTable({
          TableName: name,
          StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
        });
      }
    }
    return (await this.describeTable(name)) as TableRecord;
  }

  // ---- capacity ---------------------------------------------------------------------------

  /**
   * Admits a single-item request of known cost `units`, or throttles it: records the throttle
   * event and the throttled request, and throws AWS's error.
   */
  admit(state: TableState, direction: CapacityDirection, units: number, operation: string): void {
    if (state.capacity.tryAdmit(direction, units, this.env.clock.now())) return;
    this.metrics.throttleEvents(state.name, direction, 1);
    this.metrics.throttledRequest(state.name, operation);
    throw this.throttleError([state], direction);
  }

  /** Admits one item of a batch (no metrics: the batch records its throttle events itself). */
  tryAdmit(state: TableState, direction: CapacityDirection, units: number): boolean {
    return state.capacity.tryAdmit(direction, units, this.env.clock.now());
  }

  /** Charges (or refunds, if negative) what requests cost beyond what admission took. */
  settle(state: TableState, direction: CapacityDirection, units: number): void {
    state.capacity.settle(direction, units, this.env.clock.now());
  }

  /** AWS's throttling error for `tables` (ProvisionedThroughputExceeded, or on-demand's ThrottlingException). */
  throttleError(tables: TableState[], direction: CapacityDirection): AwsError {
    const operationType = direction === 'read' ? 'Read' : 'Write';
    const onDemand = tables.every((t) => t.capacity.mode === 'PAY_PER_REQUEST');
    const reasons = tables.map((t) => ({
      reason: `Table${operationType}${onDemand ? 'KeyRangeThroughputExceeded' : 'ProvisionedThroughputExceeded'}`,
      resource: t.record.TableArn,
    }));
    return onDemand
      ? new AwsError('ThrottlingException', ON_DEMAND_EXCEEDED, 400, undefined, {
          throttlingReasons: reasons,
        })
      : new AwsError(
          'ProvisionedThroughputExceededException',
          PROVISIONED_EXCEEDED,
          400,
          undefined,
          {
            ThrottlingReasons: reasons,
          }
        );
  }

  /**
   * Runs an admitted single-table request in dynalite and settles its capacity: the actual
   * cost (dynalite's ConsumedCapacity, asked for internally) replaces the `estimate` taken at
   * admission, and is recorded as Consumed*CapacityUnits. A failed condition still costs the
   * estimate and counts as ConditionalCheckFailedRequests. ConsumedCapacity is returned only
   * when the caller asked for it.
   */
  async runAdmitted(
    state: TableState | undefined,
    operation: DynaliteOperation,
    direction: CapacityDirection,
    data: Record<string, unknown>,
    estimate: number
  ): Promise<Record<string, unknown>> {
    const wanted = data.ReturnConsumedCapacity;
    data.ReturnConsumedCapacity = wanted === 'INDEXES' ? 'INDEXES' : 'TOTAL';
    let output: Record<string, unknown>;
    try {
      output = await this.dynalite.call(operation, data);
    } catch (error) {
      if (state && error instanceof AwsError && error.code === 'ConditionalCheckFailedException') {
        this.metrics.consumed(state.name, direction, estimate);
        this.metrics.conditionalCheckFailed(state.name);
      }
      throw error;
    }
    const consumed = output.ConsumedCapacity as { CapacityUnits?: number } | undefined;
    if (state) {
      const actual = consumed?.CapacityUnits ?? estimate;
      state.capacity.settle(direction, actual - estimate, this.env.clock.now());
      this.metrics.consumed(state.name, direction, actual);
    }
    if (wanted !== 'TOTAL' && wanted !== 'INDEXES') delete output.ConsumedCapacity;
    return output;
  }

  /** The table's record if it is ACTIVE, else dynalite's ResourceNotFoundException (as batch calls report it). */
  activeTable(name: string): Promise<TableRecord> {
    return new Promise((resolve, reject) => {
      this.dynalite.store.getTable(name, true, (error, table) => {
        if (error) {
          try {
            reject(toAwsError(error));
          } catch (bug) {
            reject(bug);
          }
          return;
        }
        resolve(table as TableRecord);
      });
    });
  }

  /**
   * Records ProvisionedReadCapacityUnits / ProvisionedWriteCapacityUnits of every provisioned
   * table at `now`: the composition calls it every emulated minute.
   */
  sampleGauges(now = this.env.clock.now()): void {
    for (const state of this.tables.values()) {
      if (state.capacity.mode !== 'PROVISIONED') continue;
      const [read, write] = throughputOf(state.record);
      this.metrics.provisioned(state.name, 'read', read, now);
      this.metrics.provisioned(state.name, 'write', write, now);
    }
  }

  // ---- streams ----------------------------------------------------------------------------

  private startStream(
    tableName: string,
    table: TableRecord,
    viewType: StreamViewType
  ): { state: { arn: string; viewType: StreamViewType }; fields: Partial<TableRecord> } {
    const { streamArn, streamLabel } = this.streams.createStream({
      tableName,
      tableArn: table.TableArn,
      keySchema: table.KeySchema,
      viewType,
    });
    return {
      state: { arn: streamArn, viewType },
      fields: {
        StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
        LatestStreamArn: streamArn,
        LatestStreamLabel: streamLabel,
      },
    };
  }

  /**
   * One stored item changed: append INSERT/MODIFY/REMOVE to the table's stream. A write that
   * leaves the item as it was writes no record ("If you perform a PutItem or UpdateItem
   * operation that does not change any data in an item, DynamoDB Streams does not write a
   * stream record", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html).
   */
  private recordChange(
    tableName: string,
    oldItem: Item | undefined,
    newItem: Item | undefined
  ): void {
    const state = this.tables.get(tableName);
    if (!state?.stream) return;
    const item = (newItem ?? oldItem) as Item;
    let eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
    if (!oldItem) eventName = 'INSERT';
    else if (!newItem) eventName = 'REMOVE';
    else if (canonical(oldItem) === canonical(newItem)) return;
    else eventName = 'MODIFY';
    const keys: Item = {};
    for (const { AttributeName } of state.record.KeySchema) {
      keys[AttributeName] = structuredClone(item[AttributeName] as Item[string]);
    }
    this.streams.append(state.stream.arn, {
      eventName,
      keys,
      ...(newItem ? { newImage: structuredClone(newItem) } : {}),
      ...(oldItem ? { oldImage: oldItem } : {}),
    });
  }
}

/** The validation errors AWS gives for a StreamSpecification that cannot apply to the table. */
function checkStreamChange(name: string, spec: StreamSpecification, enabled: boolean): void {
  if (spec.StreamEnabled && !spec.StreamViewType) {
    throw ddbValidationError(
      'One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required'
    );
  }
  if (!spec.StreamEnabled && spec.StreamViewType) {
    throw ddbValidationError(
      'One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified'
    );
  }
  if (spec.StreamEnabled && enabled)
    throw ddbValidationError(`Table already has an enabled stream: TableName: ${name}`);
  if (!spec.StreamEnabled && !enabled)
    throw ddbValidationError(`Table has no stream to disable: TableName: ${name}`);
}

function billingModeOf(table: TableRecord): BillingMode {
  return table.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST'
    ? 'PAY_PER_REQUEST'
    : 'PROVISIONED';
}

function throughputOf(table: TableRecord): [read: number, write: number] {
  return [
    table.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
    table.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
  ];
}

/** dynalite stamps throughput changes with Date.now(): restamp what changed with the emulator clock. */
function stampChangedTimes(before: TableRecord, after: TableRecord, seconds: number): void {
  const pairs: [
    Record<string, unknown> | undefined,
    Record<string, unknown> | undefined,
    string,
  ][] = [
    [before.ProvisionedThroughput, after.ProvisionedThroughput, 'LastIncreaseDateTime'],
    [before.ProvisionedThroughput, after.ProvisionedThroughput, 'LastDecreaseDateTime'],
    [before.BillingModeSummary, after.BillingModeSummary, 'LastUpdateToPayPerRequestDateTime'],
    [
      before.TableThroughputModeSummary,
      after.TableThroughputModeSummary,
      'LastUpdateToPayPerRequestDateTime',
    ],
  ];
  for (const [was, now, field] of pairs) {
    if (now && now[field] !== undefined && now[field] !== was?.[field]) now[field] = seconds;
  }
}

/** A canonical JSON form of an item: map keys sorted, set members sorted (sets are unordered). */
function canonical(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => normalise(v));
    return key === 'SS' || key === 'NS' || key === 'BS' ? items.map(String).sort() : items;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort())
      out[k] = normalise((value as Record<string, unknown>)[k], k);
    return out;
  }
  return value;
}
