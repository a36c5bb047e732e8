import type { EmulatorClock } from './clock';

/**
 * Calls `task` at every boundary of `periodMs` on the emulator clock (e.g. each emulated
 * minute, as AWS publishes gauge metrics) until the returned function is called. Works on
 * real, scaled and manual clocks.
 */
export function onEveryBoundary(
  clock: EmulatorClock,
  periodMs: number,
  task: (now: number) => void
): () => void {
  const stop = new AbortController();
  void (async () => {
    while (!stop.signal.aborted) {
      await clock.sleep(periodMs - (clock.now() % periodMs), stop.signal);
      if (!stop.signal.aborted) task(clock.now());
    }
  })();
  return () => stop.abort();
}
