#!/usr/bin/env node
// The `forensics` command (npx forensics ...): runs scripts/cli.ts through tsx, with no build
// step. The TypeScript is compiled in memory as it is imported.
import { register } from 'tsx/esm/api';

register();
const { main, silenceSdkNodeNotice } = await import('../scripts/cli.ts');
silenceSdkNodeNotice();
process.exit(await main(process.argv.slice(2)));
