import { boolFlag, type Command } from './lib/command';
import { CouldNotRunError, ExitCode } from './lib/errors';
import { loadHints, requireScenarioId } from './lib/scenarios';
import { readHintsShown, writeHintsShown } from './lib/state';

/** `forensics hint <id> [--reset]` */
export const hintCommand: Command = {
  name: 'hint',
  summary: 'show the next hint for a scenario, one at a time',
  usage: 'hint <scenario-id> [--reset]',
  help: `Shows the next hint of scenarios/<id>/hints.md and remembers, per scenario, how many you
have seen (.forensics/hints.json), so the next \`hint\` gives the one after. Try each before
asking for the next. After the last one, it points at the solution.

flags:
  --reset   start again from the first hint (shows nothing)`,
  flags: { reset: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  targets: ['local', 'aws'],
  async run(ctx) {
    const id = requireScenarioId(ctx.args[0], 'hint');
    if (boolFlag(ctx, 'reset')) {
      writeHintsShown(ctx.stateDir, id, 0);
      ctx.io.out(`Hints for ${id} reset: the next \`npx forensics hint ${id}\` shows hint 1.`);
      return ExitCode.Ok;
    }
    const hints = loadHints(id);
    if (hints.length === 0) {
      throw new CouldNotRunError(`scenarios/${id}/hints.md has no "## Hint" sections.`);
    }
    const shown = readHintsShown(ctx.stateDir)[id] ?? 0;
    if (shown >= hints.length) {
      ctx.io.out(
        `You have seen all ${hints.length} hints for ${id}. The full answer is in scenarios/${id}/solution.md (npx forensics hint ${id} --reset starts the hints again).`
      );
      return ExitCode.Ok;
    }
    const hint = hints[shown];
    if (!hint) return ExitCode.Ok;
    writeHintsShown(ctx.stateDir, id, shown + 1);
    ctx.io.out(`${id}: ${hint.title} of ${hints.length}\n\n${hint.body}`);
    if (shown + 1 < hints.length) {
      ctx.io.out(`\n(next hint: npx forensics hint ${id})`);
    } else {
      ctx.io.out(`\n(that was the last hint; the full answer is in scenarios/${id}/solution.md)`);
    }
    return ExitCode.Ok;
  },
};
