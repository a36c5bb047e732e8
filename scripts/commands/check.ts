import { formatResult, resultToJson } from '../checks/format';
import { DEFAULT_WINDOW_MINUTES } from '../checks/run-check';
import { type CheckResult, Verdict } from '../checks/verdict';
import { boolFlag, type Command, stringFlag } from './lib/command';
import { ExitCode, UsageError } from './lib/errors';
import { delay } from './lib/io';
import { runScenarioCheck } from './lib/lab';
import { withTarget } from './lib/open-target';
import { requireScenarioId } from './lib/scenarios';
import { updateScenarioRecord } from './lib/state';

/** How often --wait asks again, in target time (as scripts/checks/run.ts). */
const POLL_MS = 20_000;

/** The exit code of a verdict: 0 PASS, 1 FAIL, 2 NOT PROVEN. */
export function verdictExitCode(result: CheckResult): number {
  if (result.verdict === Verdict.Pass) return ExitCode.Ok;
  if (result.verdict === Verdict.Fail) return ExitCode.Fail;
  return ExitCode.NotProven;
}

function parseMinutes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 3 || minutes > 1440) {
    throw new UsageError(
      `--minutes must be a whole number from 3 to 1440 (got '${value}').`,
      'for example --minutes 5'
    );
  }
  return minutes;
}

function parseTime(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `${flag} must be a time like 2026-11-25T14:00:00Z (got '${value}').`,
      `${flag} 2026-11-25T14:00:00Z`
    );
  }
  return ms;
}

/** `forensics check <id> [--wait] [--json] [--minutes N] [--since TIME] [--timeout S]` */
export const checkCommand: Command = {
  name: 'check',
  summary: "run a scenario's check: PASS, FAIL or NOT PROVEN, from CloudWatch",
  usage: 'check <scenario-id> [--wait] [--json] [--minutes N] [--since TIME] [--timeout SECONDS]',
  help: `Reads the stack's outputs and the last complete minutes of CloudWatch datapoints, and judges
them (docs/checks.md): PASS only under traffic with every condition held, FAIL with the
figures, NOT PROVEN when there is not enough data yet. Minutes before the stack's last deploy
(or --since) are left out. Offline, "now" is the emulator's clock.

flags:
  --wait            ask again every 20 s (emulator time offline) until PASS or FAIL
  --timeout S       how long --wait asks, in real seconds (default 600)
  --json            print the result as JSON (for collecting results: docs/instructor-guide.md)
  --minutes N       how many complete minutes to judge (default ${DEFAULT_WINDOW_MINUTES}, at least 3)
  --since TIME      judge only minutes from TIME on, e.g. after a fix made with the AWS CLI

exit codes: 0 PASS, 1 FAIL, 2 NOT PROVEN, 3 could not run (and the CLI's 64/69/77).`,
  flags: {
    wait: { type: 'boolean' },
    json: { type: 'boolean' },
    minutes: { type: 'string' },
    since: { type: 'string' },
    timeout: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  targets: ['local', 'aws'],
  run(ctx) {
    const id = requireScenarioId(ctx.args[0], 'check');
    const minutes = parseMinutes(stringFlag(ctx, 'minutes'));
    const since = parseTime(stringFlag(ctx, 'since'), '--since');
    const timeoutText = stringFlag(ctx, 'timeout') ?? '600';
    const timeoutS = Number(timeoutText);
    if (!Number.isFinite(timeoutS) || timeoutS < 0) {
      throw new UsageError(`--timeout must be a number of seconds (got '${timeoutText}').`);
    }
    const wait = boolFlag(ctx, 'wait');
    return withTarget(ctx, async (target) => {
      const deadline = Date.now() + timeoutS * 1000;
      for (let attempt = 1; ; attempt++) {
        const result = await runScenarioCheck(target, id, { minutes, since });
        const done =
          result.verdict !== Verdict.NotProven ||
          !wait ||
          Date.now() >= deadline ||
          ctx.io.signal.aborted;
        if (done) {
          updateScenarioRecord(ctx.stateDir, target.stateKey, id, {
            lastCheck: { verdict: result.verdict, summary: result.summary, at: await target.now() },
          });
          ctx.io.out(boolFlag(ctx, 'json') ? resultToJson(result) : formatResult(result));
          return verdictExitCode(result);
        }
        const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
        ctx.io.err(
          `[check ${id}] attempt ${attempt}: NOT PROVEN (${result.summary.slice(0, 90)}); asking again in 20 s${target.speed > 1 ? ' of emulator time' : ''}, ${left} s left`
        );
        await delay(
          Math.min(POLL_MS / target.speed, Math.max(0, deadline - Date.now())),
          ctx.io.signal
        );
      }
    });
  },
};
