import { BatchWriteItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable, type DynamoDbHarness, errorOf, startDynamoDbHarness } from './harness';

let h: DynamoDbHarness;

beforeAll(async () => {
  h = await startDynamoDbHarness();
  await createTable(h, 'events', { BillingMode: 'PAY_PER_REQUEST' }, true);
  await h.ddb.send(
    new BatchWriteItemCommand({
      RequestItems: {
        events: ['a#1', 'a#2', 'a#3', 'b#1'].map((id) => {
          const [pk, sk] = id.split('#') as [string, string];
          return { PutRequest: { Item: { pk: { S: pk }, sk: { S: sk }, n: { N: sk } } } };
        }),
      },
    })
  );
});

afterAll(async () => {
  await h.close();
});

describe('Query', () => {
  describe('validations', () => {
    it('refuses a key condition on a non-key attribute', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new QueryCommand({
            TableName: 'events',
            KeyConditionExpression: 'n = :n',
            ExpressionAttributeValues: { ':n': { N: '1' } },
          })
        )
      );
      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe('Query condition missed key schema element: pk');
    });

    it('refuses a filter on a key attribute', async () => {
      // Act
      const error = await errorOf(
        h.ddb.send(
          new QueryCommand({
            TableName: 'events',
            KeyConditionExpression: 'pk = :p',
            FilterExpression: 'sk = :s',
            ExpressionAttributeValues: { ':p': { S: 'a' }, ':s': { S: '1' } },
          })
        )
      );
      // Assert
      expect(error.message).toBe(
        'Filter Expression can only contain non-primary key attributes: Primary key attribute: sk'
      );
    });
  });

  describe('functionality', () => {
    it('returns a partition in sort-key order, backwards, and pages with Limit', async () => {
      // Act
      const forward = await h.ddb.send(
        new QueryCommand({
          TableName: 'events',
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': { S: 'a' } },
        })
      );
      const backward = await h.ddb.send(
        new QueryCommand({
          TableName: 'events',
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': { S: 'a' } },
          ScanIndexForward: false,
          Limit: 2,
        })
      );
      // Assert
      expect(forward.Items?.map((i) => i.sk?.S)).toEqual(['1', '2', '3']);
      expect(backward.Items?.map((i) => i.sk?.S)).toEqual(['3', '2']);
      expect(backward.LastEvaluatedKey).toEqual({ pk: { S: 'a' }, sk: { S: '2' } });
    });

    it('applies a sort-key condition and a filter, counting scanned and returned items', async () => {
      // Act
      const out = await h.ddb.send(
        new QueryCommand({
          TableName: 'events',
          KeyConditionExpression: 'pk = :p AND sk > :s',
          FilterExpression: 'n < :max',
          ExpressionAttributeValues: { ':p': { S: 'a' }, ':s': { S: '1' }, ':max': { N: '3' } },
        })
      );
      // Assert
      expect(out.Items?.map((i) => i.sk?.S)).toEqual(['2']);
      expect(out.ScannedCount).toBe(2);
      expect(out.Count).toBe(1);
    });

    it('records ReturnedItemCount', async () => {
      // Act
      await h.ddb.send(
        new QueryCommand({
          TableName: 'events',
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': { S: 'b' } },
        })
      );
      // Assert
      const points = h.metrics.find('AWS/DynamoDB', 'ReturnedItemCount', {
        TableName: 'events',
        Operation: 'Query',
      });
      expect(points.at(-1)?.value).toBe(1);
    });
  });
});

describe('Scan', () => {
  describe('validations', () => {
    it('reports a missing table', async () => {
      // Act
      const error = await errorOf(h.ddb.send(new ScanCommand({ TableName: 'nothing' })));
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe('Requested resource not found');
    });
  });

  describe('functionality', () => {
    it('returns every item, filtered and counted', async () => {
      // Act
      const all = await h.ddb.send(new ScanCommand({ TableName: 'events' }));
      const filtered = await h.ddb.send(
        new ScanCommand({
          TableName: 'events',
          FilterExpression: 'sk = :s',
          ExpressionAttributeValues: { ':s': { S: '1' } },
        })
      );
      const counted = await h.ddb.send(new ScanCommand({ TableName: 'events', Select: 'COUNT' }));
      // Assert
      expect(all.Count).toBe(4);
      expect(filtered.Items?.map((i) => i.pk?.S).sort()).toEqual(['a', 'b']);
      expect(counted.Count).toBe(4);
      expect(counted.Items).toBeUndefined();
    });
  });
});
