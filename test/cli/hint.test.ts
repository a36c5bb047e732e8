import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../scripts/commands/lib/errors';
import { loadHints } from '../../scripts/commands/lib/scenarios';
import { type CliRun, forensics, tempStateDir } from './helpers';

describe('forensics hint', () => {
  it('gives the hints one at a time, remembered per scenario, then points at the solution', async () => {
    // Arrange
    const stateDir = tempStateDir();
    const hints = loadHints('double-trouble');
    expect(hints.length).toBeGreaterThanOrEqual(3);
    // Act
    const runs: CliRun[] = [];
    for (let i = 0; i <= hints.length; i++) {
      runs.push(await forensics(['hint', 'double-trouble'], { stateDir }));
    }
    const other = await forensics(['hint', 'shard-perpetrator'], { stateDir });
    // Assess
    hints.forEach((hint, i) => {
      expect(runs[i]?.code).toBe(ExitCode.Ok);
      expect(runs[i]?.stdout).toContain(`double-trouble: Hint ${i + 1} of ${hints.length}`);
      expect(runs[i]?.stdout).toContain(hint.body.split('\n')[0]);
    });
    expect(runs[0]?.stdout).toContain('(next hint: npx forensics hint double-trouble)');
    expect(runs[hints.length - 1]?.stdout).toContain('that was the last hint');
    expect(runs[hints.length]?.stdout).toContain(
      `You have seen all ${hints.length} hints for double-trouble`
    );
    expect(runs[hints.length]?.stdout).toContain('scenarios/double-trouble/solution.md');
    expect(other.stdout).toContain('shard-perpetrator: Hint 1 of');
  });

  it('starts again from the first hint after --reset', async () => {
    // Arrange
    const stateDir = tempStateDir();
    await forensics(['hint', 'vanishing-records'], { stateDir });
    await forensics(['hint', 'vanishing-records'], { stateDir });
    // Act
    const reset = await forensics(['hint', 'vanishing-records', '--reset'], { stateDir });
    const next = await forensics(['hint', 'vanishing-records'], { stateDir });
    // Assess
    expect(reset.code).toBe(ExitCode.Ok);
    expect(reset.stdout).toContain('shows hint 1');
    expect(next.stdout).toContain('vanishing-records: Hint 1 of');
  });
});
