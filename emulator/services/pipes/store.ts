import type { Pipe, PipeInput, PipeRegistry } from '../../core/integrations';
import type { EmulatorEnv } from '../../core/service';
import { validateInput } from '../../core/validate';
import { createPipeRunner, type PipeDeps, type PipeRunner, type PipeSources } from './pipe-runtime';
import {
  checkPipeSupported,
  createPipeShape,
  pipeExists,
  pipeNotFound,
  updatePipeShape,
} from './validation';

interface Entry {
  pipe: Pipe;
  runner?: PipeRunner;
  stopping?: Promise<void>;
}

/** Members of a stream source's parameters UpdatePipe cannot change. */
const FIXED_SOURCE_MEMBERS = ['StartingPosition', 'StartingPositionTimestamp'];

/**
 * The pipes of one emulator: the PipeRegistry the CloudFormation interpreter and the Pipes API
 * both use. A RUNNING pipe polls its source; STOPPED or deleted, it does not. An updated or
 * restarted stream pipe resumes at its checkpoints.
 */
export class PipeStore implements PipeRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly deps: PipeDeps;

  constructor(
    private readonly env: EmulatorEnv,
    readonly sources: PipeSources = {}
  ) {
    this.deps = {
      clock: env.clock,
      metrics: env.metrics,
      logs: env.logs,
      region: env.region,
      accountId: env.accountId,
      sources,
      concurrency: { active: 0 },
    };
  }

  create(input: PipeInput): Pipe {
    validateInput(input, createPipeShape);
    if (this.entries.has(input.Name)) throw pipeExists(input.Name);
    checkPipeSupported(input);
    const now = this.env.clock.now() / 1000;
    const pipe: Pipe = {
      ...definedMembers(input),
      Name: input.Name,
      Arn: `arn:aws:pipes:${this.env.region}:${this.env.accountId}:pipe/${input.Name}`,
      DesiredState: input.DesiredState ?? 'RUNNING',
      CurrentState: input.DesiredState === 'STOPPED' ? 'STOPPED' : 'RUNNING',
      CreationTime: now,
      LastModifiedTime: now,
    } as Pipe;
    const entry: Entry = { pipe };
    this.entries.set(pipe.Name, entry);
    if (pipe.CurrentState === 'RUNNING') this.run(entry);
    return { ...pipe, CurrentState: 'CREATING' };
  }

  update(name: string, changes: Partial<PipeInput>): Pipe {
    const entry = this.entry(name);
    validateInput({ ...changes, Name: name }, updatePipeShape);
    const next: Record<string, unknown> = { ...entry.pipe };
    for (const [key, value] of Object.entries(changes)) {
      if (key === 'Name' || key === 'Source') continue;
      if (value === undefined || value === null) delete next[key];
      else next[key] = value;
    }
    next.SourceParameters = keepFixedSourceMembers(
      entry.pipe.SourceParameters,
      next.SourceParameters as Record<string, unknown> | undefined
    );
    const pipe = next as unknown as Pipe;
    checkPipeSupported(pipe);
    pipe.DesiredState = pipe.DesiredState ?? 'RUNNING';
    pipe.LastModifiedTime = this.env.clock.now() / 1000;
    const wasRunning = entry.pipe.CurrentState === 'RUNNING';
    pipe.CurrentState = pipe.DesiredState === 'RUNNING' ? 'RUNNING' : 'STOPPED';
    entry.pipe = pipe;
    if (pipe.CurrentState === 'RUNNING' && !wasRunning) this.run(entry);
    if (pipe.CurrentState !== 'RUNNING' && wasRunning) this.halt(entry);
    return { ...pipe, CurrentState: 'UPDATING' };
  }

  delete(name: string): Pipe {
    const entry = this.entry(name);
    this.entries.delete(name);
    this.halt(entry);
    return {
      ...entry.pipe,
      DesiredState: 'DELETED' as Pipe['DesiredState'],
      CurrentState: 'DELETING',
    };
  }

  get(name: string): Pipe {
    return { ...this.entry(name).pipe };
  }

  list(): Pipe[] {
    return [...this.entries.values()]
      .map((e) => ({ ...e.pipe }))
      .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  }

  /** StartPipe: DesiredState RUNNING; answers `STARTING`. */
  start(name: string): Pipe {
    const entry = this.entry(name);
    entry.pipe = {
      ...entry.pipe,
      DesiredState: 'RUNNING',
      LastModifiedTime: this.env.clock.now() / 1000,
    };
    if (entry.pipe.CurrentState !== 'RUNNING') {
      entry.pipe.CurrentState = 'RUNNING';
      this.run(entry);
    }
    return { ...entry.pipe, CurrentState: 'STARTING' };
  }

  /** StopPipe: DesiredState STOPPED; answers `STOPPING`. */
  stop(name: string): Pipe {
    const entry = this.entry(name);
    entry.pipe = {
      ...entry.pipe,
      DesiredState: 'STOPPED',
      LastModifiedTime: this.env.clock.now() / 1000,
    };
    if (entry.pipe.CurrentState === 'RUNNING') {
      entry.pipe.CurrentState = 'STOPPED';
      this.halt(entry);
    }
    return { ...entry.pipe, CurrentState: 'STOPPING' };
  }

  /** Stops every pipe (emulator shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.runner?.stop()));
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw pipeNotFound(name);
    return entry;
  }

  private run(entry: Entry): void {
    const begin = () => {
      if (this.entries.get(entry.pipe.Name) !== entry || entry.pipe.CurrentState !== 'RUNNING')
        return;
      if (!entry.runner) {
        const runner = createPipeRunner(() => entry.pipe, this.deps);
        if (typeof runner === 'string') {
          entry.pipe.StateReason = runner;
          return;
        }
        entry.runner = runner;
      }
      entry.runner.start();
    };
    if (entry.stopping) void entry.stopping.then(begin);
    else begin();
  }

  private halt(entry: Entry): void {
    const runner = entry.runner;
    if (!runner) return;
    const stopping = runner.stop().finally(() => {
      if (entry.stopping === stopping) entry.stopping = undefined;
    });
    entry.stopping = stopping;
  }
}

/** UpdatePipe keeps the source's StartingPosition (UpdatePipeSourceParameters has none). */
function keepFixedSourceMembers(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined
): Record<string, unknown> | undefined {
  if (!before) return after;
  const out: Record<string, unknown> = { ...(after ?? {}) };
  for (const [key, value] of Object.entries(before)) {
    if (value === null || typeof value !== 'object') continue;
    const old = value as Record<string, unknown>;
    const fixed = Object.fromEntries(
      FIXED_SOURCE_MEMBERS.filter((m) => old[m] !== undefined).map((m) => [m, old[m]])
    );
    if (Object.keys(fixed).length === 0) continue;
    out[key] = { ...((out[key] as Record<string, unknown> | undefined) ?? {}), ...fixed };
  }
  return out;
}

function definedMembers(input: PipeInput): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null));
}
