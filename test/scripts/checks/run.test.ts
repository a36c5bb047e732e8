import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutputKey, ScenarioId } from '../../../infra/names';
import { sparkline } from '../../../scripts/checks/format';
import { ExitCode, main } from '../../../scripts/checks/run';
import { cannedClients, newest } from '../../helpers/canned-cloudwatch';

let restore = () => {};
const outputs = { [OutputKey.StreamName]: 's', [OutputKey.ConsumerFunctionName]: 'c' };

describe('check command', () => {
  afterEach(() => {
    restore();
    vi.restoreAllMocks();
  });

  it('prints the verdict, conditions and datapoints and exits 1 on FAIL', async () => {
    // Arrange
    const clients = cannedClients(
      ScenarioId.ShardPerpetrator,
      outputs,
      {
        attempted: newest([600, 600]),
        accepted: newest([300, 300]),
        writeExceeded: newest([300, 300]),
        shard_0: newest([300, 300]),
      },
      { shardIds: ['shardId-000000000000', 'shardId-000000000001'] }
    );
    restore = clients.restore;
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // Act
    const code = await main(['shard-perpetrator', '--at', '2026-11-25T12:00:30Z'], clients);
    // Assert
    expect(code).toBe(ExitCode.Fail);
    const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
    expect(printed).toMatch(/^shard-perpetrator: FAIL/);
    expect(printed).toMatch(
      /FAIL {2}no write throttling: WriteProvisionedThroughputExceeded = 600/
    );
    expect(printed).toMatch(/shardId-000000000000 IncomingRecords +[▁-█·]+ +sum 600/);
  });

  it('prints JSON with --json and exits 2 on NOT PROVEN', async () => {
    // Arrange
    const clients = cannedClients(ScenarioId.ShardPerpetrator, outputs, {}, { shardIds: [] });
    restore = clients.restore;
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // Act
    const code = await main(['shard-perpetrator', '--json'], clients);
    // Assert
    expect(code).toBe(ExitCode.NotProven);
    const parsed = JSON.parse(String(log.mock.calls[0]?.[0]));
    expect(parsed.verdict).toBe('NOT PROVEN');
    expect(parsed.window.start).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it.each([
    [['nope'], /unknown scenario 'nope'/],
    [[], /which scenario\?/],
    [['double-trouble', '--bogus'], /Unknown option '--bogus'/],
    [['double-trouble', '--at', 'yesterday'], /--at must be a time/],
  ])('rejects %j with a message and exit code 3', async (argv, message) => {
    // Arrange
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // Act
    const code = await main(argv);
    // Assert
    expect(code).toBe(ExitCode.Unavailable);
    expect(String(error.mock.calls[0]?.[0])).toMatch(message);
  });

  it('says the stack is not deployed and exits 3', async () => {
    // Arrange: DescribeStacks answers for another stack only
    const clients = cannedClients(ScenarioId.ShardPerpetrator, outputs, {});
    restore = clients.restore;
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // Act
    const code = await main(['double-trouble'], clients);
    // Assert
    expect(code).toBe(ExitCode.Unavailable);
    expect(String(error.mock.calls[0]?.[0])).toMatch(/could not run the double-trouble check: /);
  });
});

describe('sparkline', () => {
  it('draws one bar per minute and a dot where there is no datapoint', () => {
    // Act + Assert
    expect(sparkline([0, 4, 8, null])).toBe('▁▄█·');
    expect(sparkline([0, 0])).toBe('▁▁');
  });
});
