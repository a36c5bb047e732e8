import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  createTable,
  type DynamoDbHarness,
  errorOf,
  REGION,
  rawCall,
  startDynamoDbHarness,
  tableInput,
} from './harness';

let h: DynamoDbHarness;

beforeAll(async () => {
  h = await startDynamoDbHarness();
});

afterAll(async () => {
  await h.close();
});

describe('CreateTable', () => {
  describe('validations', () => {
    it('reports a missing TableName with the validate __type AWS uses', async () => {
      // Act
      const { status, json } = await rawCall(
        h.emulator.endpoint,
        'DynamoDB_20120810.CreateTable',
        '{}'
      );
      // Assert
      expect(status).toBe(400);
      expect(json).toEqual({
        __type: 'com.amazon.coral.validate#ValidationException',
        message: "The parameter 'TableName' is required but was not present in the request",
      });
    });

    it('refuses a table name shorter than 3 characters', async () => {
      // Act
      const error = await errorOf(h.ddb.send(new CreateTableCommand(tableInput('ab'))));
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(
        'TableName must be at least 3 characters long and at most 255 characters long'
      );
    });

    it('refuses PROVISIONED without ProvisionedThroughput', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new CreateTableCommand({
            ...tableInput('noThroughput'),
            ProvisionedThroughput: undefined,
          })
        )
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(
        'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED'
      );
    });

    it('refuses ProvisionedThroughput with PAY_PER_REQUEST', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new CreateTableCommand({
            ...tableInput('both', { BillingMode: 'PAY_PER_REQUEST' }),
            ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
          })
        )
      );
      // Assert
      expect(error.message).toBe(
        'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST'
      );
    });

    it('refuses an enabled stream without a view type', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new CreateTableCommand(
            tableInput('streamNoView', { StreamSpecification: { StreamEnabled: true } })
          )
        )
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(
        'One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required'
      );
    });

    it('refuses a view type for a disabled stream', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new CreateTableCommand(
            tableInput('streamOffView', {
              StreamSpecification: { StreamEnabled: false, StreamViewType: 'KEYS_ONLY' },
            })
          )
        )
      );
      // Assert
      expect(error.message).toBe(
        'One or more parameter values were invalid: Table is being created with a stream disabled, UpdateViewType should not be specified'
      );
    });

    it('refuses an unknown StreamViewType with the enum constraint', async () => {
      // Act
      const { status, json } = await rawCall(
        h.emulator.endpoint,
        'DynamoDB_20120810.CreateTable',
        JSON.stringify({
          ...tableInput('badView'),
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'ALL' },
        })
      );
      // Assert
      expect(status).toBe(400);
      expect(json.message).toBe(
        "1 validation error detected: Value 'ALL' at 'streamSpecification.streamViewType' failed to satisfy constraint: " +
          'Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]'
      );
    });

    it('refuses a table that already exists', async () => {
      // Arrange
      await createTable(h, 'dupTable');
      // Act
      const error = await errorOf(h.ddb.send(new CreateTableCommand(tableInput('dupTable'))));
      // Assert
      expect(error.name).toBe('ResourceInUseException');
      expect(error.message).toBe('Table already exists: dupTable');
    });
  });

  describe('functionality', () => {
    it('replies CREATING and the table is ACTIVE right after, stamped with the emulator clock', async () => {
      // Act
      const created = await h.ddb.send(new CreateTableCommand(tableInput('fresh')));
      const described = await h.ddb.send(new DescribeTableCommand({ TableName: 'fresh' }));
      // Assert
      expect(created.TableDescription?.TableStatus).toBe('CREATING');
      expect(described.Table?.TableStatus).toBe('ACTIVE');
      expect(described.Table?.TableArn).toBe(`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/fresh`);
      expect(described.Table?.TableId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/
      );
      expect(described.Table?.CreationDateTime?.getTime()).toBe(h.clock.now());
      expect(described.Table?.ProvisionedThroughput).toMatchObject({
        ReadCapacityUnits: 5,
        WriteCapacityUnits: 5,
      });
    });

    it('creates an on-demand table with its BillingModeSummary', async () => {
      // Act
      await createTable(h, 'onDemandTable', { BillingMode: 'PAY_PER_REQUEST' });
      const { Table } = await h.ddb.send(new DescribeTableCommand({ TableName: 'onDemandTable' }));
      // Assert
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(Table?.ProvisionedThroughput).toMatchObject({
        ReadCapacityUnits: 0,
        WriteCapacityUnits: 0,
      });
    });

    it('creates a stream and names it in LatestStreamArn and LatestStreamLabel', async () => {
      // Act
      await createTable(h, 'streamed', {
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      });
      const { Table } = await h.ddb.send(new DescribeTableCommand({ TableName: 'streamed' }));
      // Assert
      const label = new Date(h.clock.now()).toISOString().replace('Z', '');
      expect(Table?.StreamSpecification).toEqual({
        StreamEnabled: true,
        StreamViewType: 'NEW_IMAGE',
      });
      expect(Table?.LatestStreamLabel).toBe(label);
      expect(Table?.LatestStreamArn).toBe(
        `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/streamed/stream/${label}`
      );
    });

    it('leaves StreamSpecification out when the stream is created disabled', async () => {
      // Act
      await createTable(h, 'streamOff', { StreamSpecification: { StreamEnabled: false } });
      const { Table } = await h.ddb.send(new DescribeTableCommand({ TableName: 'streamOff' }));
      // Assert
      expect(Table?.StreamSpecification).toBeUndefined();
      expect(Table?.LatestStreamArn).toBeUndefined();
    });
  });
});

