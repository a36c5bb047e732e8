import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quotas } from '../../emulator/core/quotas';
import { formatQuotaValue, quotaRow, quotaTable } from '../../scripts/docs/quota-table';

const ROOT = path.join(import.meta.dirname, '../..');
const SERVICES = path.join(ROOT, 'emulator/services');
const doc = readFileSync(path.join(ROOT, 'docs/emulator.md'), 'utf8');

/**
 * Files under `actions/` that hold what several actions share rather than an action of their
 * own. Every other file there must export a function with its own name (dynalite's layout).
 */
const HELPER_FILES = new Set([
  'cloudformation/actions/stackRequest.ts',
  'lambda/actions/paging.ts',
  'pipes/actions/describe.ts',
]);

/** The text under a `## ` heading, up to the next one. */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** The table rows of `text`, as trimmed cells (the formatter pads them). */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim())
    );
}

/** The `### ` subsection of "Services and actions" that names the folder of `service`. */
function serviceSubsection(service: string): string | undefined {
  return section('Services and actions')
    .split('\n### ')
    .slice(1)
    .find((sub) => sub.includes(`\`emulator/services/${service}/\``));
}

interface ActionFile {
  /** `kinesis/actions/putRecord.ts` */
  file: string;
  service: string;
  /** `PutRecord` */
  action: string;
  /** Whether the file exports a function named after itself (an action, not a helper). */
  exportsAction: boolean;
}

function actionFiles(): ActionFile[] {
  return readdirSync(SERVICES)
    .filter((service) => existsSync(path.join(SERVICES, service, 'actions')))
    .flatMap((service) =>
      readdirSync(path.join(SERVICES, service, 'actions'))
        .filter((name) => name.endsWith('.ts'))
        .map((name) => {
          const base = name.slice(0, -'.ts'.length);
          const source = readFileSync(path.join(SERVICES, service, 'actions', name), 'utf8');
          return {
            file: `${service}/actions/${name}`,
            service,
            action: base.charAt(0).toUpperCase() + base.slice(1),
            exportsAction: new RegExp(`export (async )?function ${base}\\b`).test(source),
          };
        })
    );
}

describe('docs/emulator.md quota table', () => {
  const rows = tableRows(section('Quotas enforced'));

  it.each(Object.keys(quotas))('lists %s with its value and source from quotas.ts', (name) => {
    // Arrange
    const quota = quotas[name as keyof typeof quotas];
    // Act
    const row = rows.find((cells) => cells[0] === `\`${name}\``);
    // Assert: paste the output of `npx tsx scripts/docs/quota-table.ts` when this fails
    expect(row).toEqual(quotaRow(name, quota));
  });

  it('lists no quota that quotas.ts no longer has', () => {
    // Act
    const documented = rows
      .map((cells) => /^`(\w+)`$/.exec(cells[0] ?? '')?.[1])
      .filter((name): name is string => name !== undefined);
    // Assert
    expect(documented.filter((name) => !Object.hasOwn(quotas, name))).toEqual([]);
  });

  it('holds the script output verbatim', () => {
    // Act
    const table = quotaTable();
    // Assert
    expect(doc).toContain(table);
  });
});

describe('docs/emulator.md action lists', () => {
  const files = actionFiles();

  it('finds the action files', () => {
    // Assert: a guard against a path change that would make the tests below vacuous
    expect(files.filter((f) => f.exportsAction).length).toBeGreaterThan(90);
  });

  it.each(files.filter((f) => !f.exportsAction).map((f) => f.file))(
    '%s, which exports no function of its own name, is a known helper',
    (file) => {
      // Assert: an action file exports `function <fileName>`; anything else is a helper
      expect(HELPER_FILES.has(file)).toBe(true);
    }
  );

  it.each(files.filter((f) => f.exportsAction))(
    'lists $action ($file) under its service',
    ({ service, action }) => {
      // Arrange
      const subsection = serviceSubsection(service);
      // Act
      const listed = tableRows(subsection ?? '').some((cells) => cells[0] === `\`${action}\``);
      // Assert
      expect(subsection, `no subsection names \`emulator/services/${service}/\``).toBeDefined();
      expect(listed).toBe(true);
    }
  );
});

describe('formatQuotaValue', () => {
  it.each([
    [5, '5'],
    [1_048_576, '1,048,576'],
    [2 ** 360, '2^360'],
  ])('writes %d as %s', (value, expected) => {
    // Act
    const text = formatQuotaValue(value);
    // Assert
    expect(text).toBe(expected);
  });
});
