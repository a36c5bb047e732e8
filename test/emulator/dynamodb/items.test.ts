import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotas } from '../../../emulator/core/quotas';
import {
  createTable,
  type DynamoDbHarness,
  errorOf,
  filler,
  rawCall,
  startDynamoDbHarness,
} from './harness';

let h: DynamoDbHarness;

beforeAll(async () => {
  h = await startDynamoDbHarness();
  // On-demand: these tests are about the data plane, not capacity.
  await createTable(h, 'items', { BillingMode: 'PAY_PER_REQUEST' });
});

afterAll(async () => {
  await h.close();
});

describe('PutItem', () => {
  describe('validations', () => {
    it('accepts a 300 KB item', async () => {
      // Act
      await h.ddb.send(
        new PutItemCommand({
          TableName: 'items',
          Item: { pk: { S: 'big' }, data: { S: filler(300 * 1024) } },
        })
      );
      const { Item } = await h.ddb.send(
        new GetItemCommand({ TableName: 'items', Key: { pk: { S: 'big' } } })
      );
      // Assert
      expect(Item?.data?.S).toHaveLength(300 * 1024);
    });

    it('refuses a 401 KB item', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new PutItemCommand({
            TableName: 'items',
            Item: { pk: { S: 'huge' }, data: { S: filler(401 * 1024) } },
          })
        )
      );
      // Assert
      expect(quotas.dynamoDbItemSizeBytes.value).toBe(400 * 1024);
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe('Item size has exceeded the maximum allowed size');
    });

    it('refuses an item without the partition key', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(new PutItemCommand({ TableName: 'items', Item: { other: { S: 'x' } } }))
      );
      // Assert
      expect(error.message).toBe(
        'One or more parameter values were invalid: Missing the key pk in the item'
      );
    });

    it('refuses a key of the wrong type', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(new PutItemCommand({ TableName: 'items', Item: { pk: { N: '1' } } }))
      );
      // Assert
      expect(error.message).toBe(
        'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N'
      );
    });

    it('refuses ReturnValues other than ALL_OLD or NONE', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new PutItemCommand({
            TableName: 'items',
            Item: { pk: { S: 'a' } },
            ReturnValues: 'ALL_NEW',
          })
        )
      );
      // Assert
      expect(error.message).toBe('ReturnValues can only be ALL_OLD or NONE');
    });

    it('refuses a reserved word in a condition expression', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new PutItemCommand({
            TableName: 'items',
            Item: { pk: { S: 'a' } },
            ConditionExpression: 'attribute_not_exists(total)',
          })
        )
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toMatch(
        /^Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: total/
      );
    });

    it('reports a missing table', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(new PutItemCommand({ TableName: 'nowhere', Item: { pk: { S: 'a' } } }))
      );
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe('Requested resource not found');
    });

    it('answers a failed condition with ConditionalCheckFailedException', async () => {
      // Arrange
      await h.ddb.send(new PutItemCommand({ TableName: 'items', Item: { pk: { S: 'taken' } } }));
      // Act
      const { status, json } = await rawCall(
        h.emulator.endpoint,
        'DynamoDB_20120810.PutItem',
        JSON.stringify({
          TableName: 'items',
          Item: { pk: { S: 'taken' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        })
      );
      // Assert
      expect(status).toBe(400);
      expect(json).toEqual({
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
      });
    });
  });

  describe('functionality', () => {
    it('returns the replaced item with ReturnValues ALL_OLD', async () => {
      // Arrange
      await h.ddb.send(
        new PutItemCommand({ TableName: 'items', Item: { pk: { S: 'r' }, v: { N: '1' } } })
      );
      // Act
      const out = await h.ddb.send(
        new PutItemCommand({
          TableName: 'items',
          Item: { pk: { S: 'r' }, v: { N: '2' } },
          ReturnValues: 'ALL_OLD',
        })
      );
      // Assert
      expect(out.Attributes).toEqual({ pk: { S: 'r' }, v: { N: '1' } });
    });

    it('returns ConsumedCapacity only when asked, rounded up to 1 KB units', async () => {
      // Act
      const silent = await h.ddb.send(
        new PutItemCommand({ TableName: 'items', Item: { pk: { S: 'c1' } } })
      );
      const told = await h.ddb.send(
        new PutItemCommand({
          TableName: 'items',
          Item: { pk: { S: 'c2' }, data: { S: filler(2500) } },
          ReturnConsumedCapacity: 'TOTAL',
        })
      );
      // Assert
      expect(silent.ConsumedCapacity).toBeUndefined();
      expect(told.ConsumedCapacity).toEqual({ TableName: 'items', CapacityUnits: 3 });
    });

    it('works through the document client', async () => {
      // Act
      await h.doc.send(
        new PutCommand({ TableName: 'items', Item: { pk: 'doc', tags: new Set(['a', 'b']), n: 7 } })
      );
      const { Item } = await h.doc.send(new GetCommand({ TableName: 'items', Key: { pk: 'doc' } }));
      // Assert
      expect(Item).toEqual({ pk: 'doc', tags: new Set(['a', 'b']), n: 7 });
    });
  });
});