describe('DescribeTable', () => {
  describe('validations', () => {
    it('reports a missing table with its name', async () => {
      // Act
      const error = await errorOf(h.ddb.send(new DescribeTableCommand({ TableName: 'missing' })));
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe('Requested resource not found: Table: missing not found');
    });
  });
});

describe('ListTables', () => {
  describe('functionality', () => {
    it('lists table names in order and pages with Limit', async () => {
      // Arrange
      await createTable(h, 'list-a');
      await createTable(h, 'list-b');
      // Act
      const all = await h.ddb.send(new ListTablesCommand({}));
      const page = await h.ddb.send(
        new ListTablesCommand({ ExclusiveStartTableName: 'list-a', Limit: 1 })
      );
      // Assert
      expect(all.TableNames).toEqual(expect.arrayContaining(['list-a', 'list-b']));
      expect(all.TableNames).toEqual([...(all.TableNames ?? [])].sort());
      expect(page.TableNames).toEqual(['list-b']);
      expect(page.LastEvaluatedTableName).toBe('list-b');
    });
  });

  describe('validations', () => {
    it('refuses a Limit above 100', async () => {
      // Act
      const error = await errorOf(h.ddb.send(new ListTablesCommand({ Limit: 101 })));
      // Assert
      expect(error.message).toBe(
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"
      );
    });
  });
});

