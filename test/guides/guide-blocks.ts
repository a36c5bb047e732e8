import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ScenarioId } from '../../infra/names';

/**
 * The shell blocks a learner runs from a scenario's guides, in reading order: the README's
 * `## Investigate` section, then the solution's `## Fix it with the AWS CLI` section.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The port the guides' offline `EP` block names: the emulator's default. */
const GUIDE_ENDPOINT = 'http://127.0.0.1:4566';

/** One ```sh block of a guide. */
export interface GuideBlock {
  /** `README.md` or `solution.md`. */
  file: string;
  /** 1-based position among the section's sh blocks. */
  index: number;
  /** The block as the guide prints it. */
  text: string;
}

/** The body of one `## ` section, up to the next `## ` heading outside a code block. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`no "## ${heading}" section`);
  const rest = markdown.slice(start + heading.length + 5);
  const withoutCode = rest.replace(/^```[\s\S]*?^```$/gm, (block) => ' '.repeat(block.length));
  const end = withoutCode.search(/^## /m);
  return end === -1 ? rest : rest.slice(0, end);
}

/** The contents of every ```sh block, in order. */
function shBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

function blocksOf(id: ScenarioId, file: string, heading: string): GuideBlock[] {
  const markdown = readFileSync(path.join(ROOT, 'scenarios', id, file), 'utf8');
  return shBlocks(section(markdown, heading)).map((text, i) => ({ file, index: i + 1, text }));
}

/** True for the block that points the CLI at AWS itself (`EP=""`): the test stays offline. */
export function isOnAwsBlock(block: GuideBlock): boolean {
  return /^EP=""$/m.test(block.text);
}

/** The README's investigation blocks. */
export function investigationBlocks(id: ScenarioId): GuideBlock[] {
  return blocksOf(id, 'README.md', 'Investigate');
}

/** The solution's AWS CLI fix blocks. */
export function cliFixBlocks(id: ScenarioId): GuideBlock[] {
  return blocksOf(id, 'solution.md', 'Fix it with the AWS CLI');
}

/** The block as the test runs it: the offline endpoint becomes the test emulator's. */
export function withEndpoint(text: string, endpoint: string): string {
  return text.split(GUIDE_ENDPOINT).join(endpoint);
}

/** A short name for a block in test titles: its first command line. */
export function titleOf(block: GuideBlock): string {
  const line =
    block.text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('#')) ?? '';
  const short = line.length > 90 ? `${line.slice(0, 87)}...` : line;
  return `${block.file} block ${block.index}: ${short}`;
}
