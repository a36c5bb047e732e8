import { configDefaults, defineConfig } from 'vitest/config';

// The AWS CLI tests (`*.cli.test.ts`) drive Debian's awscli against the emulator; they run with
// `npm run test:cli` where /usr/bin/aws is installed (.ci/run installs it), not in `npm test`.
const cliOnly = process.env.FORENSICS_TEST_SET === 'cli';

export default defineConfig({
  test: {
    include: cliOnly ? ['test/**/*.cli.test.ts'] : ['test/**/*.test.ts'],
    exclude: cliOnly
      ? configDefaults.exclude
      : [...configDefaults.exclude, 'test/**/*.cli.test.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    // CDK synth with esbuild bundling takes seconds per stack on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
