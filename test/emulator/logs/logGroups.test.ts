import { describe, expect, it } from 'vitest';
import { setup } from './harness';

describe('CreateLogGroup', () => {
  describe('validations', () => {
    it('requires logGroupName', async () => {
      const { failure } = setup();
      const e = await failure('CreateLogGroup', {});
      expect(e.code).toBe('InvalidParameterException');
      expect(e.message).toBe(
        "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null"
      );
    });

    it('refuses characters outside the name pattern', async () => {
      const { failure } = setup();
      const e = await failure('CreateLogGroup', { logGroupName: 'a:b' });
      expect(e.message).toBe(
        "1 validation error detected: Value 'a:b' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+"
      );
    });

    it('refuses names longer than 512', async () => {
      const { failure } = setup();
      const e = await failure('CreateLogGroup', { logGroupName: 'a'.repeat(513) });
      expect(e.message).toMatch(/Member must have length less than or equal to 512$/);
    });

    it('refuses a group that already exists', async () => {
      const { call, failure } = setup();
      await call('CreateLogGroup', { logGroupName: '/aws/lambda/f' });
      const e = await failure('CreateLogGroup', { logGroupName: '/aws/lambda/f' });
      expect(e.code).toBe('ResourceAlreadyExistsException');
      expect(e.message).toBe('The specified log group already exists');
    });
  });
});

describe('DeleteLogGroup', () => {
  it('says when the group does not exist', async () => {
    const { failure } = setup();
    const e = await failure('DeleteLogGroup', { logGroupName: 'nope' });
    expect(e.code).toBe('ResourceNotFoundException');
    expect(e.message).toBe('The specified log group does not exist.');
  });

  it('deletes the group', async () => {
    const { call } = setup();
    await call('CreateLogGroup', { logGroupName: 'g' });
    await call('DeleteLogGroup', { logGroupName: 'g' });
    expect((await call('DescribeLogGroups', {})).logGroups).toEqual([]);
  });
});

describe('DescribeLogGroups', () => {
  describe('validations', () => {
    it('refuses a prefix together with a pattern', async () => {
      const { failure } = setup();
      const e = await failure('DescribeLogGroups', {
        logGroupNamePrefix: 'a',
        logGroupNamePattern: 'b',
      });
      expect(e.code).toBe('InvalidParameterException');
      expect(e.message).toBe(
        'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.'
      );
    });

    it('refuses a limit above 50', async () => {
      const { failure } = setup();
      const e = await failure('DescribeLogGroups', { limit: 51 });
      expect(e.message).toBe(
        "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50"
      );
    });
  });

  describe('functionality', () => {
    it('lists groups by name with prefix and case-sensitive substring filters', async () => {
      const { call, ctx } = setup();
      for (const name of [
        '/aws/lambda/producer',
        '/aws/lambda/processor',
        '/aws/vendedlogs/pipes/p1',
      ]) {
        await call('CreateLogGroup', { logGroupName: name });
      }
      const byPrefix = await call('DescribeLogGroups', { logGroupNamePrefix: '/aws/lambda/' });
      const byPattern = await call('DescribeLogGroups', { logGroupNamePattern: 'pipes' });
      const none = await call('DescribeLogGroups', { logGroupNamePattern: 'PIPES' });
      expect(byPrefix.logGroups).toEqual([
        {
          logGroupName: '/aws/lambda/processor',
          creationTime: ctx.clock.now(),
          metricFilterCount: 0,
          arn: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/processor:*',
          storedBytes: 0,
          logGroupClass: 'STANDARD',
          logGroupArn: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/processor',
        },
        expect.objectContaining({ logGroupName: '/aws/lambda/producer' }),
      ]);
      expect(byPattern.logGroups).toEqual([
        {
          logGroupName: '/aws/vendedlogs/pipes/p1',
          creationTime: ctx.clock.now(),
          arn: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/vendedlogs/pipes/p1:*',
        },
      ]);
      expect(none.logGroups).toEqual([]);
    });

    it('pages with limit and nextToken', async () => {
      const { call } = setup();
      for (const name of ['a', 'b', 'c']) await call('CreateLogGroup', { logGroupName: name });
      const first = await call('DescribeLogGroups', { limit: 2 });
      const second = await call('DescribeLogGroups', { limit: 2, nextToken: first.nextToken });
      expect(first.logGroups.map((g: { logGroupName: string }) => g.logGroupName)).toEqual([
        'a',
        'b',
      ]);
      expect(second.logGroups.map((g: { logGroupName: string }) => g.logGroupName)).toEqual(['c']);
      expect(second.nextToken).toBeUndefined();
    });

    it('shows retention once a policy is set', async () => {
      const { call } = setup();
      await call('CreateLogGroup', { logGroupName: 'g' });
      await call('PutRetentionPolicy', { logGroupName: 'g', retentionInDays: 7 });
      const out = await call('DescribeLogGroups', {});
      expect(out.logGroups[0].retentionInDays).toBe(7);
    });
  });
});

describe('PutRetentionPolicy', () => {
  it('refuses a retention AWS does not offer', async () => {
    const { call, failure } = setup();
    await call('CreateLogGroup', { logGroupName: 'g' });
    const e = await failure('PutRetentionPolicy', { logGroupName: 'g', retentionInDays: 2 });
    expect(e.code).toBe('InvalidParameterException');
    expect(e.message).toBe(
      "1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]"
    );
  });
});
