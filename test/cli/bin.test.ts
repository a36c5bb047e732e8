/**
 * The real `forensics` bin, spawned once: the package.json bin entry runs scripts/cli.ts through
 * tsx with no build step, and exits with the command's code.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../scripts/commands/lib/errors';
import { REPO_ROOT } from '../../scripts/commands/lib/scenarios';
import { tempStateDir } from './helpers';

describe('bin/forensics.js', () => {
  it('is the package bin, runs the CLI and exits with its code', () => {
    // Arrange
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      bin?: Record<string, string>;
    };
    const bin = pkg.bin?.forensics;
    expect(bin).toBeDefined();
    // Act
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, bin ?? ''), 'deploy', 'nope'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, FORENSICS_STATE_DIR: tempStateDir() },
    });
    // Assess
    expect(run.status).toBe(ExitCode.Usage);
    expect(run.stderr).toContain("error: There is no scenario 'nope'.");
    expect(run.stderr).not.toContain('NodeVersionSupportWarning');
    expect(run.stdout).toBe('');
  });
});
