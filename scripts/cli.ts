/**
 * The `forensics` command. This file only parses arguments and dispatches: each verb lives in
 * scripts/commands/<verb>.ts, the targets in scripts/targets/. See docs/cli.md.
 *
 *   npx forensics <command> [arguments] [--target local|aws] [--speed N] [--yes] [--verbose]
 *
 * `main(argv, io)` returns the exit code instead of exiting, so tests run the CLI in-process.
 */
import { parseArgs } from 'node:util';
import { COMMANDS, findCommand } from './commands/index';
import type { Command, CommandContext, GlobalFlags } from './commands/lib/command';
import {
  CliError,
  describeError,
  EXIT_CODE_HELP,
  ExitCode,
  UsageError,
} from './commands/lib/errors';
import { type CliIo, processIo } from './commands/lib/io';
import { stateDir } from './commands/lib/state';

/** The flags every command accepts. */
const GLOBAL_FLAGS = {
  target: { type: 'string' },
  speed: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

const GLOBAL_HELP = `global flags:
  --target local|aws   where the lab runs: the emulator on this machine (local, the default)
                       or your AWS account and Region (aws)
  --speed N            clock speed of an emulator a command starts: demo 10 by default, play and
                       serve 1 (real time, so the times the AWS CLI shows and takes match yours)
  --yes, -y            --target aws: agree in advance to the cost and bootstrap questions
  --verbose, -v        more detail; errors with their stack trace
  --help, -h           this help, or a command's: npx forensics <command> --help`;

/** `npx forensics --help` */
export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `forensics: run the Telemetry Forensics Lab offline (the default) or on AWS

usage: npx forensics <command> [arguments] [flags]

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Start here: npx forensics demo (everything, offline), or npx forensics play <scenario-id>.
Offline, serve or play keeps the emulator running and the other commands find it by themselves
(.forensics/emulator.json; docs/cli.md).

${GLOBAL_HELP}

${EXIT_CODE_HELP}`;
}

/** `npx forensics <command> --help` */
export function commandHelp(command: Command): string {
  const aliases = command.aliases?.length ? ` (also: ${command.aliases.join(', ')})` : '';
  const targets =
    command.targets.length === 1
      ? `\nRuns ${command.targets[0] === 'local' ? 'offline only' : 'on AWS only'}.`
      : '';
  return `usage: npx forensics ${command.usage}${aliases}

${command.summary}.${targets}

${command.help}

${GLOBAL_HELP}

${EXIT_CODE_HELP}`;
}

/** The index of the verb in argv: the first token that is neither a flag nor a flag's value. */
function verbIndex(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (token === '--target' || token === '--speed') {
      i++;
      continue;
    }
    if (!token.startsWith('-')) return i;
  }
  return -1;
}

/** Turns a node:util parseArgs error into a usage error for `verb`. */
function parseError(error: unknown, verb: string): UsageError {
  const e = error as { code?: string; message?: string };
  const flag = /'(-[^' ]+)/.exec(e.message ?? '')?.[1] ?? '';
  const help = `npx forensics ${verb} --help`;
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`${verb} has no flag '${flag}'.`, `${help} lists its flags`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(
        /argument missing/.test(e.message ?? '')
          ? `${flag} needs a value.`
          : `${flag} takes no value: ${e.message}`,
        help
      );
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`${verb} got an unexpected argument: ${e.message}`, help);
    default:
      return new UsageError(e.message ?? String(error), help);
  }
}

/** Parses argv, runs the command, and returns the exit code; never throws. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  try {
    const at = verbIndex(argv);
    if (at === -1) {
      if (argv.includes('--help') || argv.includes('-h')) {
        io.out(generalHelp());
        return ExitCode.Ok;
      }
      io.err(generalHelp());
      throw new UsageError(
        argv.length === 0 ? 'Which command?' : `No command in: ${argv.join(' ')}`,
        'npx forensics demo, or npx forensics list'
      );
    }
    let verb = argv[at] ?? '';
    let rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
    if (verb === 'help') {
      const topic = rest.find((t) => !t.startsWith('-'));
      if (!topic) {
        io.out(generalHelp());
        return ExitCode.Ok;
      }
      verb = topic;
      rest = ['--help'];
    }
    const command = findCommand(verb);
    if (!command) {
      const near = COMMANDS.find((c) => c.name.startsWith(verb.slice(0, 2)));
      throw new UsageError(
        `There is no command '${verb}'. The commands are: ${COMMANDS.map((c) => c.name).join(', ')}.`,
        near ? `did you mean: npx forensics ${near.name}` : 'npx forensics --help'
      );
    }
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...GLOBAL_FLAGS, ...command.flags },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw parseError(error, command.name);
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.help) {
      io.out(commandHelp(command));
      return ExitCode.Ok;
    }
    const target = (values.target as string | undefined) ?? 'local';
    if (target !== 'local' && target !== 'aws') {
      throw new UsageError(
        `--target must be local or aws (got '${target}').`,
        `npx forensics ${command.name} --target aws`
      );
    }
    if (!command.targets.includes(target)) {
      throw new UsageError(
        `${command.name} runs offline only: it starts its own emulator, so --target aws does not apply.`,
        'on AWS: npx forensics deploy <scenario-id> --target aws, then traffic and check'
      );
    }
    if (parsed.positionals.length > command.positionals.max) {
      const extra = parsed.positionals.slice(command.positionals.max).join(' ');
      throw new UsageError(
        `${command.name} takes ${command.positionals.max === 0 ? 'no arguments' : `at most ${command.positionals.max} argument(s)`}; unexpected: ${extra}.`,
        `npx forensics ${command.usage}`
      );
    }
    const global: GlobalFlags = {
      target,
      verbose,
      speed: values.speed as string | undefined,
      yes: values.yes === true,
    };
    const flags: Record<string, string | boolean | undefined> = {};
    for (const name of Object.keys(command.flags ?? {})) flags[name] = values[name];
    const ctx: CommandContext = {
      io,
      args: parsed.positionals,
      flags,
      global,
      stateDir: stateDir(io.env),
    };
    return await command.run(ctx);
  } catch (error) {
    return report(error, io, verbose);
  }
}

/** Prints an error as a sentence and a next step (the stack only with --verbose). */
function report(error: unknown, io: CliIo, verbose: boolean): number {
  if (error instanceof CliError) {
    io.err(`error: ${error.message}`);
    if (error.nextStep) io.err(`next: ${error.nextStep}`);
    if (verbose) printStack(error, io);
    return error.exitCode;
  }
  io.err(`error: something unexpected went wrong: ${describeError(error)}`);
  io.err(
    verbose
      ? 'next: the stack trace is below; please report it with the command you ran'
      : 'next: run the command again with --verbose to see where, and report it with that output'
  );
  if (verbose) printStack(error, io);
  return ExitCode.CouldNotRun;
}

function printStack(error: unknown, io: CliIo): void {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    io.err(current instanceof Error ? (current.stack ?? String(current)) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current) io.err('caused by:');
  }
}

/**
 * Silences the AWS SDK's notice that it will need Node 22 from 2027 (its documented switch):
 * the lab supports Node 20.12+, and the notice would print on every command.
 */
export function silenceSdkNodeNotice(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  silenceSdkNodeNotice();
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
