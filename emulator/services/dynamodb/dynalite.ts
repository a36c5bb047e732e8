import { createRequire } from 'node:module';
import { AwsError } from '../../core/errors';

/**
 * The bridge to dynalite (architect/dynalite 4), used in-process: its LevelDB-in-memory store,
 * its per-operation validation tables and its action functions, called directly (no HTTP, no
 * port). Validation and data-plane error texts stay dynalite's, which match AWS's. Nothing here
 * is module-level state: every `Dynalite` owns its own in-memory database.
 */

const require = createRequire(import.meta.url);

/** A DynamoDB AttributeValue in its JSON wire form (`{"S": "x"}`, `{"N": "1"}` ...). */
export type AttributeValue = Record<string, unknown>;
/** An item (or a key): attribute name -> AttributeValue. */
export type Item = Record<string, AttributeValue>;

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

/** A table as dynalite stores it: the TableDescription DescribeTable returns. */
export interface TableRecord {
  TableName: string;
  TableArn: string;
  TableStatus: string;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
  CreationDateTime: number;
  ProvisionedThroughput: {
    ReadCapacityUnits: number;
    WriteCapacityUnits: number;
    NumberOfDecreasesToday?: number;
    LastIncreaseDateTime?: number;
    LastDecreaseDateTime?: number;
  };
  BillingModeSummary?: { BillingMode: string; LastUpdateToPayPerRequestDateTime?: number };
  TableThroughputModeSummary?: {
    TableThroughputMode: string;
    LastUpdateToPayPerRequestDateTime?: number;
  };
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: string };
  LatestStreamArn?: string;
  LatestStreamLabel?: string;
  [member: string]: unknown;
}

/** An error as dynalite builds it: an Error carrying the HTTP status and the JSON body. */
interface DynaliteError extends Error {
  statusCode?: number;
  body?: { __type: string; message?: string; Message?: string };
}

type Callback<T> = (error: DynaliteError | null | undefined, result?: T) => void;

interface SubDb {
  get(key: string, cb: Callback<Item | undefined>): void;
  put(key: string, value: Item, cb: Callback<void>): void;
  del(key: string, cb: Callback<void>): void;
}

interface TableDb {
  get(key: string, cb: Callback<TableRecord | undefined>): void;
  put(key: string, value: TableRecord, cb: Callback<void>): void;
  lock(
    key: string,
    fn: (release: <F extends (...args: never[]) => unknown>(cb: F) => F) => void
  ): void;
  awsAccountId: string;
  awsRegion: string;
}

/** dynalite's store (`db.create(options)`). */
export interface DynaliteStore {
  options: { maxItemSize: number };
  tableDb: TableDb;
  getItemDb(name: string): SubDb;
  getTable(name: string, checkStatus: boolean, cb: Callback<TableRecord>): void;
}

interface DynaliteDbModule {
  create(options: Record<string, unknown>): DynaliteStore;
  itemSize(item: Item): number;
  validateItem(item: Item, table: TableRecord): DynaliteError | undefined | null;
  validateKey(key: Item, table: TableRecord): DynaliteError | undefined | null;
  createKey(item: Item, table: TableRecord): string;
}

interface ValidationTable {
  types: Record<string, unknown>;
  custom?: (data: Record<string, unknown>, store: DynaliteStore) => string | undefined;
}

interface ValidationsModule {
  checkTypes(
    data: Record<string, unknown>,
    types: Record<string, unknown>
  ): Record<string, unknown>;
  checkValidations(
    data: Record<string, unknown>,
    types: Record<string, unknown>,
    custom: ValidationTable['custom'],
    store: DynaliteStore
  ): void;
}

type ActionFn = (
  store: DynaliteStore,
  data: Record<string, unknown>,
  cb: Callback<Record<string, unknown>>
) => void;

/** The operations this emulator serves from dynalite, by API name. */
export const DYNALITE_OPERATIONS = [
  'BatchGetItem',
  'BatchWriteItem',
  'CreateTable',
  'DeleteItem',
  'DeleteTable',
  'DescribeTable',
  'GetItem',
  'ListTables',
  'PutItem',
  'Query',
  'Scan',
  'UpdateItem',
  'UpdateTable',
] as const;
export type DynaliteOperation = (typeof DYNALITE_OPERATIONS)[number];

