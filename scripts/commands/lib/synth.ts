import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { VARIANTS, type Variant } from '../../../infra/names';
import { CouldNotRunError } from './errors';
import { type CliIo, formatDuration } from './io';
import { REPO_ROOT } from './scenarios';

/** Where the offline assemblies are: `cdk.out/<variant>/` (written by scripts/synth-all.ts). */
export function assemblyDir(variant: Variant, root = REPO_ROOT): string {
  return path.join(root, 'cdk.out', variant);
}

/** What the assemblies are built from: a change in any of these makes them stale. */
const SOURCES = ['infra', 'functions'];

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (/\.(ts|js|json)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether cdk.out holds both variants, and whether infra/ or functions/ changed since. */
export function assemblyStatus(root = REPO_ROOT): { missing: boolean; stale: boolean } {
  const manifests = VARIANTS.map((v) => path.join(assemblyDir(v, root), 'manifest.json'));
  if (!manifests.every((m) => existsSync(m))) return { missing: true, stale: false };
  const built = Math.min(...manifests.map((m) => statSync(m).mtimeMs));
  const sources = Math.max(...SOURCES.map((d) => newestMtime(path.join(root, d))));
  return { missing: false, stale: sources > built };
}

/**
 * Synthesizes both variants of every scenario into cdk.out/ when they are missing or older
 * than infra/ or functions/, showing the synth's progress. Runs scripts/synth-all.ts in a
 * child process (the CDK and esbuild stay out of this one).
 */
export async function ensureSynthesized(io: CliIo, root = REPO_ROOT): Promise<void> {
  const status = assemblyStatus(root);
  if (!status.missing && !status.stale) return;
  io.err(
    status.missing
      ? 'cdk.out has no synthesized scenarios yet: synthesizing both variants of all five (about a minute) ...'
      : 'infra/ or functions/ changed since the last synth: synthesizing again (about a minute) ...'
  );
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/synth-all.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (/^synthesizing|stack variants synthesized|problem/.test(line)) io.err(`  synth: ${line}`);
    });
  }
  const code = await new Promise<number>((resolve) => {
    child.on('close', (c) => resolve(c ?? 1));
    child.on('error', () => resolve(1));
  });
  if (code !== 0) {
    for (const line of lines.slice(-20)) io.err(`  synth: ${line}`);
    throw new CouldNotRunError(
      `Synthesizing the scenarios failed (exit ${code}); the last lines of its output are above.`,
      'fix the error, then run: npm run synth'
    );
  }
  io.err(`  synth: done in ${formatDuration(Date.now() - started)}`);
}
