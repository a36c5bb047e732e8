import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** What one block did: its exit status, its output, and every command in it that failed. */
export interface BlockResult {
  /** The exit status of the block (its last command). */
  code: number;
  stdout: string;
  stderr: string;
  /**
   * Every command that failed anywhere in the block, also inside loops, functions and `$(...)`,
   * as bash's ERR trap saw it: `exit <status>: <command>`.
   */
  failures: string[];
}

/** The awscli the guides are run with: Debian's v2 (a pyenv v1 may be first on PATH). */
export { AWS_CLI } from '../helpers/debian-aws';

import { AWS_CLI } from '../helpers/debian-aws';

/**
 * One bash session, as a learner's terminal: blocks run one after another in the same shell, so
 * the variables and functions a block defines are there for the next. `aws` is `AWS_CLI`,
 * whatever else is on PATH. Runs asynchronously: the emulator answers from this process.
 */
export class ShellSession {
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'forensics-guide-'));
  private readonly bash: ChildProcessWithoutNullStreams;
  private stdout = '';
  private waiting: { marker: string; resolve: () => void } | undefined;
  private exited: string | undefined;
  private count = 0;

  constructor() {
    const bin = path.join(this.dir, 'bin');
    const home = path.join(this.dir, 'home');
    mkdirSync(bin);
    mkdirSync(home);
    symlinkSync(AWS_CLI, path.join(bin, 'aws'));
    this.bash = spawn('bash', ['--noprofile', '--norc', '-s'], {
      cwd: home,
      env: {
        PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
        // A fresh home: no ~/.aws profile or credentials of the machine's user.
        HOME: home,
        LANG: 'C.UTF-8',
        AWS_PAGER: '',
        // Fail on the first error instead of retrying it away.
        AWS_MAX_ATTEMPTS: '1',
      },
    });
    this.bash.stdout.setEncoding('utf8');
    this.bash.stdout.on('data', (chunk: string) => {
      this.stdout += chunk;
      if (this.waiting && this.stdout.includes(this.waiting.marker)) {
        const { resolve } = this.waiting;
        this.waiting = undefined;
        this.stdout = '';
        resolve();
      }
    });
    this.bash.stderr.setEncoding('utf8');
    this.bash.stderr.on('data', (chunk: string) => {
      process.stderr.write(`[guide shell] ${chunk}`);
    });
    this.bash.on('exit', (code, signal) => {
      this.exited = `bash exited (${code ?? signal})`;
      this.waiting?.resolve();
    });
    // Every failing command, wherever it runs (-E: also in functions and subshells), is written
    // down without stopping the session.
    this.bash.stdin.write(
      `set -E\ntrap 'echo "exit $?: $BASH_COMMAND" >> "$FORENSICS_BLOCK.fail"' ERR\n`
    );
  }

  /** Runs one block in the session and waits for it (at most `timeoutMs` of wall time). */
  async run(text: string, timeoutMs = 120_000): Promise<BlockResult> {
    if (this.exited) throw new Error(this.exited);
    const n = ++this.count;
    const base = path.join(this.dir, `block-${n}`);
    const marker = `::forensics-block-${n}-done::`;
    const done = new Promise<void>((resolve) => {
      this.waiting = { marker, resolve };
    });
    const body = text.endsWith('\n') ? text : `${text}\n`;
    this.bash.stdin.write(
      `FORENSICS_BLOCK='${base}'\n: > "$FORENSICS_BLOCK.fail"\n{\n${body}} < /dev/null > "$FORENSICS_BLOCK.out" 2> "$FORENSICS_BLOCK.err"\necho "$?" > "$FORENSICS_BLOCK.rc"\necho '${marker}'\n`
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([done, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.close();
      throw new Error(`block did not finish within ${timeoutMs / 1000} s:\n${text}`);
    }
    if (this.exited) throw new Error(`${this.exited} while running:\n${text}`);
    const read = (ext: string) => readFileSync(`${base}.${ext}`, 'utf8');
    return {
      code: Number(read('rc').trim()),
      stdout: read('out'),
      stderr: read('err'),
      failures: read('fail')
        .split('\n')
        .filter((line) => line !== '')
        // The group around the block reports its last command's failure a second time.
        .filter((line, i, all) => all.indexOf(line) === i),
    };
  }

  /** Ends the session and removes its files. */
  close(): void {
    if (!this.exited) this.bash.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
