import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable, type DynamoDbHarness, errorOf, startDynamoDbHarness } from './harness';

let h: DynamoDbHarness;

const put = (pk: string, extra: Record<string, { S: string }> = {}): WriteRequest => ({
  PutRequest: { Item: { pk: { S: pk }, ...extra } },
});

beforeAll(async () => {
  h = await startDynamoDbHarness();
  await createTable(h, 'batch', { BillingMode: 'PAY_PER_REQUEST' });
  await createTable(h, 'other', { BillingMode: 'PAY_PER_REQUEST' });
});

afterAll(async () => {
  await h.close();
});

describe('BatchWriteItem', () => {
  describe('validations', () => {
    it('refuses more than 25 requests', async () => {
      // Act
      const requests = Array.from({ length: 26 }, (_, i) => put(`k${i}`));
      const error = await errorOf(
        h.ddb.send(new BatchWriteItemCommand({ RequestItems: { batch: requests } }))
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      // (AWS prints the map value in Java's toString form; dynalite prints JSON: only the constraint is checked.)
      expect(error.message).toMatch(
        /^1 validation error detected: Value '.*' at 'requestItems' failed to satisfy constraint: /
      );
      expect(error.message).toMatch(
        /Map value must satisfy constraint: \[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\]$/
      );
    });

    it('refuses duplicate keys before writing anything', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new BatchWriteItemCommand({
            RequestItems: { batch: [put('dup'), put('dup'), put('fine')] },
          })
        )
      );
      const { Responses } = await h.ddb.send(
        new BatchGetItemCommand({ RequestItems: { batch: { Keys: [{ pk: { S: 'fine' } }] } } })
      );
      // Assert
      expect(error.message).toBe('Provided list of item keys contains duplicates');
      expect(Responses?.batch).toEqual([]);
    });

    it('refuses a key that does not match the schema', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new BatchWriteItemCommand({
            RequestItems: { batch: [{ PutRequest: { Item: { id: { S: 'x' } } } }] },
          })
        )
      );
      // Assert
      expect(error.message).toBe('The provided key element does not match the schema');
    });

    it('reports a missing table', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(new BatchWriteItemCommand({ RequestItems: { absent: [put('a')] } }))
      );
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe('Requested resource not found');
    });
  });

  describe('functionality', () => {
    it('puts and deletes across tables and returns empty UnprocessedItems', async () => {
      // Arrange
      await h.ddb.send(new BatchWriteItemCommand({ RequestItems: { batch: [put('gone')] } }));
      // Act
      const out = await h.ddb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            batch: [
              put('b1', { v: { S: '1' } }),
              { DeleteRequest: { Key: { pk: { S: 'gone' } } } },
            ],
            other: [put('o1')],
          },
          ReturnConsumedCapacity: 'TOTAL',
        })
      );
      const { Responses } = await h.ddb.send(
        new BatchGetItemCommand({
          RequestItems: {
            batch: { Keys: [{ pk: { S: 'b1' } }, { pk: { S: 'gone' } }] },
            other: { Keys: [{ pk: { S: 'o1' } }] },
          },
        })
      );
      // Assert
      expect(out.UnprocessedItems).toEqual({});
      expect(out.ConsumedCapacity).toEqual(
        expect.arrayContaining([
          { TableName: 'batch', CapacityUnits: 2 },
          { TableName: 'other', CapacityUnits: 1 },
        ])
      );
      expect(Responses?.batch).toEqual([{ pk: { S: 'b1' }, v: { S: '1' } }]);
      expect(Responses?.other).toEqual([{ pk: { S: 'o1' } }]);
    });
  });
});

describe('BatchGetItem', () => {
  describe('validations', () => {
    it('refuses more than 100 keys', async () => {
      // Act
      const keys = Array.from({ length: 101 }, (_, i) => ({ pk: { S: `k${i}` } }));
      const error = await errorOf(
        h.ddb.send(new BatchGetItemCommand({ RequestItems: { batch: { Keys: keys } } }))
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toMatch(/Member must have length less than or equal to 100/);
    });

    it('refuses duplicate keys', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new BatchGetItemCommand({
            RequestItems: { batch: { Keys: [{ pk: { S: 'a' } }, { pk: { S: 'a' } }] } },
          })
        )
      );
      // Assert
      expect(error.message).toBe('Provided list of item keys contains duplicates');
    });
  });

  describe('functionality', () => {
    it('returns found items with a projection and ConsumedCapacity when asked', async () => {
      // Arrange
      await h.ddb.send(
        new BatchWriteItemCommand({
          RequestItems: { batch: [put('g1', { a: { S: 'x' }, b: { S: 'y' } })] },
        })
      );
      // Act
      const out = await h.ddb.send(
        new BatchGetItemCommand({
          RequestItems: {
            batch: {
              Keys: [{ pk: { S: 'g1' } }, { pk: { S: 'none' } }],
              ProjectionExpression: 'a',
            },
          },
          ReturnConsumedCapacity: 'TOTAL',
        })
      );
      // Assert
      expect(out.Responses?.batch).toEqual([{ a: { S: 'x' } }]);
      expect(out.UnprocessedKeys).toEqual({});
      expect(out.ConsumedCapacity).toEqual([{ TableName: 'batch', CapacityUnits: 1 }]);
    });
  });
});
