// Preloaded into an execution environment when the emulator's clock runs faster than real
// time: the function then sees the emulator's time (Date, performance.now) and its timers
// (setTimeout, setInterval) run at the same speed, so a 40 s sleep takes 40 emulated seconds
// and EMF timestamps land in the same minutes as the emulator's own metrics.
'use strict';
const [emulatedMs, realMs, speed] = String(process.env.FORENSICS_CLOCK_ANCHOR)
  .split(',')
  .map(Number);
delete process.env.FORENSICS_CLOCK_ANCHOR;

if (speed > 1) {
  const RealDate = Date;
  const realNow = RealDate.now;
  const now = () => Math.floor(emulatedMs + (realNow() - realMs) * speed);

  class EmulatedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(now());
      else super(...args);
    }
    static now() {
      return now();
    }
  }
  globalThis.Date = new Proxy(EmulatedDate, {
    apply: () => new EmulatedDate().toString(),
  });

  const { performance } = require('node:perf_hooks');
  const realPerfNow = performance.now.bind(performance);
  const perfStart = realPerfNow();
  performance.now = () => perfStart + (realPerfNow() - perfStart) * speed;

  const realSetTimeout = globalThis.setTimeout;
  const realSetInterval = globalThis.setInterval;
  globalThis.setTimeout = (fn, ms, ...rest) =>
    realSetTimeout(fn, Math.max(0, Number(ms) || 0) / speed, ...rest);
  globalThis.setInterval = (fn, ms, ...rest) =>
    realSetInterval(fn, Math.max(0, Number(ms) || 0) / speed, ...rest);
}