const dbModule = require('dynalite/db') as DynaliteDbModule;
const validationsModule = require('dynalite/validations') as ValidationsModule;
const actionModules = new Map<DynaliteOperation, ActionFn>();
const validationModules = new Map<DynaliteOperation, ValidationTable>();
for (const operation of DYNALITE_OPERATIONS) {
  const file = operation.charAt(0).toLowerCase() + operation.slice(1);
  actionModules.set(operation, require(`dynalite/actions/${file}`) as ActionFn);
  validationModules.set(operation, require(`dynalite/validations/${file}`) as ValidationTable);
}

/** dynalite's item size (attribute names + values, as DynamoDB counts them for the 400 KB limit). */
export function itemSize(item: Item): number {
  return dbModule.itemSize(item);
}

/** Extra members an operation's validation table accepts, and an extra cross-field rule. */
export interface ValidationExtension {
  types?: Record<string, unknown>;
  /** Runs after dynalite's own rule; `replaceCustom` decides whether dynalite's runs at all. */
  custom?: (data: Record<string, unknown>) => string | undefined;
  /** When it returns true, dynalite's own cross-field rule is skipped for this input. */
  skipDynaliteCustom?: (data: Record<string, unknown>) => boolean;
}

/** What `onItemWrite` listeners get: one stored item changed (old/new undefined = absent). */
export type ItemWriteListener = (
  tableName: string,
  oldItem: Item | undefined,
  newItem: Item | undefined
) => void;

/** The JSON `__type` AWS uses for DynamoDB's validation errors (not the service's own prefix). */
export const VALIDATION_ERROR_TYPE = 'com.amazon.coral.validate#ValidationException';

/** A DynamoDB ValidationException with AWS's exact `__type`. */
export function ddbValidationError(message: string): AwsError {
  return new AwsError('ValidationException', message, 400, undefined, {
    __type: VALIDATION_ERROR_TYPE,
  });
}

/** Converts a dynalite error into an AwsError keeping AWS's `__type` and text; rethrows bugs. */
export function toAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  const e = error as DynaliteError;
  if (e?.statusCode && e.body?.__type) {
    const fullType = e.body.__type;
    const code = fullType.slice(fullType.lastIndexOf('#') + 1);
    return new AwsError(code, e.body.message ?? e.body.Message ?? '', e.statusCode, undefined, {
      __type: fullType,
    });
  }
  throw error;
}

/** One in-memory dynalite database and the calls into it. */
export class Dynalite {
  readonly store: DynaliteStore;
  private readonly patched = new WeakSet<SubDb>();
  private listener: ItemWriteListener | undefined;
  private wantsChange: ((tableName: string) => boolean) | undefined;

  constructor(options: { accountId: string; region: string; maxItemSizeBytes: number }) {
    this.store = dbModule.create({
      // Table status transitions are finished by the bridge before it replies (see waitFor*).
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
      maxItemSizeKb: options.maxItemSizeBytes / 1024,
    });
    this.store.tableDb.awsAccountId = options.accountId;
    this.store.tableDb.awsRegion = options.region;
    const getItemDb = this.store.getItemDb.bind(this.store);
    this.store.getItemDb = (name: string) => this.observe(name, getItemDb(name));
  }

  /**
   * Calls `listener` after each stored item changes, for the tables `wants` selects (the old
   * item is read only for those, so tables without a stream pay nothing).
   */
  onItemWrite(wants: (tableName: string) => boolean, listener: ItemWriteListener): void {
    this.wantsChange = wants;
    this.listener = listener;
  }

  /**
   * Runs dynalite's type check and validation table for `operation` on `input` (mutated and
   * returned normalised, as dynalite does); throws AWS's SerializationException/ValidationException.
   */
  validate(
    operation: DynaliteOperation,
    input: Record<string, unknown>,
    extension: ValidationExtension = {}
  ): Record<string, unknown> {
    const table = validationModules.get(operation) as ValidationTable;
    const types = extension.types ? { ...table.types, ...extension.types } : table.types;
    const dynaliteCustom = table.custom;
    const custom =
      extension.custom || extension.skipDynaliteCustom
        ? (data: Record<string, unknown>, store: DynaliteStore) =>
            (extension.skipDynaliteCustom?.(data) ? undefined : dynaliteCustom?.(data, store)) ??
            extension.custom?.(data)
        : dynaliteCustom;
    try {
      const data = validationsModule.checkTypes(input, types);
      validationsModule.checkValidations(data, types, custom, this.store);
      return data;
    } catch (error) {
      throw toAwsError(error);
    }
  }

