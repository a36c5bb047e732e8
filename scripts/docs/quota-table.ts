/**
 * Prints the Markdown table of every quota in emulator/core/quotas.ts (name, value, source), for
 * the "Quotas enforced" section of docs/emulator.md. Paste its output there after a quota
 * changes; test/docs/emulator-doc.test.ts fails until the doc matches.
 *
 *   npx tsx scripts/docs/quota-table.ts
 */
import { type Quota, quotas } from '../../emulator/core/quotas';

/** The header of the table, as the doc and the test name its columns. */
export const QUOTA_TABLE_HEADER = ['quota', 'value', 'source'] as const;

/** A quota's value as the doc writes it: `1,048,576`, or `2^360` past the safe integers. */
export function formatQuotaValue(value: number): string {
  if (Number.isSafeInteger(value)) return value.toLocaleString('en-US');
  const exponent = Math.log2(value);
  if (Number.isInteger(exponent)) return `2^${exponent}`;
  return value.toExponential();
}

/** One row of the table: the name in backticks, the value, the source (pipes escaped). */
export function quotaRow(name: string, quota: Quota): string[] {
  return [`\`${name}\``, formatQuotaValue(quota.value), quota.source.replaceAll('|', '\\|')];
}

/** The whole table, columns padded the way the Markdown formatter (Biome) pads them. */
export function quotaTable(entries: Record<string, Quota> = quotas): string {
  const rows = [
    [...QUOTA_TABLE_HEADER],
    ...Object.entries(entries).map(([name, quota]) => quotaRow(name, quota)),
  ];
  const widths = QUOTA_TABLE_HEADER.map((_, c) =>
    Math.max(3, ...rows.map((row) => (row[c] as string).length))
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => cell.padEnd(widths[c] as number)).join(' | ')} |`;
  const [header, ...body] = rows as [string[], ...string[][]];
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(quotaTable());
