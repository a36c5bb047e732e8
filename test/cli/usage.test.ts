/**
 * The CLI's arguments: every verb's help, and clear usage errors (exit 64) for a bad scenario
 * id, an unknown verb or flag, and bad values. All in-process and offline.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS } from '../../infra/names';
import { COMMANDS } from '../../scripts/commands/index';
import { ExitCode } from '../../scripts/commands/lib/errors';
import { forensics } from './helpers';

describe('forensics --help', () => {
  it('lists every verb with the global flags and the exit codes', async () => {
    // Act
    const run = await forensics(['--help']);
    // Assess
    expect(run.code).toBe(ExitCode.Ok);
    for (const command of COMMANDS) expect(run.stdout).toContain(`  ${command.name} `);
    expect(run.stdout).toMatch(/--target local\|aws/);
    expect(run.stdout).toMatch(/--speed N .*demo 10 by default, play and\s+serve 1/s);
    for (const code of ['0', '1', '2', '3', '64', '69', '77']) {
      expect(run.stdout).toMatch(new RegExp(`^\\s+${code}\\s`, 'm'));
    }
  });

  it.each(COMMANDS.map((c) => [c.name]))('explains %s with --help', async (name) => {
    // Act
    const run = await forensics([name, '--help']);
    // Assess
    expect(run.code).toBe(ExitCode.Ok);
    expect(run.stdout).toMatch(new RegExp(`^usage: npx forensics ${name}`));
    expect(run.stdout).toContain('exit codes:');
    expect(run.stderr).toBe('');
  });

  it('also answers `help <verb>`', async () => {
    const run = await forensics(['help', 'check']);
    expect(run.code).toBe(ExitCode.Ok);
    expect(run.stdout).toMatch(/^usage: npx forensics check <scenario-id>/);
  });

  it('says which speed each emulator-starting verb uses', async () => {
    const play = await forensics(['play', '--help']);
    const demo = await forensics(['demo', '--help']);
    expect(play.stdout).toMatch(/default 1: real time/);
    expect(demo.stdout).toMatch(/default 10x/);
  });
});

describe('usage errors', () => {
  it('fails on an unknown scenario id with the valid ones and a next step', async () => {
    // Act
    const run = await forensics(['deploy', 'silent-disapear']);
    // Assess
    expect(run.code).toBe(ExitCode.Usage);
    expect(run.stderr).toContain("error: There is no scenario 'silent-disapear'.");
    for (const id of SCENARIO_IDS) expect(run.stderr).toContain(id);
    expect(run.stderr).toContain('next: did you mean: npx forensics deploy silent-disappear');
    expect(run.stdout).toBe('');
  });

  it.each([['check'], ['traffic'], ['hint'], ['play'], ['fix']])(
    'fails when %s is given no scenario id',
    async (verb) => {
      const run = await forensics([verb]);
      expect(run.code).toBe(ExitCode.Usage);
      expect(run.stderr).toContain(`${verb} needs a scenario id`);
    }
  );

  it('fails on an unknown verb and suggests one', async () => {
    const run = await forensics(['chek', 'double-trouble']);
    expect(run.code).toBe(ExitCode.Usage);
    expect(run.stderr).toContain("There is no command 'chek'");
    expect(run.stderr).toContain('did you mean: npx forensics check');
  });

  it.each([
    [['check', 'double-trouble', '--bogus'], "check has no flag '--bogus'"],
    [['status', '--target', 'mars'], "--target must be local or aws (got 'mars')"],
    [['status', '--target'], '--target needs a value'],
    [
      ['deploy', 'double-trouble', '--variant', 'half'],
      "--variant must be broken or fixed (got 'half')",
    ],
    [['traffic', 'double-trouble', '--minutes', '3'], '--minutes does not apply to double-trouble'],
    [
      ['traffic', 'shard-perpetrator', '--minutes', '60'],
      '--minutes must be a number from 1 to 10',
    ],
    [
      ['check', 'double-trouble', '--minutes', '2'],
      '--minutes must be a whole number from 3 to 1440',
    ],
    [['check', 'double-trouble', '--since', 'yesterday'], '--since must be a time like'],
    [['demo', '--speed', '500'], '--speed must be a number from 1 to 100'],
    [['serve', '--port', '70000'], '--port must be a whole number from 0 to 65535'],
    [['play', 'double-trouble', '--target', 'aws'], 'play runs offline only'],
    [['destroy', 'double-trouble', '--all'], 'either a scenario id or --all, not both'],
    [['status', 'double-trouble'], 'status takes no arguments'],
    [['hint', 'double-trouble', '--reset=yes'], '--reset'],
  ])('fails on %j', async (argv, message) => {
    // Act
    const run = await forensics(argv);
    // Assess
    expect(run.code).toBe(ExitCode.Usage);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/^next: /m);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('fails with no verb at all, printing the help', async () => {
    const run = await forensics([]);
    expect(run.code).toBe(ExitCode.Usage);
    expect(run.stderr).toContain('usage: npx forensics <command>');
    expect(run.stderr).toContain('error: Which command?');
  });

  it('prints the stack trace of an error only with --verbose', async () => {
    const quiet = await forensics(['check', 'double-trouble', '--bogus']);
    const verbose = await forensics(['check', 'double-trouble', '--bogus', '--verbose']);
    expect(quiet.stderr).not.toMatch(/^\s+at /m);
    expect(verbose.stderr).toMatch(/^\s+at /m);
  });
});
