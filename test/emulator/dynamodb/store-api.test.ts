import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../emulator/core/clock';
import { MemoryLogSink, MemoryMetricSink } from '../../../emulator/core/memory-sinks';
import type { EmulatorEnv, RequestContext } from '../../../emulator/core/service';
import { createDynamoDbService, type TableTemplate } from '../../../emulator/services/dynamodb';

function setup() {
  const clock = new ManualClock();
  const metrics = new MemoryMetricSink();
  const env: EmulatorEnv = {
    clock,
    accountId: '123456789012',
    region: 'eu-west-1',
    metrics,
    logs: new MemoryLogSink(),
    endpoint: () => 'http://127.0.0.1:4566',
  };
  const service = createDynamoDbService(env);
  const ctx: RequestContext = {
    region: env.region,
    accountId: env.accountId,
    endpoint: env.endpoint(),
    clock,
    requestId: 'test',
  };
  const call = (operation: string, input: Record<string, unknown>) =>
    service.definition.actions[operation]?.(input, ctx) as Promise<Record<string, unknown>>;
  return { clock, metrics, service, store: service.store, streams: service.streams.store, call };
}

const template = (extra: Partial<TableTemplate> = {}): TableTemplate => ({
  TableName: 'Products',
  KeySchema: [{ AttributeName: 'productId', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'productId', AttributeType: 'S' }],
  ...extra,
});

describe('applyTableTemplate (for the CloudFormation interpreter)', () => {
  it('creates a table from template properties, a StreamViewType meaning an enabled stream', async () => {
    // Arrange
    const { store } = setup();
    // Act
    const table = await store.applyTableTemplate(
      template({
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      })
    );
    // Assert
    expect(table.TableStatus).toBe('ACTIVE');
    expect(table.TableArn).toBe('arn:aws:dynamodb:eu-west-1:123456789012:table/Products');
    expect(table.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    expect(table.LatestStreamArn).toMatch(
      /^arn:aws:dynamodb:eu-west-1:123456789012:table\/Products\/stream\//
    );
    expect(store.table('Products')?.capacity.mode).toBe('PAY_PER_REQUEST');
  });

  it('updates in place: provisioned to on-demand, then a new stream view type', async () => {
    // Arrange
    const { store } = setup();
    await store.applyTableTemplate(
      template({
        ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 },
        StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
      })
    );
    const first = (await store.describeTable('Products'))?.LatestStreamArn;
    // Act
    await store.applyTableTemplate(
      template({
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
      })
    );
    const switched = await store.describeTable('Products');
    await store.applyTableTemplate(
      template({
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      })
    );
    const restreamed = await store.describeTable('Products');
    const unchanged = await store.applyTableTemplate(
      template({
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      })
    );
    // Assert
    expect(switched?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(switched?.LatestStreamArn).toBe(first);
    expect(restreamed?.StreamSpecification?.StreamViewType).toBe('NEW_IMAGE');
    expect(restreamed?.LatestStreamArn).not.toBe(first);
    expect(unchanged.LatestStreamArn).toBe(restreamed?.LatestStreamArn);
  });

  it('refuses a key schema change (a replacement)', async () => {
    // Arrange
    const { store } = setup();
    await store.applyTableTemplate(template({ BillingMode: 'PAY_PER_REQUEST' }));
    // Act + Assert
    await expect(
      store.applyTableTemplate(
        template({
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'sku', AttributeType: 'S' }],
        })
      )
    ).rejects.toThrow(/a KeySchema change needs a replacement/);
  });

  it('deletes a table, leaving its stream readable', async () => {
    // Arrange
    const { store, streams, call } = setup();
    const table = await store.applyTableTemplate(
      template({
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      })
    );
    await call('PutItem', { TableName: 'Products', Item: { productId: { S: 'p' } } });
    // Act
    await store.deleteTable({ TableName: 'Products' });
    // Assert
    expect(await store.describeTable('Products')).toBeUndefined();
    const arn = table.LatestStreamArn as string;
    const [shardId] = streams.shardIds(arn);
    const read = streams.read(
      arn,
      shardId as string,
      streams.position(arn, shardId as string, 'TRIM_HORIZON')
    );
    expect(read.records.map((r) => r.record.eventName)).toEqual(['INSERT']);
    expect(read.shardEnded).toBe(true);
  });
});

describe('stream reading API (for event source mappings and Pipes)', () => {
  it('reads from a position without iterators and wakes listeners on append', async () => {
    // Arrange
    const { store, streams, call, clock } = setup();
    const table = await store.applyTableTemplate(
      template({
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      })
    );
    const arn = table.LatestStreamArn as string;
    const [shardId] = streams.shardIds(arn) as [string];
    const woken: string[] = [];
    const unsubscribe = streams.onAppend((streamArn) => woken.push(streamArn));
    await call('PutItem', { TableName: 'Products', Item: { productId: { S: 'a' } } });
    const latest = streams.position(arn, shardId, 'LATEST');
    await clock.advance(5000);
    await call('PutItem', { TableName: 'Products', Item: { productId: { S: 'b' } } });
    await call('PutItem', { TableName: 'Products', Item: { productId: { S: 'c' } } });
    unsubscribe();
    // Act
    const fromStart = streams.read(arn, shardId, streams.position(arn, shardId, 'TRIM_HORIZON'), 2);
    const rest = streams.read(arn, shardId, fromStart.nextPosition);
    const fromLatest = streams.read(arn, shardId, latest);
    // Assert
    const keys = (r: typeof fromStart) => r.records.map((s) => s.record.dynamodb.Keys.productId?.S);
    expect(keys(fromStart)).toEqual(['a', 'b']);
    expect(keys(rest)).toEqual(['c']);
    expect(keys(fromLatest)).toEqual(['b', 'c']);
    expect(fromStart.records[1]?.createdAt).toBe(clock.now());
    expect(fromStart.shardEnded).toBe(false);
    expect(woken).toEqual([arn, arn, arn]);
  });
});

describe('isolation', () => {
  it('shares nothing between two services in one process', async () => {
    // Arrange
    const one = setup();
    const two = setup();
    await one.store.applyTableTemplate(template({ BillingMode: 'PAY_PER_REQUEST' }));
    await two.store.applyTableTemplate(template({ BillingMode: 'PAY_PER_REQUEST' }));
    // Act
    await one.call('PutItem', { TableName: 'Products', Item: { productId: { S: 'only-in-one' } } });
    const scanned = await two.call('Scan', { TableName: 'Products' });
    // Assert
    expect(scanned.Count).toBe(0);
  });
});
