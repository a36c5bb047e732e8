/**
 * What the CLI remembers between commands, in `.forensics/` at the repository root (ignored by
 * git; FORENSICS_STATE_DIR moves it, for tests):
 *
 * - `emulator.json`: the running emulator (`serve` or `play`): its endpoint, pid and
 *   management URL and token. Written by the process that runs it, removed when it stops.
 * - `state.json`: per target, per scenario: the last traffic run and the last check verdict
 *   (for `status`). Keyed by the emulator instance offline, so a restart starts clean.
 * - `hints.json`: how many hints of each scenario were shown.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ScenarioId } from '../../../infra/names';
import { REPO_ROOT } from './scenarios';

/** The state directory for an environment. */
export function stateDir(env: Record<string, string | undefined>): string {
  return env.FORENSICS_STATE_DIR ?? path.join(REPO_ROOT, '.forensics');
}

/** Reads a JSON file, or `fallback` when it is missing or unreadable. */
export function readJson<T>(file: string, fallback: T): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

/** Writes a JSON file atomically (a reader never sees half of it), readable by the owner only. */
export function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** Removes a file if it is there. */
export function removeFile(file: string): void {
  rmSync(file, { force: true });
}

/** `.forensics/emulator.json`: how other commands find the running emulator. */
export interface EmulatorRecord {
  pid: number;
  /** Random per start: state kept for one emulator never applies to the next. */
  instanceId: string;
  /** `serve` or `play <id>`. */
  startedBy: string;
  endpoint: string;
  port: number;
  region: string;
  accountId: string;
  /** How many times faster than real time the emulator's clock runs. */
  speed: number;
  /** The CLI's own management endpoint (deploy, destroy, clock), on 127.0.0.1. */
  managementUrl: string;
  /** Bearer token for the management endpoint. */
  token: string;
  /** ISO time the emulator started (real time). */
  startedAt: string;
}

export function emulatorFile(dir: string): string {
  return path.join(dir, 'emulator.json');
}

export function readEmulatorRecord(dir: string): EmulatorRecord | undefined {
  return readJson<EmulatorRecord | undefined>(emulatorFile(dir), undefined);
}

/** True when a process with this pid exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The last traffic run and check of one scenario on one target. */
export interface ScenarioRecord {
  /** Target clock times (ms): the emulator's offline, the wall clock on AWS. */
  traffic?: { startedAt: number; endsAt: number; event: unknown };
  lastCheck?: { verdict: string; summary: string; at: number };
}

type LabState = Record<string, Partial<Record<ScenarioId, ScenarioRecord>>>;

function labStateFile(dir: string): string {
  return path.join(dir, 'state.json');
}

/** What is remembered about a scenario on a target (`local:<instance>` or `aws:<account>:<region>`). */
export function readScenarioRecord(dir: string, targetKey: string, id: ScenarioId): ScenarioRecord {
  return readJson<LabState>(labStateFile(dir), {})[targetKey]?.[id] ?? {};
}

/** Merges `update` into what is remembered about a scenario on a target. */
export function updateScenarioRecord(
  dir: string,
  targetKey: string,
  id: ScenarioId,
  update: Partial<ScenarioRecord>
): void {
  const state = readJson<LabState>(labStateFile(dir), {});
  // Offline state belongs to one emulator instance: drop that of emulators long gone.
  for (const key of Object.keys(state)) {
    if (key.startsWith('local:') && key !== targetKey) delete state[key];
  }
  const forTarget = state[targetKey] ?? {};
  forTarget[id] = { ...forTarget[id], ...update };
  state[targetKey] = forTarget;
  writeJson(labStateFile(dir), state);
}

function hintsFile(dir: string): string {
  return path.join(dir, 'hints.json');
}

/** How many hints of each scenario were shown. */
export function readHintsShown(dir: string): Partial<Record<ScenarioId, number>> {
  return readJson<Partial<Record<ScenarioId, number>>>(hintsFile(dir), {});
}

export function writeHintsShown(dir: string, id: ScenarioId, shown: number): void {
  const hints = readHintsShown(dir);
  hints[id] = shown;
  writeJson(hintsFile(dir), hints);
}
