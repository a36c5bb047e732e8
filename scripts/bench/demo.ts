/**
 * Benchmark (not a test): how long `forensics demo` takes end to end and per scenario, and the
 * time from `fix` (the in-place update to the fixed variant) to its PASS verdict, so we can make
 * it faster.
 *
 *   npx tsx scripts/bench/demo.ts [scenario-id ...] [--speed N]
 *
 * Runs the same code as `npx forensics demo` in-process (its progress lines included), then
 * prints one table. Real times are wall-clock; "emulated" times are on the emulator's clock.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { SCENARIO_IDS } from '../../infra/names';
import { DEFAULT_DEMO_SPEED, runDemo } from '../commands/demo';
import { formatDuration, processIo, table } from '../commands/lib/io';
import { requireScenarioId } from '../commands/lib/scenarios';
import { parseSpeed } from '../targets/emulator-host';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { speed: { type: 'string' } },
  });
  const ids =
    positionals.length > 0 ? positionals.map((p) => requireScenarioId(p, 'demo')) : SCENARIO_IDS;
  const speed = parseSpeed(values.speed, DEFAULT_DEMO_SPEED);
  const io = processIo();
  const load = os.loadavg()[0]?.toFixed(2);
  const result = await runDemo(ids, speed, io);

  const rows = [
    [
      'scenario',
      'clock',
      'wall',
      'deploy -> FAIL',
      'fix -> PASS',
      'of which: deploy + quiet + traffic + settle',
      'emulated: fix -> PASS',
      'verdicts',
    ],
  ];
  for (const s of result.scenarios) {
    const steps = s.fixed?.steps;
    rows.push([
      s.id,
      `${s.speed}x`,
      formatDuration(s.wallMs),
      s.broken ? formatDuration(s.broken.toVerdictMs) : '-',
      s.fixToVerdictMs !== undefined ? formatDuration(s.fixToVerdictMs) : '-',
      steps
        ? [steps.deployMs, steps.quietMs, steps.trafficMs, steps.settleMs]
            .map(formatDuration)
            .join(' + ')
        : '-',
      s.fixToVerdictMs !== undefined ? formatDuration(s.fixToVerdictMs * s.speed) : '-',
      `${s.broken?.verdict ?? '-'} / ${s.fixed?.verdict ?? '-'}${s.error ? ` (error: ${s.error})` : ''}`,
    ]);
  }
  console.log('');
  console.log(
    `forensics demo benchmark: ${ids.length} scenario(s), requested clock ${speed}x, ${os.cpus().length} CPUs, load ${load} at the start`
  );
  console.log(
    `end to end: ${formatDuration(result.wallMs)} (synth ${formatDuration(result.synthMs)})`
  );
  console.log(table(rows));
  console.log(
    '\n"deploy -> FAIL": from deploying broken to its verdict. "fix -> PASS": from the in-place fix to the fixed verdict: the deploy, the wait for a quiet minute after it (the broken run drains first), the traffic, and the check settling. Emulated = real x clock speed.'
  );
  return result.scenarios.every((s) => s.asExpected) && !result.interrupted ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(3);
  }
);