describe('GetItem', () => {
  describe('validations', () => {
    it('refuses a key that does not match the schema', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(new GetItemCommand({ TableName: 'items', Key: { id: { S: 'a' } } }))
      );
      // Assert
      expect(error.message).toBe('The provided key element does not match the schema');
    });
  });

  describe('functionality', () => {
    it('returns nothing for a missing item and a projection of a present one', async () => {
      // Arrange
      await h.ddb.send(
        new PutItemCommand({
          TableName: 'items',
          Item: { pk: { S: 'p' }, a: { S: '1' }, b: { S: '2' } },
        })
      );
      // Act
      const missing = await h.ddb.send(
        new GetItemCommand({ TableName: 'items', Key: { pk: { S: 'none' } } })
      );
      const projected = await h.ddb.send(
        new GetItemCommand({
          TableName: 'items',
          Key: { pk: { S: 'p' } },
          ProjectionExpression: 'b',
          ConsistentRead: true,
        })
      );
      // Assert
      expect(missing.Item).toBeUndefined();
      expect(projected.Item).toEqual({ b: { S: '2' } });
    });
  });
});

describe('UpdateItem', () => {
  describe('validations', () => {
    it('refuses updating a key attribute', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new UpdateItemCommand({
            TableName: 'items',
            Key: { pk: { S: 'u' } },
            UpdateExpression: 'SET pk = :v',
            ExpressionAttributeValues: { ':v': { S: 'z' } },
          })
        )
      );
      // Assert
      expect(error.message).toBe(
        'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key'
      );
    });

    it('refuses an unused expression attribute value', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new UpdateItemCommand({
            TableName: 'items',
            Key: { pk: { S: 'u' } },
            UpdateExpression: 'SET a = :a',
            ExpressionAttributeValues: { ':a': { S: 'x' }, ':b': { S: 'y' } },
          })
        )
      );
      // Assert
      expect(error.message).toBe(
        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}'
      );
    });

    it('fails its condition with ConditionalCheckFailedException', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new UpdateItemCommand({
            TableName: 'items',
            Key: { pk: { S: 'absent' } },
            UpdateExpression: 'SET a = :a',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':a': { S: 'x' } },
          })
        )
      );
      // Assert
      expect(error.name).toBe('ConditionalCheckFailedException');
      expect(error.message).toBe('The conditional request failed');
    });
  });

  describe('functionality', () => {
    it('applies SET and ADD, creating the item, and returns ALL_NEW', async () => {
      // Act
      const first = await h.ddb.send(
        new UpdateItemCommand({
          TableName: 'items',
          Key: { pk: { S: 'order-1' } },
          UpdateExpression: 'SET #s = :s ADD attempts :one',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': { S: 'PROCESSING' }, ':one': { N: '1' } },
          ReturnValues: 'ALL_NEW',
        })
      );
      const second = await h.ddb.send(
        new UpdateItemCommand({
          TableName: 'items',
          Key: { pk: { S: 'order-1' } },
          UpdateExpression: 'ADD attempts :one',
          ExpressionAttributeValues: { ':one': { N: '1' } },
          ReturnValues: 'UPDATED_NEW',
        })
      );
      // Assert
      expect(first.Attributes).toEqual({
        pk: { S: 'order-1' },
        status: { S: 'PROCESSING' },
        attempts: { N: '1' },
      });
      expect(second.Attributes).toEqual({ attempts: { N: '2' } });
    });

    it('returns UPDATED_OLD and supports REMOVE and if_not_exists through the document client', async () => {
      // Arrange
      await h.doc.send(new PutCommand({ TableName: 'items', Item: { pk: 'u2', a: 1, b: 'gone' } }));
      // Act
      const out = await h.doc.send(
        new UpdateCommand({
          TableName: 'items',
          Key: { pk: 'u2' },
          UpdateExpression: 'SET a = a + :inc, c = if_not_exists(c, :zero) REMOVE b',
          ExpressionAttributeValues: { ':inc': 2, ':zero': 0 },
          ReturnValues: 'UPDATED_OLD',
        })
      );
      const { Item } = await h.doc.send(new GetCommand({ TableName: 'items', Key: { pk: 'u2' } }));
      // Assert
      expect(out.Attributes).toEqual({ a: 1, b: 'gone' });
      expect(Item).toEqual({ pk: 'u2', a: 3, c: 0 });
    });

    it('refuses an update that makes the item bigger than 400 KB', async () => {
      // Arrange
      await h.ddb.send(
        new PutItemCommand({
          TableName: 'items',
          Item: { pk: { S: 'grow' }, a: { S: filler(250 * 1024) } },
        })
      );
      // Act
      const error = await errorOf(
        h.ddb.send(
          new UpdateItemCommand({
            TableName: 'items',
            Key: { pk: { S: 'grow' } },
            UpdateExpression: 'SET b = :b',
            ExpressionAttributeValues: { ':b': { S: filler(200 * 1024) } },
          })
        )
      );
      // Assert
      expect(error.message).toBe('Item size to update has exceeded the maximum allowed size');
    });
  });
});

