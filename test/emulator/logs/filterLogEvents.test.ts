import { describe, expect, it } from 'vitest';
import { setup } from './harness';

const lines = [
  'START RequestId: 1 Version: $LATEST',
  '{"level":"ERROR","message":"write throttled","service":"lab","attempt":3}',
  '{"level":"INFO","message":"record processed","service":"lab","attempt":1}',
  '2026-01-01T00:30:00.000Z 1 Task timed out after 30.03 seconds',
  'END RequestId: 1',
  'REPORT RequestId: 1\tDuration: 30000.00 ms',
];

function seed(s: ReturnType<typeof setup>) {
  const t = s.clock.now() - 10_000;
  s.logs.sink.append(
    '/aws/lambda/f',
    'a',
    lines.slice(0, 3).map((message, i) => ({ timestamp: t + i * 2, message }))
  );
  s.logs.sink.append(
    '/aws/lambda/f',
    'b',
    lines.slice(3).map((message, i) => ({ timestamp: t + 1 + i * 2, message }))
  );
  return t;
}

async function filter(s: ReturnType<typeof setup>, input: object): Promise<string[]> {
  const out = await s.call('FilterLogEvents', { logGroupName: '/aws/lambda/f', ...input });
  return out.events.map((e: { message: string }) => e.message);
}

describe('FilterLogEvents', () => {
  describe('validations', () => {
    it('refuses a pattern it cannot evaluate rather than matching everything', async () => {
      const s = setup();
      seed(s);
      const e = await s.failure('FilterLogEvents', {
        logGroupName: '/aws/lambda/f',
        filterPattern: '[ip, user, status=404]',
      });
      expect(e.code).toBe('InvalidParameterException');
      expect(e.message).toBe(
        'Invalid filter pattern: space-delimited [field, ...] patterns are not supported by the emulator (pattern: [ip, user, status=404]).'
      );
    });

    it('refuses a malformed JSON pattern', async () => {
      const s = setup();
      seed(s);
      const e = await s.failure('FilterLogEvents', {
        logGroupName: '/aws/lambda/f',
        filterPattern: '{ $.level = ',
      });
      expect(e.code).toBe('InvalidParameterException');
    });

    it('refuses logStreamNames with logStreamNamePrefix', async () => {
      const s = setup();
      seed(s);
      const e = await s.failure('FilterLogEvents', {
        logGroupName: '/aws/lambda/f',
        logStreamNames: ['a'],
        logStreamNamePrefix: 'a',
      });
      expect(e.code).toBe('InvalidParameterException');
    });

    it('says when the group does not exist', async () => {
      const s = setup();
      const e = await s.failure('FilterLogEvents', { logGroupName: 'nope' });
      expect(e.code).toBe('ResourceNotFoundException');
      expect(e.message).toBe('The specified log group does not exist.');
    });
  });

  describe('functionality', () => {
    it('interleaves every stream in time order, with what `aws logs tail` reads', async () => {
      const s = setup();
      const t = seed(s);
      const out = await s.call('FilterLogEvents', {
        logGroupName: '/aws/lambda/f',
        interleaved: true,
        startTime: t,
      });
      expect(out.events.map((e: { message: string }) => e.message)).toEqual([
        lines[0],
        lines[3],
        lines[1],
        lines[4],
        lines[2],
        lines[5],
      ]);
      expect(out.events[0]).toEqual({
        logStreamName: 'a',
        timestamp: t,
        message: lines[0],
        ingestionTime: s.clock.now(),
        eventId: expect.stringMatching(/^\d{56}$/),
      });
      expect(out.searchedLogStreams).toEqual([
        { logStreamName: 'a', searchedCompletely: true },
        { logStreamName: 'b', searchedCompletely: true },
      ]);
      expect(out.nextToken).toBeUndefined();
    });

    it('matches a quoted phrase', async () => {
      const s = setup();
      seed(s);
      expect(await filter(s, { filterPattern: '"Task timed out"' })).toEqual([lines[3]]);
    });

    it('matches plain terms (all of them, case-sensitive)', async () => {
      const s = setup();
      seed(s);
      expect(await filter(s, { filterPattern: 'RequestId Duration' })).toEqual([lines[5]]);
      expect(await filter(s, { filterPattern: 'requestid' })).toEqual([]);
    });

    it('matches any of ?terms and excludes -terms', async () => {
      const s = setup();
      seed(s);
      expect(await filter(s, { filterPattern: '?START ?END' })).toEqual([lines[0], lines[4]]);
      expect(await filter(s, { filterPattern: 'RequestId -REPORT -START' })).toEqual([lines[4]]);
    });

    it('matches JSON patterns with =, != and &&', async () => {
      const s = setup();
      seed(s);
      expect(await filter(s, { filterPattern: '{ $.level = "ERROR" }' })).toEqual([lines[1]]);
      expect(await filter(s, { filterPattern: '{ $.level != "ERROR" }' })).toEqual([lines[2]]);
      expect(
        await filter(s, { filterPattern: '{ ($.service = "lab") && ($.attempt > 2) }' })
      ).toEqual([lines[1]]);
      expect(
        await filter(s, { filterPattern: '{ $.message = "record*" || $.attempt = 3 }' })
      ).toEqual([lines[1], lines[2]]);
    });

    it('limits to named streams or a prefix and to [startTime, endTime]', async () => {
      const s = setup();
      const t = seed(s);
      expect(await filter(s, { logStreamNames: ['b'], filterPattern: 'RequestId' })).toEqual([
        lines[4],
        lines[5],
      ]);
      expect(
        await filter(s, { logStreamNamePrefix: 'a', startTime: t + 2, endTime: t + 4 })
      ).toEqual([lines[1], lines[2]]);
    });

    it('pages with limit and nextToken', async () => {
      const s = setup();
      seed(s);
      const first = await s.call('FilterLogEvents', { logGroupName: '/aws/lambda/f', limit: 4 });
      const second = await s.call('FilterLogEvents', {
        logGroupName: '/aws/lambda/f',
        limit: 4,
        nextToken: first.nextToken,
      });
      expect(first.events).toHaveLength(4);
      expect(first.searchedLogStreams[0].searchedCompletely).toBe(false);
      expect(second.events.map((e: { message: string }) => e.message)).toEqual([
        lines[2],
        lines[5],
      ]);
      expect(second.nextToken).toBeUndefined();
    });
  });
});
