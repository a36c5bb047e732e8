import { afterEach, describe, expect, it } from 'vitest';
import { invoke } from '../../../emulator/services/lambda/actions/invoke';
import { pollerHarness, settle, waitReal } from '../pollers/harness';

type Harness = ReturnType<typeof pollerHarness>;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Invoke (InvocationType Event)', () => {
  describe('functionality', () => {
    it('retries a failing event twice, one and then two minutes later, then drops it', async () => {
      // Arrange
      h = pollerHarness();
      const harness = h;
      harness.deploy('worker', 'always-throws', { timeout: 30 });
      const invocations = () =>
        harness.metrics.sum('AWS/Lambda', 'Invocations', { FunctionName: 'worker' });
      // Act
      const out = await invoke(harness.lambda.store, {
        FunctionName: 'worker',
        InvocationType: 'Event',
        Payload: Buffer.from('{"job":1}'),
      });
      await waitReal(() => invocations() === 1 && harness.idle(), 'the first attempt');
      await harness.clock.advance(59_000);
      await settle();
      const beforeMinute = invocations();
      await harness.clock.advance(1_000);
      await waitReal(() => invocations() === 2 && harness.idle(), 'the second attempt');
      await harness.clock.advance(120_000);
      await waitReal(() => invocations() === 3 && harness.idle(), 'the third attempt');
      await waitReal(
        () =>
          harness.metrics.sum('AWS/Lambda', 'AsyncEventsDropped', { FunctionName: 'worker' }) === 1,
        'the drop'
      );
      // Assert
      expect(out.StatusCode).toBe(202);
      expect(beforeMinute).toBe(1);
      expect(harness.metrics.sum('AWS/Lambda', 'Errors', { FunctionName: 'worker' })).toBe(3);
      expect(harness.logged('worker').map((l) => l.got)).toEqual([
        { job: 1 },
        { job: 1 },
        { job: 1 },
      ]);
    });
  });

  describe('validations', () => {
    it('fails an event payload over 1 MB with RequestTooLargeException', async () => {
      // Arrange
      h = pollerHarness();
      h.deploy('worker', 'always-throws', { timeout: 30 });
      // Act
      const call = invoke(h.lambda.store, {
        FunctionName: 'worker',
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify({ big: 'x'.repeat(1_048_576) })),
      });
      // Assert
      await expect(call).rejects.toMatchObject({
        code: 'RequestTooLargeException',
        status: 413,
        message: 'Request must be smaller than 1048576 bytes for the InvokeFunction operation',
      });
    });
  });
});
