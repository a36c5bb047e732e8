import type { CliIo } from './io';

/** A flag a verb accepts (node:util parseArgs option). */
export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
}

/** The flags every verb accepts. */
export interface GlobalFlags {
  target: 'local' | 'aws';
  verbose: boolean;
  /** --speed as given (each verb that starts an emulator picks its own default). */
  speed?: string;
  yes: boolean;
}

/** What a verb runs with. */
export interface CommandContext {
  io: CliIo;
  /** The positional arguments after the verb. */
  args: string[];
  /** The verb's own flags. */
  flags: Record<string, string | boolean | undefined>;
  global: GlobalFlags;
  /** Where `.forensics/` state lives. */
  stateDir: string;
}

/** One verb of the `forensics` command: one file in scripts/commands/. */
export interface Command {
  name: string;
  aliases?: string[];
  /** One line, for the verb list. */
  summary: string;
  /** The synopsis after `npx forensics `. */
  usage: string;
  /** The rest of its --help: what it does, its flags, its exit codes. */
  help: string;
  flags?: Record<string, FlagSpec>;
  /** How many positional arguments it takes. */
  positionals: { min: number; max: number };
  /** Which targets it works on. */
  targets: readonly ('local' | 'aws')[];
  run(ctx: CommandContext): Promise<number>;
}

/** A string flag's value (parseArgs guarantees the type for declared string flags). */
export function stringFlag(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.flags[name];
  return typeof value === 'string' ? value : undefined;
}

/** A boolean flag's value. */
export function boolFlag(ctx: CommandContext, name: string): boolean {
  return ctx.flags[name] === true;
}
