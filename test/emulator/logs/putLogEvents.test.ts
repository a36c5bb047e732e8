import { describe, expect, it } from 'vitest';
import { quotas } from '../../../emulator/core/quotas';
import { groupWithStream, setup } from './harness';

const day = 86_400_000;

describe('PutLogEvents', () => {
  describe('validations', () => {
    it('needs the stream to exist', async () => {
      const { call, failure, clock } = setup();
      await call('CreateLogGroup', { logGroupName: 'g' });
      const e = await failure('PutLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        logEvents: [{ timestamp: clock.now(), message: 'x' }],
      });
      expect(e.code).toBe('ResourceNotFoundException');
      expect(e.message).toBe('The specified log stream does not exist.');
    });

    it('refuses an empty message', async () => {
      const { call, failure, clock } = setup();
      await groupWithStream(call);
      const e = await failure('PutLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        logEvents: [{ timestamp: clock.now(), message: '' }],
      });
      expect(e.message).toBe(
        "1 validation error detected: Value '' at 'logEvents.1.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1"
      );
    });

    it('refuses more than 10,000 events', async () => {
      const { call, failure, clock } = setup();
      await groupWithStream(call);
      const logEvents = Array.from({ length: 10_001 }, () => ({
        timestamp: clock.now(),
        message: 'x',
      }));
      const e = await failure('PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents });
      expect(e.code).toBe('InvalidParameterException');
      expect(e.message).toMatch(
        /at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to 10000$/
      );
    });

    it('refuses a batch over 1,048,576 bytes, counting 26 bytes per event', async () => {
      // Arrange: 4 events of 262,119 bytes = 4 × (262,119 + 26) = 1,048,580 bytes
      const { call, failure, clock } = setup();
      await groupWithStream(call);
      const message = 'x'.repeat(262_119);
      const logEvents = Array.from({ length: 4 }, () => ({ timestamp: clock.now(), message }));
      // Act
      const e = await failure('PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents });
      // Assert
      expect(e.code).toBe('InvalidParameterException');
      expect(e.message).toBe('Upload too large: 1048580 bytes exceeds limit of 1048576');
    });

    it('accepts a batch of exactly 1,048,576 bytes', async () => {
      const { call, clock } = setup();
      await groupWithStream(call);
      const message = 'x'.repeat(262_118);
      const logEvents = Array.from({ length: 4 }, () => ({ timestamp: clock.now(), message }));
      expect(4 * (262_118 + quotas.logsEventOverheadBytes.value)).toBe(
        quotas.logsPutLogEventsBatchBytes.value
      );
      await expect(
        call('PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents })
      ).resolves.toBeDefined();
    });

    it('refuses events out of chronological order', async () => {
      const { call, failure, clock } = setup();
      await groupWithStream(call);
      const e = await failure('PutLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        logEvents: [
          { timestamp: clock.now(), message: 'b' },
          { timestamp: clock.now() - 1, message: 'a' },
        ],
      });
      expect(e.message).toBe(
        'Log events in a single PutLogEvents request must be in chronological order.'
      );
    });

    it('refuses a batch spanning more than 24 hours', async () => {
      const { call, failure, clock } = setup(Date.UTC(2026, 0, 3));
      await groupWithStream(call);
      const e = await failure('PutLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        logEvents: [
          { timestamp: clock.now() - day - 1, message: 'a' },
          { timestamp: clock.now(), message: 'b' },
        ],
      });
      expect(e.message).toBe(
        'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.'
      );
    });
  });

  describe('functionality', () => {
    it('stores events and rejects those too old or too new, keeping the rest', async () => {
      // Arrange
      const { call, clock } = setup(Date.UTC(2026, 0, 20));
      await groupWithStream(call);
      const now = clock.now();
      // Act
      const out = await call('PutLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        logEvents: [
          { timestamp: now - 15 * day, message: 'too old' },
          { timestamp: now - 1000, message: 'kept' },
          { timestamp: now + 3 * 3_600_000, message: 'too new' },
        ],
      });
      const read = await call('GetLogEvents', { logGroupName: 'g', logStreamName: 's' });
      // Assert
      expect(out.rejectedLogEventsInfo).toEqual({
        tooOldLogEventEndIndex: 0,
        tooNewLogEventStartIndex: 2,
      });
      expect(out.nextSequenceToken).toEqual(expect.any(String));
      expect(read.events).toEqual([{ timestamp: now - 1000, message: 'kept', ingestionTime: now }]);
    });

    it('rejects events older than the retention period as expired', async () => {
      const { call, clock } = setup(Date.UTC(2026, 0, 20));
      await groupWithStream(call);
      await call('PutRetentionPolicy', { logGroupName: 'g', retentionInDays: 1 });
      const out = await call('PutLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        logEvents: [
          { timestamp: clock.now() - 2 * day, message: 'expired' },
          { timestamp: clock.now(), message: 'kept' },
        ],
      });
      expect(out.rejectedLogEventsInfo).toEqual({ expiredLogEventEndIndex: 0 });
    });

    it('ignores the sequence token', async () => {
      const { call, clock } = setup();
      await groupWithStream(call);
      const out = await call('PutLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        sequenceToken: 'whatever',
        logEvents: [{ timestamp: clock.now(), message: 'x' }],
      });
      expect(out.rejectedLogEventsInfo).toBeUndefined();
    });
  });
});
