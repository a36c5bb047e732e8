import { describe, expect, it } from 'vitest';
import { setup } from './harness';

describe('CreateLogStream', () => {
  describe('validations', () => {
    it('needs an existing group', async () => {
      const { failure } = setup();
      const e = await failure('CreateLogStream', { logGroupName: 'g', logStreamName: 's' });
      expect(e.code).toBe('ResourceNotFoundException');
      expect(e.message).toBe('The specified log group does not exist.');
    });

    it('refuses a colon in the name', async () => {
      const { call, failure } = setup();
      await call('CreateLogGroup', { logGroupName: 'g' });
      const e = await failure('CreateLogStream', { logGroupName: 'g', logStreamName: 'a:b' });
      expect(e.message).toBe(
        "1 validation error detected: Value 'a:b' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*"
      );
    });

    it('refuses a stream that already exists', async () => {
      const { call, failure } = setup();
      await call('CreateLogGroup', { logGroupName: 'g' });
      await call('CreateLogStream', { logGroupName: 'g', logStreamName: 's' });
      const e = await failure('CreateLogStream', { logGroupName: 'g', logStreamName: 's' });
      expect(e.code).toBe('ResourceAlreadyExistsException');
      expect(e.message).toBe('The specified log stream already exists');
    });
  });
});

describe('DescribeLogStreams', () => {
  describe('validations', () => {
    it('refuses ordering by LastEventTime with a prefix', async () => {
      const { call, failure } = setup();
      await call('CreateLogGroup', { logGroupName: 'g' });
      const e = await failure('DescribeLogStreams', {
        logGroupName: 'g',
        orderBy: 'LastEventTime',
        logStreamNamePrefix: '2026',
      });
      expect(e.code).toBe('InvalidParameterException');
      expect(e.message).toBe('Cannot order by LastEventTime with a logStreamNamePrefix.');
    });

    it('refuses an unknown orderBy', async () => {
      const { call, failure } = setup();
      await call('CreateLogGroup', { logGroupName: 'g' });
      const e = await failure('DescribeLogStreams', { logGroupName: 'g', orderBy: 'Name' });
      expect(e.message).toBe(
        "1 validation error detected: Value 'Name' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]"
      );
    });
  });

  describe('functionality', () => {
    it('orders by last event time, newest first with descending, as the Lambda console does', async () => {
      const { call, clock, logs } = setup();
      const t = clock.now();
      logs.sink.append('/aws/lambda/f', '2026/01/01/[$LATEST]aaa', [
        { timestamp: t - 3000, message: 'old' },
      ]);
      logs.sink.append('/aws/lambda/f', '2026/01/01/[$LATEST]bbb', [
        { timestamp: t - 1000, message: 'new' },
      ]);
      logs.sink.append('/aws/lambda/f', '2026/01/01/[$LATEST]ccc', [
        { timestamp: t - 2000, message: 'mid' },
      ]);
      const out = await call('DescribeLogStreams', {
        logGroupName: '/aws/lambda/f',
        orderBy: 'LastEventTime',
        descending: true,
        limit: 2,
      });
      expect(out.logStreams.map((s: { logStreamName: string }) => s.logStreamName)).toEqual([
        '2026/01/01/[$LATEST]bbb',
        '2026/01/01/[$LATEST]ccc',
      ]);
      expect(out.logStreams[0]).toEqual({
        logStreamName: '2026/01/01/[$LATEST]bbb',
        creationTime: t,
        arn: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/f:log-stream:2026/01/01/[$LATEST]bbb',
        storedBytes: 29,
        firstEventTimestamp: t - 1000,
        lastEventTimestamp: t - 1000,
        lastIngestionTime: t,
        uploadSequenceToken: '1',
      });
      expect(out.nextToken).toEqual(expect.any(String));
    });

    it('filters by name prefix', async () => {
      const { call } = setup();
      await call('CreateLogGroup', { logGroupName: 'g' });
      for (const s of ['a1', 'a2', 'b1'])
        await call('CreateLogStream', { logGroupName: 'g', logStreamName: s });
      const out = await call('DescribeLogStreams', { logGroupName: 'g', logStreamNamePrefix: 'a' });
      expect(out.logStreams.map((s: { logStreamName: string }) => s.logStreamName)).toEqual([
        'a1',
        'a2',
      ]);
    });

    it('accepts a logGroupIdentifier ARN', async () => {
      const { call } = setup();
      await call('CreateLogGroup', { logGroupName: 'g' });
      await call('CreateLogStream', { logGroupName: 'g', logStreamName: 's' });
      const out = await call('DescribeLogStreams', {
        logGroupIdentifier: 'arn:aws:logs:us-east-1:000000000000:log-group:g',
      });
      expect(out.logStreams).toHaveLength(1);
    });
  });
});

describe('DeleteLogStream', () => {
  it('says when the stream does not exist', async () => {
    const { call, failure } = setup();
    await call('CreateLogGroup', { logGroupName: 'g' });
    const e = await failure('DeleteLogStream', { logGroupName: 'g', logStreamName: 's' });
    expect(e.code).toBe('ResourceNotFoundException');
    expect(e.message).toBe('The specified log stream does not exist.');
  });
});