  /** Runs dynalite's action for `operation` on already validated `data`. */
  call<T = Record<string, unknown>>(
    operation: DynaliteOperation,
    data: Record<string, unknown>
  ): Promise<T> {
    const action = actionModules.get(operation) as ActionFn;
    return new Promise<T>((resolve, reject) => {
      action(this.store, data, (error, result) => {
        if (error) {
          try {
            reject(toAwsError(error));
          } catch (bug) {
            reject(bug);
          }
          return;
        }
        resolve((result ?? {}) as T);
      });
    });
  }

  /** The stored table, or undefined. */
  getTable(name: string): Promise<TableRecord | undefined> {
    return new Promise((resolve, reject) => {
      this.store.tableDb.get(name, (error, table) => {
        if (error && error.name !== 'NotFoundError') return reject(error);
        resolve(table && typeof table === 'object' && table.TableStatus ? table : undefined);
      });
    });
  }

  /** Rewrites the stored table under dynalite's table lock (used for clock-based timestamps, streams). */
  patchTable(name: string, patch: (table: TableRecord) => void): Promise<TableRecord | undefined> {
    const tableDb = this.store.tableDb;
    return new Promise((resolve, reject) => {
      tableDb.lock(name, (release) => {
        const done = release((error: unknown, table?: TableRecord) =>
          error ? reject(error) : resolve(table)
        );
        tableDb.get(name, (error, table) => {
          if (error && error.name !== 'NotFoundError') return done(error);
          if (!table?.TableStatus) return done(null, undefined);
          patch(table);
          tableDb.put(name, table, (putError) => done(putError ?? null, table));
        });
      });
    });
  }

  /**
   * Waits until dynalite's status timer (0 ms) has moved `name` to `status`, or removed it
   * (`status` undefined). The wait is real time, a few event-loop turns: it is how the bridge
   * makes the CREATING/UPDATING/DELETING -> ACTIVE/gone transition complete before replying.
   */
  async waitFor(name: string, status: string | undefined): Promise<TableRecord | undefined> {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const table = await this.getTable(name);
      if (status === undefined ? table === undefined : table?.TableStatus === status) return table;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    throw new Error(`dynalite table ${name} did not reach ${status ?? 'deletion'}`);
  }

  /** dynalite's check of an item against the table's key schema (and index key types). */
  checkItem(item: Item, table: TableRecord): void {
    const invalid = dbModule.validateItem(item, table);
    if (invalid) throw toAwsError(invalid);
  }

  /** dynalite's check of a key against the table's key schema. */
  checkKey(key: Item, table: TableRecord): void {
    const invalid = dbModule.validateKey(key, table);
    if (invalid) throw toAwsError(invalid);
  }

  /** The storage key of an item (identifies duplicates in batch requests). */
  keyOf(item: Item, table: TableRecord): string {
    return dbModule.createKey(item, table);
  }

  /** Wraps an item sub-database once so writes to watched tables report old and new item. */
  private observe(tableName: string, subDb: SubDb): SubDb {
    if (this.patched.has(subDb)) return subDb;
    this.patched.add(subDb);
    const get = subDb.get.bind(subDb);
    const put = subDb.put.bind(subDb);
    const del = subDb.del.bind(subDb);
    // dynalite holds the item's lock around get -> put/del, so the extra read here sees the
    // item the write replaces.
    subDb.put = (key, value, cb) => {
      const listener = this.listener;
      if (!listener || !this.wantsChange?.(tableName)) return put(key, value, cb);
      get(key, (error, oldItem) => {
        if (error && error.name !== 'NotFoundError') return cb(error);
        put(key, value, (putError) => {
          if (!putError) listener(tableName, oldItem ?? undefined, value);
          cb(putError);
        });
      });
    };
    subDb.del = (key, cb) => {
      const listener = this.listener;
      if (!listener || !this.wantsChange?.(tableName)) return del(key, cb);
      get(key, (error, oldItem) => {
        if (error && error.name !== 'NotFoundError') return cb(error);
        del(key, (delError) => {
          if (!delError && oldItem) listener(tableName, oldItem, undefined);
          cb(delError);
        });
      });
    };
    return subDb;
  }
}
