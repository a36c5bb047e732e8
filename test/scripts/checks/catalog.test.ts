import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS } from '../../../infra/names';
import { checks } from '../../../scripts/checks';

const catalog = readFileSync(path.join(import.meta.dirname, '../../../docs/checks.md'), 'utf8');

describe('docs/checks.md', () => {
  it.each(SCENARIO_IDS)('describes the %s check in its own words', (id) => {
    // Assert: the row of the table carries the check's description verbatim
    expect(catalog).toContain(`| \`${id}\` | ${checks[id].description} |`);
  });
});
