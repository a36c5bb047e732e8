import { configDefaults, defineConfig } from 'vitest/config';

// Three sets, chosen with FORENSICS_TEST_SET:
// - (unset) unit, infra, emulator, checks, guides structure: everything that runs in-process;
// - e2e: every scenario deployed offline, traffic, check (test/e2e/): run on its own, after the
//   rest, so its emulators do not share the two cores with other test files;
// - tools: tests that drive outside programs installed by .ci/run: `*.cli.test.ts` (Debian's
//   awscli) and `*.browser.test.ts` (Debian's chromium).
const SETS = {
  default: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/**/*.cli.test.ts', 'test/**/*.browser.test.ts'],
  },
  e2e: { include: ['test/e2e/**/*.test.ts'], exclude: [] },
  tools: { include: ['test/**/*.cli.test.ts', 'test/**/*.browser.test.ts'], exclude: [] },
} as const;
const requested =
  process.env.FORENSICS_TEST_SET === 'cli' ? 'tools' : process.env.FORENSICS_TEST_SET;
const set = SETS[(requested ?? 'default') as keyof typeof SETS] ?? SETS.default;

export default defineConfig({
  test: {
    include: [...set.include],
    exclude: [...configDefaults.exclude, ...set.exclude],
    setupFiles: ['test/helpers/setup.ts'],
    // CDK synth with esbuild bundling takes seconds per stack on a shared 2-core machine; the
    // end-to-end runs poll their checks on the emulator clock.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // The end-to-end and tool tests run emulators on a scaled clock: one file at a time, so they
    // do not compete for the two cores (a late process reads as a late record).
    fileParallelism: set === SETS.default,
  },
});
