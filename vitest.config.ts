import { configDefaults, defineConfig } from 'vitest/config';

// Tests that drive outside programs run apart, with `npm run test:tools`, where those programs
// are installed (.ci/run installs them): `*.cli.test.ts` drive Debian's awscli (/usr/bin/aws)
// and `*.browser.test.ts` drive Debian's chromium. `npm test` runs everything else.
const TOOL_TESTS = ['test/**/*.cli.test.ts', 'test/**/*.browser.test.ts'];
const toolsOnly = ['tools', 'cli'].includes(process.env.FORENSICS_TEST_SET ?? '');

export default defineConfig({
  test: {
    include: toolsOnly ? TOOL_TESTS : ['test/**/*.test.ts'],
    exclude: toolsOnly ? configDefaults.exclude : [...configDefaults.exclude, ...TOOL_TESTS],
    setupFiles: ['test/helpers/setup.ts'],
    // CDK synth with esbuild bundling takes seconds per stack on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
