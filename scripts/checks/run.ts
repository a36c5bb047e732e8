/**
 * Runs a scenario's check against CloudWatch (AWS, or the emulator when AWS_ENDPOINT_URL
 * points at it) and prints the verdict with the datapoints it judged by.
 *
 *   npx tsx scripts/checks/run.ts <scenario-id> [--wait] [--timeout SECONDS] [--minutes N] [--at ISO-TIME] [--json]
 *
 * Exit codes: 0 PASS, 1 FAIL, 2 NOT PROVEN, 3 could not run.
 */
import { parseArgs } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { isScenarioId, SCENARIO_IDS } from '../../infra/names';
import type { CheckClients } from './check';
import { formatResult, resultToJson } from './format';
import { checks } from './index';
import { DEFAULT_WINDOW_MINUTES, runCheck } from './run-check';
import { CheckUnavailableError } from './stack-outputs';
import { type CheckResult, Verdict } from './verdict';

/** Exit codes, one per outcome. */
export const ExitCode = { Pass: 0, Fail: 1, NotProven: 2, Unavailable: 3 } as const;

const USAGE = `usage: check <scenario-id> [--wait] [--timeout SECONDS] [--minutes N] [--at ISO-TIME] [--since ISO-TIME] [--json]

  scenario ids: ${SCENARIO_IDS.join(', ')}
  --wait         poll every 20 s until the verdict is PASS or FAIL, or the timeout passes
  --timeout      how long --wait polls, in seconds (default 600)
  --minutes      how many complete minutes to judge (default ${DEFAULT_WINDOW_MINUTES})
  --at           judge the window ending at this time instead of now
  --since        judge only minutes from this time on (e.g. when you applied a fix with the CLI);
                 the stack's last deployment bounds the window the same way
  --json         print the result as JSON

exit codes: 0 PASS, 1 FAIL, 2 NOT PROVEN, 3 could not run`;

function exitCodeOf(result: CheckResult): number {
  if (result.verdict === Verdict.Pass) return ExitCode.Pass;
  if (result.verdict === Verdict.Fail) return ExitCode.Fail;
  return ExitCode.NotProven;
}

function defaultClients(): CheckClients {
  return {
    cloudwatch: new CloudWatchClient({}),
    cloudformation: new CloudFormationClient({}),
    kinesis: new KinesisClient({}),
    lambda: new LambdaClient({}),
    sqs: new SQSClient({}),
  };
}

/** Parses the arguments, runs the check (polling with --wait) and returns the exit code. */
export async function main(
  argv: string[],
  clients: CheckClients = defaultClients()
): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return ExitCode.Unavailable;
  }
  const [id] = args.positionals;
  if (!id || !isScenarioId(id)) {
    console.error(`${id ? `unknown scenario '${id}'` : 'which scenario?'}\n\n${USAGE}`);
    return ExitCode.Unavailable;
  }
  const minutes = Number(args.values.minutes ?? DEFAULT_WINDOW_MINUTES);
  const timeoutSeconds = Number(args.values.timeout ?? 600);
  const at = args.values.at ? Date.parse(args.values.at) : undefined;
  if (at !== undefined && Number.isNaN(at)) {
    console.error(`--at must be a time like 2026-11-25T14:00:00Z (got '${args.values.at}')`);
    return ExitCode.Unavailable;
  }
  const since = args.values.since ? Date.parse(args.values.since) : undefined;
  if (since !== undefined && Number.isNaN(since)) {
    console.error(`--since must be a time like 2026-11-25T14:00:00Z (got '${args.values.since}')`);
    return ExitCode.Unavailable;
  }
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) {
    console.error(`--timeout must be a number of seconds (got '${args.values.timeout}')`);
    return ExitCode.Unavailable;
  }
  const deadline = Date.now() + timeoutSeconds * 1000;
  try {
    for (let attempt = 1; ; attempt++) {
      const result = await runCheck(checks[id], clients, { now: at ?? Date.now(), minutes, since });
      const done =
        result.verdict !== Verdict.NotProven || !args.values.wait || Date.now() >= deadline;
      if (done) {
        if (args.values.wait && process.stderr.isTTY) process.stderr.write('\n');
        console.log(args.values.json ? resultToJson(result) : formatResult(result));
        return exitCodeOf(result);
      }
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      process.stderr.write(
        `\r[check ${id}] attempt ${attempt}: NOT PROVEN (${result.summary.slice(0, 80)}) — ${left}s left `
      );
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(20_000, Math.max(0, deadline - Date.now())))
      );
    }
  } catch (error) {
    if (error instanceof CheckUnavailableError || error instanceof RangeError) {
      console.error(`could not run the ${id} check: ${error.message}`);
      return ExitCode.Unavailable;
    }
    const e = error as Error;
    console.error(`could not run the ${id} check: ${e.name}: ${e.message}`);
    return ExitCode.Unavailable;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      wait: { type: 'boolean' },
      json: { type: 'boolean' },
      timeout: { type: 'string' },
      minutes: { type: 'string' },
      at: { type: 'string' },
      since: { type: 'string' },
    },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
