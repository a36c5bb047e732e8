import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS } from '../../../infra/names';
import { checks } from '../../../scripts/checks';

const catalog = readFileSync(path.join(import.meta.dirname, '../../../docs/checks.md'), 'utf8');

describe('docs/checks.md', () => {
  it.each(SCENARIO_IDS)('describes the %s check in its own words', (id) => {
    // Arrange: the table rows, as trimmed cells (the formatter pads them)
    const rows = catalog
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    // Act
    const row = rows.find((cells) => cells[1] === `\`${id}\``);
    // Assert: the row carries the check's description verbatim
    expect(row?.[2]).toBe(checks[id].description);
  });
});
