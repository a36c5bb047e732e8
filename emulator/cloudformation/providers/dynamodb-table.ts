import type { DynamoDbStore, TableRecord } from '../../services/dynamodb';
import { NAME_LIMITS } from '../physical-names';
import {
  alreadyExists,
  type Properties,
  type ProvidedResource,
  type ResourceProvider,
} from '../provider';

const TYPE = 'AWS::DynamoDB::Table';

/**
 * What the interpreter needs from the DynamoDB service: its store's table lifecycle, which
 * takes and returns the API's shapes (CreateTable/UpdateTable/DeleteTable input,
 * `{ TableDescription }`) with the API's validation and errors.
 */
export type DynamoDbTables = Pick<
  DynamoDbStore,
  'createTable' | 'updateTable' | 'deleteTable' | 'describeTable'
>;

/** CreateTable's input, as the interpreter builds it. */
interface CreateTableRequest {
  TableName: string;
  KeySchema: unknown[];
  AttributeDefinitions: unknown[];
  BillingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: string };
  GlobalSecondaryIndexes?: unknown[];
  LocalSecondaryIndexes?: unknown[];
}

/**
 * AWS::DynamoDB::Table
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html).
 * Ref is the table name; GetAtt Arn and StreamArn (only while a stream is enabled). In place:
 * BillingMode, ProvisionedThroughput, StreamSpecification. Replacement: TableName, KeySchema,
 * LocalSecondaryIndexes. Changing GlobalSecondaryIndexes is not supported (error). Accepted
 * without effect: TimeToLiveSpecification, PointInTimeRecoverySpecification, SSESpecification,
 * ContributorInsightsSpecification, TableClass, DeletionProtectionEnabled, Tags.
 */
export const dynamodbTableProvider: ResourceProvider = {
  type: TYPE,
  attributes: ['Arn', 'StreamArn'],
  replaceOn: ['TableName', 'KeySchema', 'LocalSecondaryIndexes'],
  properties: [
    'AttributeDefinitions',
    'BillingMode',
    'ContributorInsightsSpecification',
    'DeletionProtectionEnabled',
    'GlobalSecondaryIndexes',
    'ImportSourceSpecification',
    'KeySchema',
    'KinesisStreamSpecification',
    'LocalSecondaryIndexes',
    'OnDemandThroughput',
    'PointInTimeRecoverySpecification',
    'ProvisionedThroughput',
    'ResourcePolicy',
    'SSESpecification',
    'StreamSpecification',
    'TableClass',
    'TableName',
    'Tags',
    'TimeToLiveSpecification',
    'WarmThroughput',
  ],
  required: ['KeySchema'],
  nameProperty: 'TableName',

  async create(ctx, props) {
    const dynamodb = ctx.service('dynamodb');
    const name =
      props.TableName !== undefined
        ? String(props.TableName)
        : ctx.generateName(NAME_LIMITS.dynamodbTable);
    if (await dynamodb.describeTable(name)) throw alreadyExists(TYPE, name);
    const request: CreateTableRequest = {
      TableName: name,
      KeySchema: (props.KeySchema as unknown[]) ?? [],
      AttributeDefinitions: (props.AttributeDefinitions as unknown[]) ?? [],
      BillingMode: billingMode(props),
      ...capacity(props),
      ...(props.StreamSpecification ? { StreamSpecification: stream(props) } : {}),
      ...(props.GlobalSecondaryIndexes
        ? { GlobalSecondaryIndexes: props.GlobalSecondaryIndexes as unknown[] }
        : {}),
      ...(props.LocalSecondaryIndexes
        ? { LocalSecondaryIndexes: props.LocalSecondaryIndexes as unknown[] }
        : {}),
    };
    await dynamodb.createTable(request as unknown as Record<string, unknown>);
    return described(await table(dynamodb, name));
  },

  async update(ctx, current, props, previous) {
    const dynamodb = ctx.service('dynamodb');
    const TableName = current.physicalId;
    if (
      JSON.stringify(props.GlobalSecondaryIndexes) !==
      JSON.stringify(previous.GlobalSecondaryIndexes)
    ) {
      throw new Error(
        `GlobalSecondaryIndexes of table ${TableName} cannot change: the emulator does not support index updates`
      );
    }
    const capacityChanged =
      billingMode(props) !== billingMode(previous) ||
      JSON.stringify(capacity(props)) !== JSON.stringify(capacity(previous));
    if (capacityChanged) {
      await dynamodb.updateTable({
        TableName,
        BillingMode: billingMode(props),
        ...capacity(props),
      });
    }
    if (JSON.stringify(stream(props)) !== JSON.stringify(stream(previous))) {
      // DynamoDB takes a stream off before it can put one with another view type on.
      if (previous.StreamSpecification) {
        await dynamodb.updateTable({ TableName, StreamSpecification: { StreamEnabled: false } });
      }
      if (props.StreamSpecification) {
        await dynamodb.updateTable({ TableName, StreamSpecification: stream(props) });
      }
    }
    return described(await table(dynamodb, TableName));
  },

  async delete(ctx, current) {
    const dynamodb = ctx.service('dynamodb');
    if (await dynamodb.describeTable(current.physicalId)) {
      await dynamodb.deleteTable({ TableName: current.physicalId });
    }
  },
};

function billingMode(props: Properties): 'PROVISIONED' | 'PAY_PER_REQUEST' {
  return props.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED';
}

function capacity(props: Properties): Pick<CreateTableRequest, 'ProvisionedThroughput'> {
  if (billingMode(props) === 'PAY_PER_REQUEST') return {};
  const throughput = props.ProvisionedThroughput as
    | { ReadCapacityUnits?: unknown; WriteCapacityUnits?: unknown }
    | undefined;
  if (!throughput) {
    throw new Error(
      'Property ProvisionedThroughput cannot be empty when BillingMode is PROVISIONED (or not given)'
    );
  }
  return {
    ProvisionedThroughput: {
      ReadCapacityUnits: Number(throughput.ReadCapacityUnits),
      WriteCapacityUnits: Number(throughput.WriteCapacityUnits),
    },
  };
}

/** CloudFormation's `{ StreamViewType }` -> the API's `{ StreamEnabled, StreamViewType }`. */
function stream(props: Properties): CreateTableRequest['StreamSpecification'] {
  const spec = props.StreamSpecification as { StreamViewType?: unknown } | undefined;
  if (!spec) return { StreamEnabled: false };
  return { StreamEnabled: true, StreamViewType: String(spec.StreamViewType) };
}

async function table(dynamodb: DynamoDbTables, name: string): Promise<TableRecord> {
  const record = await dynamodb.describeTable(name);
  if (!record) throw new Error(`Requested resource not found: Table: ${name} not found`);
  return record;
}

function described(table: TableRecord): ProvidedResource {
  return {
    physicalId: table.TableName,
    attributes: {
      Arn: table.TableArn,
      ...(table.LatestStreamArn ? { StreamArn: table.LatestStreamArn } : {}),
    },
  };
}