describe('UpdateTable', () => {
  describe('validations', () => {
    it('refuses an update that changes nothing', async () => {
      // Arrange
      await createTable(h, 'same');
      // Act
      const error = await errorOf(
        h.ddb.send(
          new UpdateTableCommand({
            TableName: 'same',
            ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
          })
        )
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toMatch(
        /^The provisioned throughput for the table will not change\. The requested value equals the current value\./
      );
    });

    it('refuses enabling a stream without a view type', async () => {
      // Arrange
      await createTable(h, 'noView');
      // Act
      const error = await errorOf(
        h.ddb.send(
          new UpdateTableCommand({
            TableName: 'noView',
            StreamSpecification: { StreamEnabled: true },
          })
        )
      );
      // Assert
      expect(error.message).toBe(
        'One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required'
      );
    });

    it('refuses a second enabled stream, and disabling a stream that is not there', async () => {
      // Arrange
      await createTable(h, 'twice', {
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      });
      await createTable(h, 'never');
      // Act
      const again = await errorOf(
        h.ddb.send(
          new UpdateTableCommand({
            TableName: 'twice',
            StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
          })
        )
      );
      const none = await errorOf(
        h.ddb.send(
          new UpdateTableCommand({
            TableName: 'never',
            StreamSpecification: { StreamEnabled: false },
          })
        )
      );
      // Assert
      expect(again.message).toBe('Table already has an enabled stream: TableName: twice');
      expect(none.message).toBe('Table has no stream to disable: TableName: never');
    });

    it('refuses a view type when disabling a stream', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new UpdateTableCommand({
            TableName: 'twice',
            StreamSpecification: { StreamEnabled: false, StreamViewType: 'KEYS_ONLY' },
          })
        )
      );
      // Assert
      expect(error.message).toBe(
        'One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified'
      );
    });

    it('reports a missing table', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new UpdateTableCommand({
            TableName: 'ghost',
            StreamSpecification: { StreamEnabled: false },
          })
        )
      );
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe('Requested resource not found: Table: ghost not found');
    });
  });

  describe('functionality', () => {
    it('changes provisioned throughput at once, replying UPDATING', async () => {
      // Arrange
      await createTable(h, 'grow');
      await h.clock.advance(60_000);
      // Act
      const updated = await h.ddb.send(
        new UpdateTableCommand({
          TableName: 'grow',
          ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 50 },
        })
      );
      const { Table } = await h.ddb.send(new DescribeTableCommand({ TableName: 'grow' }));
      // Assert
      expect(updated.TableDescription?.TableStatus).toBe('UPDATING');
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.ProvisionedThroughput).toMatchObject({
        ReadCapacityUnits: 10,
        WriteCapacityUnits: 50,
      });
      expect(Table?.ProvisionedThroughput?.LastIncreaseDateTime?.getTime()).toBe(h.clock.now());
    });

    it('switches PROVISIONED to PAY_PER_REQUEST and back', async () => {
      // Arrange
      await createTable(h, 'switch');
      // Act
      await h.ddb.send(
        new UpdateTableCommand({ TableName: 'switch', BillingMode: 'PAY_PER_REQUEST' })
      );
      const onDemand = await h.ddb.send(new DescribeTableCommand({ TableName: 'switch' }));
      await h.ddb.send(
        new UpdateTableCommand({
          TableName: 'switch',
          BillingMode: 'PROVISIONED',
          ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
        })
      );
      const provisioned = await h.ddb.send(new DescribeTableCommand({ TableName: 'switch' }));
      // Assert
      expect(onDemand.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(onDemand.Table?.BillingModeSummary?.LastUpdateToPayPerRequestDateTime?.getTime()).toBe(
        h.clock.now()
      );
      expect(provisioned.Table?.BillingModeSummary?.BillingMode).toBe('PROVISIONED');
      expect(provisioned.Table?.ProvisionedThroughput).toMatchObject({
        ReadCapacityUnits: 2,
        WriteCapacityUnits: 3,
      });
    });

    it('disables a stream (LatestStreamArn stays) and enables a new one under a new label', async () => {
      // Arrange
      await createTable(h, 'toggle', {
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      });
      const first = (await h.ddb.send(new DescribeTableCommand({ TableName: 'toggle' }))).Table
        ?.LatestStreamArn;
      // Act
      await h.ddb.send(
        new UpdateTableCommand({
          TableName: 'toggle',
          StreamSpecification: { StreamEnabled: false },
        })
      );
      const disabled = (await h.ddb.send(new DescribeTableCommand({ TableName: 'toggle' }))).Table;
      await h.ddb.send(
        new UpdateTableCommand({
          TableName: 'toggle',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        })
      );
      const enabled = (await h.ddb.send(new DescribeTableCommand({ TableName: 'toggle' }))).Table;
      // Assert
      expect(disabled?.StreamSpecification).toBeUndefined();
      expect(disabled?.LatestStreamArn).toBe(first);
      expect(enabled?.StreamSpecification).toEqual({
        StreamEnabled: true,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      });
      expect(enabled?.LatestStreamArn).not.toBe(first);
    });
  });
});

describe('DeleteTable', () => {
  describe('validations', () => {
    it('reports a missing table', async () => {
      // Act
      const error = await errorOf(h.ddb.send(new DeleteTableCommand({ TableName: 'ghost' })));
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe('Requested resource not found: Table: ghost not found');
    });
  });

  describe('functionality', () => {
    it('replies DELETING and the table is gone right after', async () => {
      // Arrange
      await createTable(h, 'doomed');
      // Act
      const deleted = await h.ddb.send(new DeleteTableCommand({ TableName: 'doomed' }));
      const error = await errorOf(h.ddb.send(new DescribeTableCommand({ TableName: 'doomed' })));
      // Assert
      expect(deleted.TableDescription?.TableStatus).toBe('DELETING');
      expect(error.name).toBe('ResourceNotFoundException');
    });
  });
});
