/**
 * Offline state between commands: the verbs that need the running emulator say so (exit 69)
 * when there is none, a taken port is reported (69), and a `serve` started in-process is found
 * by the other verbs through .forensics/emulator.json, which deploy through its management
 * endpoint.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../scripts/commands/lib/errors';
import type { EmulatorRecord } from '../../scripts/commands/lib/state';
import { type CliRun, forensics, tempStateDir } from './helpers';

/** Occupies a free port on 127.0.0.1; returns it and a way to let it go. */
async function occupyPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return { port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Waits until `check` holds, polling every 50 ms (at most `ms`). */
async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('without a running emulator', () => {
  it.each([
    [['status']],
    [['check', 'double-trouble']],
    [['traffic', 'double-trouble']],
    [['destroy', '--all']],
  ])('%j says no emulator is running and how to start one (69)', async (argv) => {
    // Act
    const run = await forensics(argv);
    // Assess
    expect(run.code).toBe(ExitCode.EmulatorUnavailable);
    expect(run.stderr).toContain('error: No emulator is running for this lab');
    expect(run.stderr).toContain('next: start it in another terminal with `npx forensics serve`');
  });

  it('clears a stale emulator.json whose process is gone', async () => {
    // Arrange
    const stateDir = tempStateDir();
    const file = path.join(stateDir, 'emulator.json');
    writeFileSync(
      file,
      JSON.stringify({ pid: 2 ** 22 + 7, startedBy: 'serve', endpoint: 'http://127.0.0.1:1' })
    );
    // Act
    const run = await forensics(['status'], { stateDir });
    // Assess
    expect(run.code).toBe(ExitCode.EmulatorUnavailable);
    expect(run.stderr).toContain('has stopped; its stacks are gone with it');
    expect(existsSync(file)).toBe(false);
  });

  it('lists the scenarios anyway, without their state', async () => {
    // Act
    const run = await forensics(['list']);
    // Assess
    expect(run.code).toBe(ExitCode.Ok);
    for (const id of [
      'silent-disappear',
      'latency-forensics',
      'double-trouble',
      'vanishing-records',
      'shard-perpetrator',
    ]) {
      expect(run.stdout).toMatch(
        new RegExp(`^${id}\\s+(beginner|intermediate|advanced)\\s+\\d+ min\\s+-$`, 'm')
      );
    }
    expect(run.stdout).toContain('state unknown: No emulator is running');
  });
});

describe('emulator port taken', () => {
  let release: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await release?.();
    release = undefined;
  });

  it.each([[['serve']], [['play', 'double-trouble']]])(
    '%j reports the taken port and another to use (69)',
    async (argv) => {
      // Arrange
      const taken = await occupyPort();
      release = taken.release;
      const stateDir = tempStateDir();
      // Act
      const run = await forensics([...argv, '--port', String(taken.port)], { stateDir });
      // Assess
      expect(run.code).toBe(ExitCode.EmulatorUnavailable);
      expect(run.stderr).toContain(`error: Port ${taken.port} on 127.0.0.1 is already in use`);
      expect(run.stderr).toContain(
        `next: stop that program, or pick another port: --port ${taken.port + 1}`
      );
      expect(existsSync(path.join(stateDir, 'emulator.json'))).toBe(false);
    }
  );
});

describe('serve and the verbs that find it', () => {
  it('is found through emulator.json, guards its management endpoint, and refuses a second one', async () => {
    // Arrange: serve in-process on any free port until aborted
    const stateDir = tempStateDir();
    const stop = new AbortController();
    const serving: Promise<CliRun> = forensics(['serve', '--port', '0', '--speed', '10'], {
      stateDir,
      signal: stop.signal,
    });
    const file = path.join(stateDir, 'emulator.json');
    try {
      await until(() => existsSync(file));
      const record = JSON.parse(readFileSync(file, 'utf8')) as EmulatorRecord;

      // Act
      const status = await forensics(['status'], { stateDir });
      const second = await forensics(['serve', '--port', '0'], { stateDir });
      const unauthenticated = await fetch(`${record.managementUrl}/v1/clock`);
      const destroy = await forensics(['destroy', 'double-trouble'], { stateDir });

      // Assess
      expect(record.pid).toBe(process.pid);
      expect(record.managementUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(status.code).toBe(ExitCode.Ok);
      expect(status.stdout).toContain(`Status on the emulator at ${record.endpoint} (clock 10x)`);
      expect(status.stdout).toMatch(/^double-trouble\s+not deployed/m);
      expect(second.code).toBe(ExitCode.EmulatorUnavailable);
      expect(second.stderr).toContain('An emulator is already running for this lab');
      expect(unauthenticated.status).toBe(401);
      expect(destroy.code).toBe(ExitCode.Ok);
      expect(destroy.stdout).toContain('forensics-double-trouble is not deployed');
    } finally {
      stop.abort();
    }
    const served = await serving;
    expect(served.code).toBe(ExitCode.Ok);
    expect(served.stdout).toContain('export AWS_ENDPOINT_URL=http://127.0.0.1:');
    expect(existsSync(file)).toBe(false);
  });

  it('deploys, runs traffic, checks and fixes double-trouble through it', async () => {
    // Arrange
    const stateDir = tempStateDir();
    const stop = new AbortController();
    const serving = forensics(['serve', '--port', '0', '--speed', '10'], {
      stateDir,
      signal: stop.signal,
    });
    try {
      await until(() => existsSync(path.join(stateDir, 'emulator.json')));

      // Act
      const deploy = await forensics(['deploy', 'double-trouble'], { stateDir });
      const traffic = await forensics(['traffic', 'double-trouble'], { stateDir });
      const broken = await forensics(['check', 'double-trouble', '--wait', '--json'], { stateDir });
      const fix = await forensics(['fix', 'double-trouble'], { stateDir });
      const status = await forensics(['status'], { stateDir });

      // Assess
      expect(deploy.code, deploy.stderr).toBe(ExitCode.Ok);
      expect(deploy.stdout).toContain('forensics-double-trouble deployed broken');
      expect(traffic.code, traffic.stderr).toBe(ExitCode.Ok);
      expect(traffic.stdout).toContain('InvocationType Event');
      expect(broken.code, broken.stdout).toBe(ExitCode.Fail);
      expect(JSON.parse(broken.stdout)).toMatchObject({
        scenarioId: 'double-trouble',
        verdict: 'FAIL',
      });
      expect(fix.code, fix.stderr).toBe(ExitCode.Ok);
      expect(fix.stdout).toContain('forensics-double-trouble updated in place to fixed');
      expect(status.stdout).toMatch(
        /^double-trouble\s+deployed: fixed\s+\S+\s+last ran \S+\s+FAIL at/m
      );
    } finally {
      stop.abort();
      await serving;
    }
  });
});