describe('DeleteItem', () => {
  describe('validations', () => {
    it('fails its condition with ConditionalCheckFailedException', async () => {
      // Arrange
      await h.ddb.send(
        new PutItemCommand({
          TableName: 'items',
          Item: { pk: { S: 'keep' }, state: { S: 'LIVE' } },
        })
      );
      // Act
      const error = await errorOf(
        h.ddb.send(
          new DeleteItemCommand({
            TableName: 'items',
            Key: { pk: { S: 'keep' } },
            ConditionExpression: '#st = :done',
            ExpressionAttributeNames: { '#st': 'state' },
            ExpressionAttributeValues: { ':done': { S: 'DONE' } },
          })
        )
      );
      // Assert
      expect(error.name).toBe('ConditionalCheckFailedException');
    });
  });

  describe('functionality', () => {
    it('deletes and returns ALL_OLD; deleting a missing item succeeds with nothing', async () => {
      // Arrange
      await h.ddb.send(
        new PutItemCommand({ TableName: 'items', Item: { pk: { S: 'del' }, v: { S: 'x' } } })
      );
      // Act
      const out = await h.ddb.send(
        new DeleteItemCommand({
          TableName: 'items',
          Key: { pk: { S: 'del' } },
          ReturnValues: 'ALL_OLD',
        })
      );
      const again = await h.ddb.send(
        new DeleteItemCommand({
          TableName: 'items',
          Key: { pk: { S: 'del' } },
          ReturnValues: 'ALL_OLD',
        })
      );
      // Assert
      expect(out.Attributes).toEqual({ pk: { S: 'del' }, v: { S: 'x' } });
      expect(again.Attributes).toBeUndefined();
    });
  });
});
