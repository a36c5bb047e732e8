import { breakCommand } from './break';
import { checkCommand } from './check';
import { demoCommand } from './demo';
import { deployCommand } from './deploy';
import { destroyCommand } from './destroy';
import { doctorCommand } from './doctor';
import { fixCommand } from './fix';
import { hintCommand } from './hint';
import type { Command } from './lib/command';
import { listCommand } from './list';
import { playCommand } from './play';
import { serveCommand } from './serve';
import { statusCommand } from './status';
import { trafficCommand } from './traffic';

/** Every verb, in the order `forensics --help` lists them. */
export const COMMANDS: readonly Command[] = [
  listCommand,
  playCommand,
  demoCommand,
  serveCommand,
  deployCommand,
  trafficCommand,
  checkCommand,
  hintCommand,
  fixCommand,
  breakCommand,
  statusCommand,
  destroyCommand,
  doctorCommand,
];

/** The verb named `name` (or one of its aliases). */
export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}
