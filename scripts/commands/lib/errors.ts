/**
 * The `forensics` command's exit codes and errors. Every error is a sentence that says what
 * went wrong and what to do next; `main` prints it (the stack only with --verbose) and exits
 * with the error's code.
 */

/** One exit code per outcome, so scripts (and instructors collecting results) can branch. */
export const ExitCode = {
  /** Done; for `check`, PASS. */
  Ok: 0,
  /** `check`: FAIL. `demo`: a broken variant did not FAIL or a fixed one did not PASS. */
  Fail: 1,
  /** `check`: NOT PROVEN (not enough data yet). */
  NotProven: 2,
  /** Could not run: stack not deployed, synth or deploy failed, consent not given. */
  CouldNotRun: 3,
  /** Usage error: unknown verb, scenario id or flag, a bad value (sysexits EX_USAGE). */
  Usage: 64,
  /** The emulator is not running, does not answer, or its port is taken (EX_UNAVAILABLE). */
  EmulatorUnavailable: 69,
  /** No usable AWS credentials or Region for --target aws (EX_NOPERM). */
  NoAwsCredentials: 77,
  /** Interrupted with Ctrl-C before the work was done (128 + SIGINT). */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit codes as the help and docs list them. */
export const EXIT_CODE_HELP = `exit codes:
  0    ok (check: PASS)
  1    check: FAIL (demo: a broken variant did not FAIL or a fixed one did not PASS)
  2    check: NOT PROVEN: not enough data yet
  3    could not run: stack not deployed, synth or deploy failed, no consent
  64   usage error: unknown verb, scenario id or flag, or a bad value
  69   emulator not running, not answering, or its port is taken
  77   --target aws: no AWS credentials or Region
  130  interrupted (Ctrl-C)`;

/** An error the CLI reports as a sentence and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** What to run or do next, printed on its own line. */
    readonly nextStep?: string,
    options?: ErrorOptions
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** A bad verb, scenario id, flag or value. */
export class UsageError extends CliError {
  constructor(message: string, nextStep?: string) {
    super(message, ExitCode.Usage, nextStep);
    this.name = 'UsageError';
  }
}

/** The emulator is not there (not started, gone, port taken). */
export class EmulatorUnavailableError extends CliError {
  constructor(message: string, nextStep?: string, options?: ErrorOptions) {
    super(message, ExitCode.EmulatorUnavailable, nextStep, options);
    this.name = 'EmulatorUnavailableError';
  }
}

/** No AWS credentials (or Region) for --target aws. */
export class NoAwsCredentialsError extends CliError {
  constructor(message: string, nextStep?: string, options?: ErrorOptions) {
    super(message, ExitCode.NoAwsCredentials, nextStep, options);
    this.name = 'NoAwsCredentialsError';
  }
}

/** The work could not be done (not deployed, a deploy failed, no consent). */
export class CouldNotRunError extends CliError {
  constructor(message: string, nextStep?: string, options?: ErrorOptions) {
    super(message, ExitCode.CouldNotRun, nextStep, options);
    this.name = 'CouldNotRunError';
  }
}

/** A short description of any thrown value, for messages. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message ? `${error.name}: ${error.message}` : error.name;
  return String(error);
}
