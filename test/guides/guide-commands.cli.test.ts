/**
 * The guides cannot rot: every AWS CLI command a learner runs from a scenario's guides (the
 * README's investigation, the solution's CLI fix) runs against the emulator with the broken
 * scenario deployed and traffic flowing, and must succeed; after the CLI fix, fresh traffic must
 * turn the scenario's check PASS.
 *
 * Each scenario gets its own emulator on a free port, on a clock 10 times faster than real time,
 * and one bash session (Debian's awscli v2, `/usr/bin/aws`) in which its blocks run in reading
 * order, the offline `EP` pointing at the test's emulator instead of port 4566. Needs awscli
 * (`apt-get install -y awscli`, as .ci/run does); run with `npm run test:tools`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_IDS, type ScenarioId } from '../../infra/names';
import { formatResult } from '../../scripts/checks/format';
import { Verdict } from '../../scripts/checks/verdict';
import {
  cliFixBlocks,
  type GuideBlock,
  investigationBlocks,
  isOnAwsBlock,
  titleOf,
  withEndpoint,
} from './guide-blocks';
import { Lab } from './lab';
import { ShellSession } from './shell-session';

const MINUTE = 60_000;

/** How each scenario's traffic is run here: shorter than a workshop run, so the test is quick. */
interface TrafficPlan {
  /** Changes to the manifest's default event. */
  event: Record<string, unknown>;
  /** How much faster than real time the emulated clock runs. */
  speed: number;
}

const TRAFFIC: Record<ScenarioId, TrafficPlan> = {
  'silent-disappear': { event: { durationSeconds: 60 }, speed: 10 },
  // 500 trades a second are more than the emulator's Lambda processes keep up with at 10x on a
  // small machine, and at 10x a batch's few hundred milliseconds of real processing become
  // seconds of IteratorAge: 100 a second (still 50 times the broken table's capacity) at 5x.
  // Two minutes, so that the minutes the check counts as settled hold some of the run.
  'latency-forensics': { event: { ratePerSecond: 100, durationSeconds: 120 }, speed: 5 },
  'double-trouble': { event: { count: 5 }, speed: 10 },
  'vanishing-records': { event: { durationSeconds: 60 }, speed: 10 },
  'shard-perpetrator': { event: { durationSeconds: 60 }, speed: 10 },
};

/** Emulated minutes after the CLI fix for what the broken pipeline left in flight to finish. */
const SETTLE_AFTER_FIX_MINUTES = 3;
/** How long a check may stay NOT PROVEN (traffic in flight) before the test gives up. */
const DECIDE_WITHIN_MS = 10 * MINUTE;

/** Wall-clock budgets. */
const DEPLOY_TIMEOUT_MS = 300_000;
const BLOCK_TIMEOUT_MS = 120_000;
const CHECK_TIMEOUT_MS = 300_000;

/** Runs a block and asserts that it, and every command in it, succeeded. */
async function expectBlockSucceeds(
  session: ShellSession,
  lab: Lab,
  block: GuideBlock
): Promise<void> {
  const result = await session.run(
    withEndpoint(block.text, lab.emulator.endpoint),
    BLOCK_TIMEOUT_MS
  );
  const report = [
    `${block.file} block ${block.index}:`,
    block.text,
    `exit ${result.code}`,
    result.failures.length > 0 ? `failed commands:\n${result.failures.join('\n')}` : '',
    `stderr:\n${result.stderr}`,
    `stdout:\n${result.stdout.slice(0, 2_000)}`,
  ].join('\n');
  // FORENSICS_GUIDE_ECHO=1 prints what each block printed, as a learner would see it.
  if (process.env.FORENSICS_GUIDE_ECHO)
    console.log(`$ ${block.text}${result.stdout}${result.stderr}`);
  expect({ code: result.code, failures: result.failures }, report).toEqual({
    code: 0,
    failures: [],
  });
}

describe.each(SCENARIO_IDS)('the guides of %s, against the emulator', (id) => {
  const plan = TRAFFIC[id];
  const investigation = investigationBlocks(id).filter((block) => !isOnAwsBlock(block));
  const fix = cliFixBlocks(id);
  let lab: Lab;
  let session: ShellSession;
  /** A minute boundary with no traffic before the broken run: where its window starts. */
  let brokenWindowStart: number;
  /** Wall-clock time when the investigation starts. */
  let investigationStart: number;

  beforeAll(async () => {
    lab = await Lab.deployBroken(id, plan.speed);
    session = new ShellSession();
    brokenWindowStart = Math.floor(lab.now() / MINUTE) * MINUTE;
    // A quiet whole minute after the deployment's, then traffic, so the investigation finds
    // metrics and logs (and a check sees the run start inside its window).
    await lab.nextMinute();
    await lab.sleep(MINUTE + 1_000);
    await lab.traffic(plan.event);
    await lab.sleep(MINUTE);
    investigationStart = Date.now();
  }, DEPLOY_TIMEOUT_MS);

  afterAll(async () => {
    session?.close();
    await lab?.close();
  });

  it('has investigation commands and a CLI fix to run', () => {
    // Assert
    expect(investigation.length).toBeGreaterThan(3);
    expect(fix.length).toBeGreaterThan(1);
  });

  it.each(investigation.map((block) => [titleOf(block), block] as const))(
    'runs %s',
    async (_, block) => {
      await expectBlockSucceeds(session, lab, block);
    },
    BLOCK_TIMEOUT_MS
  );

  it('kept everything the investigation read inside its window: the last 30 minutes by `date`', () => {
    // Assert: the emulated clock runs behind the wall clock (see Lab), and the blocks take
    // their window from `date`; the run happened before the window's end and after its start.
    expect(lab.now()).toBeLessThanOrEqual(investigationStart);
    expect(lab.startedAt).toBeGreaterThanOrEqual(Date.now() - 30 * MINUTE);
  });

  it(
    'fails its check before the fix (the broken run is what the guides investigate)',
    async () => {
      // Act
      const result = await lab.checkUntilDecided(brokenWindowStart, DECIDE_WITHIN_MS);
      // Assert
      expect(result.verdict, formatResult(result)).toBe(Verdict.Fail);
    },
    CHECK_TIMEOUT_MS
  );

  it.each(fix.map((block) => [titleOf(block), block] as const))(
    'runs %s',
    async (_, block) => {
      await expectBlockSucceeds(session, lab, block);
    },
    BLOCK_TIMEOUT_MS
  );

  it(
    'passes its check on fresh traffic after the CLI fix',
    async () => {
      // Arrange: let what the broken pipeline left in flight finish, then judge only minutes
      // after that, starting with a quiet one (a run must start inside the window).
      await lab.sleep(SETTLE_AFTER_FIX_MINUTES * MINUTE);
      const windowStart = await lab.nextMinute();
      await lab.sleep(MINUTE + 1_000);
      // Act
      await lab.traffic(plan.event);
      const result = await lab.checkUntilDecided(windowStart, DECIDE_WITHIN_MS);
      // Assert
      expect(result.verdict, formatResult(result)).toBe(Verdict.Pass);
    },
    CHECK_TIMEOUT_MS
  );
});
