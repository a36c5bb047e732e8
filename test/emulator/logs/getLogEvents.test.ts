import { describe, expect, it } from 'vitest';
import { groupWithStream, setup } from './harness';

async function seed(call: ReturnType<typeof setup>['call'], t: number, n: number) {
  await groupWithStream(call);
  await call('PutLogEvents', {
    logGroupName: 'g',
    logStreamName: 's',
    logEvents: Array.from({ length: n }, (_, i) => ({ timestamp: t + i, message: `e${i}` })),
  });
}

const messages = (out: { events: { message: string }[] }) => out.events.map((e) => e.message);

describe('GetLogEvents', () => {
  describe('validations', () => {
    it('refuses a token it did not issue', async () => {
      const { call, failure, clock } = setup();
      await seed(call, clock.now() - 100, 3);
      const e = await failure('GetLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        nextToken: 'x',
      });
      expect(e.code).toBe('InvalidParameterException');
      expect(e.message).toBe('The specified nextToken is invalid.');
    });

    it('refuses a limit above 10,000', async () => {
      const { call, failure, clock } = setup();
      await seed(call, clock.now() - 100, 1);
      const e = await failure('GetLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        limit: 10_001,
      });
      expect(e.message).toMatch(/Member must have value less than or equal to 10000$/);
    });

    it('says when the group does not exist', async () => {
      const { failure } = setup();
      const e = await failure('GetLogEvents', { logGroupName: 'nope', logStreamName: 's' });
      expect(e.code).toBe('ResourceNotFoundException');
      expect(e.message).toBe('The specified log group does not exist.');
    });
  });

  describe('functionality', () => {
    it('returns the newest events by default and the oldest with startFromHead', async () => {
      const { call, clock } = setup();
      await seed(call, clock.now() - 100, 5);
      const tail = await call('GetLogEvents', { logGroupName: 'g', logStreamName: 's', limit: 2 });
      const head = await call('GetLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        limit: 2,
        startFromHead: true,
      });
      expect(messages(tail)).toEqual(['e3', 'e4']);
      expect(messages(head)).toEqual(['e0', 'e1']);
    });

    it('pages forward and returns the same token at the end', async () => {
      const { call, clock } = setup();
      await seed(call, clock.now() - 100, 5);
      const pages: string[][] = [];
      let token: string | undefined;
      for (let i = 0; i < 5; i++) {
        const out = await call('GetLogEvents', {
          logGroupName: 'g',
          logStreamName: 's',
          limit: 2,
          startFromHead: true,
          nextToken: token,
        });
        pages.push(messages(out));
        if (out.nextForwardToken === token) break;
        token = out.nextForwardToken;
      }
      expect(pages).toEqual([['e0', 'e1'], ['e2', 'e3'], ['e4'], []]);
    });

    it('pages backward from the newest events', async () => {
      const { call, clock } = setup();
      await seed(call, clock.now() - 100, 5);
      const last = await call('GetLogEvents', { logGroupName: 'g', logStreamName: 's', limit: 2 });
      const before = await call('GetLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        limit: 2,
        nextToken: last.nextBackwardToken,
      });
      expect(messages(before)).toEqual(['e1', 'e2']);
    });

    it('sees events that arrive after the last forward token', async () => {
      const { call, clock } = setup();
      await seed(call, clock.now() - 100, 2);
      const first = await call('GetLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        startFromHead: true,
      });
      await call('PutLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        logEvents: [{ timestamp: clock.now(), message: 'later' }],
      });
      const next = await call('GetLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        nextToken: first.nextForwardToken,
      });
      expect(messages(next)).toEqual(['later']);
    });

    it('keeps events in [startTime, endTime)', async () => {
      const { call, clock } = setup();
      const t = clock.now() - 100;
      await seed(call, t, 5);
      const out = await call('GetLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        startTime: t + 1,
        endTime: t + 3,
        startFromHead: true,
      });
      expect(messages(out)).toEqual(['e1', 'e2']);
    });

    it('stops returning events once retention expires them on the emulator clock', async () => {
      const { call, clock } = setup();
      await seed(call, clock.now(), 1);
      await call('PutRetentionPolicy', { logGroupName: 'g', retentionInDays: 1 });
      await clock.advance(86_400_000 + 1);
      const out = await call('GetLogEvents', { logGroupName: 'g', logStreamName: 's' });
      expect(out.events).toEqual([]);
    });
  });
});
