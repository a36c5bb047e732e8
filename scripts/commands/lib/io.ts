import { createInterface } from 'node:readline/promises';

/**
 * Everything a command reads from or writes to the outside world, so tests can run the CLI
 * in-process and read what it printed.
 */
export interface CliIo {
  /** Writes lines to stdout. */
  out(text: string): void;
  /** Writes lines to stderr (progress, notes, errors). */
  err(text: string): void;
  /** Writes raw text to stdout (live redraws). */
  write(text: string): void;
  /** Whether stdout is a terminal: live views redraw in place only then. */
  readonly isTTY: boolean;
  /** Asks a yes/no question on the terminal; resolves false when there is no terminal. */
  confirm(question: string): Promise<boolean>;
  /** The environment the command sees (FORENSICS_STATE_DIR, AWS_*). */
  readonly env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C: long waits end early and clean up. */
  readonly signal: AbortSignal;
}

/**
 * The real terminal. The first Ctrl-C aborts `signal` (commands stop and clean up); a second
 * one exits at once.
 */
export function processIo(): CliIo {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  // A closed terminal or a kill: stop cleanly too (play and serve remove emulator.json).
  process.once('SIGTERM', () => controller.abort());
  process.once('SIGHUP', () => controller.abort());
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    write: (text) => process.stdout.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    signal: controller.signal,
    async confirm(question) {
      if (!process.stdin.isTTY) return false;
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question(`${question} [y/N] `, { signal: controller.signal });
        return /^y(es)?$/i.test(answer.trim());
      } catch {
        return false;
      } finally {
        rl.close();
      }
    },
  };
}

/** An io that records what was written: for tests, and for commands run by other commands. */
export interface RecordingIo extends CliIo {
  readonly stdout: string[];
  readonly stderr: string[];
  /** Everything written to stdout, as one string. */
  text(): string;
  /** Everything written to stderr, as one string. */
  errText(): string;
}

/** A recording io with the given environment and answers for `confirm`. */
export function recordingIo(
  env: Record<string, string | undefined> = {},
  options: { answer?: boolean; signal?: AbortSignal } = {}
): RecordingIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    write: (text) => stdout.push(text),
    isTTY: false,
    env,
    signal: options.signal ?? new AbortController().signal,
    confirm: async () => options.answer ?? false,
    text: () => stdout.join('\n'),
    errText: () => stderr.join('\n'),
  };
}

/** Resolves after `ms` of real time, or at once when `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** `12.3s`, `4m05s`: a duration for progress lines. */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}

/** HH:MM:SS UTC of a timestamp (the emulator's clock, or AWS's). */
export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** A progress reporter: one line per step, prefixed with the time since it was created. */
export function progress(io: CliIo, started = Date.now()) {
  return {
    started,
    elapsed: () => Date.now() - started,
    line(text: string) {
      io.err(`[${formatDuration(Date.now() - started).padStart(7)}] ${text}`);
    },
  };
}
export type Progress = ReturnType<typeof progress>;

/** Lays rows out as a plain-text table, the first row being the header. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  if (!header) return '';
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
