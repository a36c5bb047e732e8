import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSenderEvent } from '../../functions/double-trouble/sender';
import { PRODUCER_LIMITS as LATENCY_LIMITS } from '../../functions/latency-forensics/producer';
import { PRODUCER_LIMITS as SHARD_LIMITS } from '../../functions/shard-perpetrator/producer';
import { parseProducerEvent } from '../../functions/shared/producer-event';
import { parseProductEvent } from '../../functions/silent-disappear/producer';
import { POISON_EVERY, parseTrafficEvent } from '../../functions/vanishing-records/producer';
import { OutputKey, SCENARIO_IDS, type ScenarioId, stackName } from '../../infra/names';
import { checks } from '../../scripts/checks';
import { synthScenario } from '../helpers/synth';

/**
 * The workshop's learner-facing content: every scenario folder has the same files and headings,
 * its manifest names a real stack, check, function output and traffic event, and every AWS CLI
 * command in the guides names a real service and operation. (Running those commands against the
 * emulator with a deployed scenario is a later, end-to-end test.)
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCENARIOS = path.join(ROOT, 'scenarios');
const read = (...parts: string[]): string => readFileSync(path.join(ROOT, ...parts), 'utf8');

/** The files every scenario folder has, and nothing else. */
const SCENARIO_FILES = ['README.md', 'hints.md', 'scenario.json', 'solution.md'];

/** The README's second-level headings, in this order and no others. */
const README_HEADINGS = [
  'Story',
  'Architecture',
  'Start it',
  'Investigate',
  'Check your fix',
  'Expected result',
  'Cleanup',
];

/** The solution's second-level headings, in this order and no others. */
const SOLUTION_HEADINGS = [
  'Root cause',
  'Fix it in code',
  'Fix it with the AWS CLI',
  'How the check confirms it',
  'Symptom-hiding fixes that fail',
  'Lessons',
  'AWS documentation',
];

const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'];

/** The keys of scenario.json, and of its traffic object. */
const MANIFEST_KEYS = [
  'check',
  'difficulty',
  'id',
  'minutes',
  'services',
  'stack',
  'teaches',
  'title',
  'traffic',
];
const TRAFFIC_KEYS = ['event', 'functionOutputKey', 'minutes'];

/**
 * For each scenario, the function traffic invokes and its handler's own event parser, which
 * throws on an event the handler would refuse.
 */
const TRAFFIC_FUNCTIONS: Record<ScenarioId, { outputKey: OutputKey; parse: (e: unknown) => void }> =
  {
    'silent-disappear': { outputKey: OutputKey.ProducerFunctionName, parse: parseProductEvent },
    'latency-forensics': {
      outputKey: OutputKey.ProducerFunctionName,
      parse: (e) => parseProducerEvent(e, LATENCY_LIMITS),
    },
    'double-trouble': { outputKey: OutputKey.SenderFunctionName, parse: parseSenderEvent },
    'vanishing-records': {
      outputKey: OutputKey.ProducerFunctionName,
      parse: (e) => parseTrafficEvent(e, POISON_EVERY.default),
    },
    'shard-perpetrator': {
      outputKey: OutputKey.ProducerFunctionName,
      parse: (e) => parseProducerEvent(e, SHARD_LIMITS),
    },
  };

/**
 * Words that give a scenario's cause away: they belong in its solution (and its last hints),
 * never in its README.
 */
const SPOILERS: Record<ScenarioId, string[]> = {
  'silent-disappear': ['claim-check', 'claim check', 'four times', '1.2 MB', 'copies'],
  'latency-forensics': ['PAY_PER_REQUEST', 'on-demand', '2 WCU', 'WriteCapacityUnits='],
  'double-trouble': ['40 seconds', 'VisibilityTimeout=', 'idempotent', 'conditional write'],
  'vanishing-records': ['KinesisBatchInfo', 'AT_SEQUENCE_NUMBER', 'GetShardIterator'],
  'shard-perpetrator': ['HOT_PARTITION', 'cardinality', 'same partition key'],
};

/**
 * The AWS CLI commands the guides may use: the detective's commands, the configuration fixes,
 * and a few helpers. Each pair was checked against `aws <service> <operation> help`.
 */
const AWS_CLI_ALLOW_LIST: Record<string, readonly string[]> = {
  cloudformation: ['describe-stacks', 'list-stacks'],
  cloudwatch: ['get-metric-statistics', 'put-metric-alarm'],
  logs: ['filter-log-events'],
  dynamodb: ['describe-table', 'update-table', 'scan'],
  lambda: [
    'get-function-configuration',
    'update-function-configuration',
    'get-event-source-mapping',
  ],
  sqs: ['get-queue-attributes', 'set-queue-attributes'],
  kinesis: ['describe-stream-summary', 'list-shards'],
  pipes: ['describe-pipe', 'update-pipe'],
  resourcegroupstaggingapi: ['get-resources'],
};

/** The scenarios whose handlers pick the fixed code path from their VARIANT variable. */
const VARIANT_SWITCHED: readonly ScenarioId[] = [
  'double-trouble',
  'vanishing-records',
  'shard-perpetrator',
];

/** The two blocks that say where AWS is: the emulator, or AWS itself. */
const OFFLINE_EP = 'EP="--endpoint-url http://127.0.0.1:4566"';
const AWS_EP = 'EP=""';

interface Manifest {
  id: string;
  title: string;
  teaches: string;
  services: string[];
  difficulty: string;
  minutes: number;
  stack: string;
  check: string;
  traffic: { functionOutputKey: string; event: Record<string, unknown>; minutes: number };
}

const manifestOf = (id: ScenarioId): Manifest =>
  JSON.parse(read('scenarios', id, 'scenario.json')) as Manifest;

/** The markdown without its fenced code blocks, whose lines may start with `#` too. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```$/gm, '');
}

/** The text of every `## ` heading, in order. */
function h2Headings(markdown: string): string[] {
  return [...prose(markdown).matchAll(/^## (.+)$/gm)].map((m) => (m[1] ?? '').trim());
}

/** The body of one `## ` section, up to the next `## ` heading. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start === -1) return '';
  const rest = markdown.slice(start + heading.length + 5);
  const end = rest.search(/^## /m);
  return end === -1 ? rest : rest.slice(0, end);
}

/** The contents of every fenced block of one language, in order. */
function fencedBlocks(markdown: string, lang: string): string[] {
  const fence = new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm');
  return [...markdown.matchAll(fence)].map((m) => m[1] ?? '');
}

/** One `aws` invocation found in a shell block. */
interface AwsCommand {
  service: string;
  operation: string;
  usesEndpointVariable: boolean;
  text: string;
}

/** Every `aws` invocation in a shell block: in command position (line start, `$(`, `;`, `|`, `&`, `{`, `do`). */
function awsCommands(block: string): AwsCommand[] {
  const commands: AwsCommand[] = [];
  for (const match of block.matchAll(/(?:^\s*|\$\(|[;&|{]\s*|\bdo\s+)aws(?=\s)/gm)) {
    const rest = block.slice((match.index ?? 0) + match[0].length);
    const tokens = rest.trim().split(/\s+/);
    let usesEndpointVariable = false;
    while (tokens[0] === '$EP') {
      usesEndpointVariable = true;
      tokens.shift();
    }
    commands.push({
      service: tokens[0] ?? '',
      operation: tokens[1] ?? '',
      usesEndpointVariable,
      text: rest.split('\n')[0] ?? '',
    });
  }
  return commands;
}

/** Shell variables a block assigns (`X=`, `export X=`, `for X in`) or functions it defines. */
function definedNames(block: string): string[] {
  const assigned = [...block.matchAll(/(?:^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]*)=/gm)];
  const loops = [...block.matchAll(/\bfor ([A-Za-z_][A-Za-z0-9_]*) in\b/g)];
  const functions = [...block.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)\(\) \{/gm)];
  return [...assigned, ...loops, ...functions].map((m) => m[1] ?? '');
}

/** Shell variables a block reads (`$X`, `${X}`), outside single-quoted strings. */
function usedVariables(block: string): string[] {
  const unquoted = block.replace(/'[^'\n]*'/g, "''");
  return [...unquoted.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] ?? '');
}

/** The guides whose shell blocks hold AWS CLI commands. */
const GUIDES = [
  ...SCENARIO_IDS.flatMap((id) => [`scenarios/${id}/README.md`, `scenarios/${id}/solution.md`]),
  'docs/instructor-guide.md',
  'docs/cloudshell.md',
];

describe('scenarios/', () => {
  it('holds one folder per scenario id, and nothing else', () => {
    // Act
    const entries = readdirSync(SCENARIOS).sort();
    // Assert
    expect(entries).toEqual([...SCENARIO_IDS].sort());
  });

  it.each(SCENARIO_IDS)('gives %s the same files as every other scenario', (id) => {
    // Assert
    expect(readdirSync(path.join(SCENARIOS, id)).sort()).toEqual(SCENARIO_FILES);
  });
});

describe.each(SCENARIO_IDS)('scenarios/%s', (id) => {
  const readme = read('scenarios', id, 'README.md');
  const hints = read('scenarios', id, 'hints.md');
  const solution = read('scenarios', id, 'solution.md');
  const manifest = manifestOf(id);

  describe('scenario.json', () => {
    it('has exactly the manifest keys, and its id is the folder name', () => {
      // Assert
      expect(Object.keys(manifest).sort()).toEqual(MANIFEST_KEYS);
      expect(Object.keys(manifest.traffic).sort()).toEqual(TRAFFIC_KEYS);
      expect(manifest.id).toBe(id);
    });

    it('describes the scenario: title, one sentence of what it teaches, services, level, time', () => {
      // Assert
      expect(manifest.title.length).toBeGreaterThan(0);
      expect(manifest.teaches).toMatch(/^[A-Z].*\.$/);
      expect(manifest.teaches).not.toMatch(/\.\s/);
      expect(manifest.services.length).toBeGreaterThan(0);
      for (const service of manifest.services) expect(service).toMatch(/^\S.*\S$/);
      expect(DIFFICULTIES).toContain(manifest.difficulty);
      expect(Number.isInteger(manifest.minutes) && manifest.minutes > 0).toBe(true);
    });

    it('names the scenario stack and a real check of this scenario', () => {
      // Assert
      expect(manifest.stack).toBe(stackName(id));
      expect(Object.keys(checks)).toContain(manifest.check);
      expect(checks[manifest.check as ScenarioId].id).toBe(id);
    });

    it('invokes, for traffic, the function whose handler accepts its default event', () => {
      // Arrange
      const expected = TRAFFIC_FUNCTIONS[id];
      const { functionOutputKey, event, minutes } = manifest.traffic;
      // Assert
      expect(Object.values(OutputKey)).toContain(functionOutputKey);
      expect(functionOutputKey).toBe(expected.outputKey);
      expect(() => expected.parse(event)).not.toThrow();
      expect(Number.isInteger(minutes) && minutes > 0).toBe(true);
      if (event.durationSeconds !== undefined) expect(event.durationSeconds).toBe(minutes * 60);
    });

    it('invokes a function the broken stack really exports as an output', () => {
      // Act
      const { template } = synthScenario(id, 'broken');
      const outputs = template.toJSON().Outputs as Record<string, unknown>;
      // Assert
      expect(Object.keys(outputs)).toContain(manifest.traffic.functionOutputKey);
    });
  });

  describe('README.md', () => {
    it('opens with the scenario title and a Services / Difficulty / Time line from the manifest', () => {
      // Arrange
      const [title, ...rest] = readme.split('\n').filter((line) => line.trim() !== '');
      // Assert
      expect(title).toBe(`# Scenario: ${id}`);
      expect(rest[0]).toBe(
        `**Services:** ${manifest.services.join(', ')} · **Difficulty:** ${manifest.difficulty} · **Time:** about ${manifest.minutes} minutes`
      );
      expect(prose(readme).match(/^# /gm)).toHaveLength(1);
    });

    it('has the fixed headings, in order', () => {
      // Assert
      expect(h2Headings(readme)).toEqual(README_HEADINGS);
    });

    it('draws the architecture as a Mermaid flowchart', () => {
      // Assert
      expect(fencedBlocks(section(readme, 'Architecture'), 'mermaid')[0]).toMatch(
        /^flowchart LR\n/
      );
    });

    it('starts the scenario offline with play and on AWS with deploy and traffic', () => {
      // Arrange
      const start = section(readme, 'Start it');
      // Assert
      expect(start).toContain(`npx forensics play ${id}`);
      expect(start).toContain(`npx forensics deploy ${id} --target aws`);
      expect(start).toContain(`npx forensics traffic ${id} --target aws`);
    });

    it('says where AWS is first: the emulator, or AWS itself', () => {
      // Arrange
      const blocks = fencedBlocks(section(readme, 'Investigate'), 'sh');
      // Assert
      expect(blocks[0]).toContain(OFFLINE_EP);
      expect(blocks[1]).toContain(AWS_EP);
      expect(blocks[2]).toContain(`--stack-name ${stackName(id)}`);
    });

    it('checks with forensics check --wait and cleans up with forensics destroy', () => {
      // Assert
      expect(section(readme, 'Check your fix')).toContain(`npx forensics check ${id} --wait`);
      expect(section(readme, 'Cleanup')).toContain(`npx forensics destroy ${id}`);
    });

    it('gives nothing of the cause away', () => {
      // Assert
      for (const word of SPOILERS[id]) expect(readme).not.toContain(word);
      expect(readme).not.toContain('VARIANT=');
    });
  });

  describe('hints.md', () => {
    it('has at least three hints, as ## Hint 1, 2, 3 ... in order', () => {
      // Arrange
      const headings = h2Headings(hints);
      // Assert
      expect(headings.length).toBeGreaterThanOrEqual(3);
      expect(headings).toEqual(headings.map((_, i) => `Hint ${i + 1}`));
      for (const heading of headings) expect(section(hints, heading).trim()).not.toBe('');
    });
  });

  describe('solution.md', () => {
    it('has the fixed headings, in order', () => {
      // Assert
      expect(h2Headings(solution)).toEqual(SOLUTION_HEADINGS);
    });

    it('redeploys the fix with forensics fix or the CDK', () => {
      // Arrange
      const fix = section(solution, 'Fix it in code');
      // Assert
      expect(fix).toContain(`npx forensics fix ${id}`);
      expect(fix).toContain(`npx cdk deploy ${stackName(id)} -c ${id}:variant=fixed`);
    });

    it('quotes the real code: every quoted line is in the file it names', () => {
      // Arrange
      const quotes = [
        ...fencedBlocks(solution, 'diff').map((block) => ({
          file: block.match(/^\+\+\+ b\/(\S+)/m)?.[1],
          lines: block
            .split('\n')
            .filter((line) => !line.startsWith('---') && !line.startsWith('+++'))
            .map((line) => line.slice(1)),
        })),
        ...fencedBlocks(solution, 'ts').map((block) => ({
          file: block.match(/^\/\/ (\S+\.ts)\n/)?.[1],
          lines: block.split('\n').slice(1),
        })),
      ];
      // Assert
      expect(quotes.length).toBeGreaterThan(0);
      for (const { file, lines } of quotes) {
        expect(file, 'a quoted block names its file').toBeDefined();
        const source = read(file as string);
        for (const line of lines.map((l) => l.trim()).filter((l) => l !== '')) {
          expect(source, `${file} contains: ${line}`).toContain(line);
        }
      }
    });

    it('repeats every environment variable of the function when the CLI fix replaces them', () => {
      // Arrange: `--environment` replaces the whole map, so the command must list exactly the
      // variables the stack sets, with the stack's values, except VARIANT, which becomes fixed.
      const cliFix = section(solution, 'Fix it with the AWS CLI');
      const outputs = synthScenario(id, 'broken').template.toJSON() as {
        Outputs: Record<string, { Value: unknown }>;
        Resources: Record<string, { Properties?: { Environment?: { Variables?: object } } }>;
      };
      const updates = [
        ...cliFix.matchAll(
          /update-function-configuration --function-name "\$(\w+)".*--environment "Variables=\{([^}]*)\}"/g
        ),
      ];
      // Act + Assert: the scenarios whose fix is a code path picked by VARIANT have one
      expect(updates.length).toBe(VARIANT_SWITCHED.includes(id) ? 1 : 0);
      for (const [, fnVariable, assignments] of updates) {
        const outputKey = cliFix.match(new RegExp(`\\b${fnVariable}=\\$\\(out (\\w+)\\)`))?.[1];
        expect(outputKey, `how $${fnVariable} is set`).toBeDefined();
        const ref = (outputs.Outputs[outputKey as string]?.Value as { Ref?: string })?.Ref;
        const expected = outputs.Resources[ref as string]?.Properties?.Environment?.Variables as
          | Record<string, unknown>
          | undefined;
        expect(expected, `the function behind ${outputKey}`).toBeDefined();
        const given = Object.fromEntries(
          (assignments ?? '').split(',').map((pair) => pair.split('=', 2) as [string, string])
        );
        expect(Object.keys(given).sort()).toEqual(Object.keys(expected ?? {}).sort());
        for (const [name, value] of Object.entries(expected ?? {})) {
          if (name === 'VARIANT') expect(given[name]).toBe('fixed');
          else if (typeof value === 'string') expect(given[name], name).toBe(value);
          else expect(given[name], name).toMatch(/^\$[A-Z_]+$/);
        }
      }
    });

    it('links only AWS documentation pages under its AWS documentation heading', () => {
      // Arrange
      const links = [...section(solution, 'AWS documentation').matchAll(/\]\((\S+)\)/g)].map(
        (m) => m[1] ?? ''
      );
      // Assert
      expect(links.length).toBeGreaterThanOrEqual(3);
      for (const link of links) expect(link).toMatch(/^https:\/\/(docs\.)?aws\.amazon\.com\//);
    });
  });
});

describe('AWS CLI commands in the guides', () => {
  it.each(GUIDES)('%s uses only known AWS CLI services and operations', (guide) => {
    // Arrange
    const commands = fencedBlocks(read(guide), 'sh').flatMap(awsCommands);
    // Assert
    for (const command of commands) {
      expect(
        AWS_CLI_ALLOW_LIST[command.service] ?? [],
        `aws ${command.service} ${command.operation}`
      ).toContain(command.operation);
    }
  });

  it.each(GUIDES.filter((g) => g.startsWith('scenarios/')))(
    '%s writes every aws command with $EP, so it runs offline and on AWS',
    (guide) => {
      // Arrange
      const commands = fencedBlocks(read(guide), 'sh').flatMap(awsCommands);
      // Assert
      expect(commands.length).toBeGreaterThan(0);
      for (const command of commands) {
        expect(command.usesEndpointVariable, `aws ${command.text}`).toBe(true);
      }
    }
  );

  it.each(GUIDES)('%s puts at most one aws command in a block, and never beside npx', (guide) => {
    // Arrange
    const blocks = fencedBlocks(read(guide), 'sh');
    // Assert
    for (const block of blocks) {
      expect(awsCommands(block).length, block).toBeLessThanOrEqual(1);
      if (awsCommands(block).length > 0) expect(block, block).not.toMatch(/\bnpx\b/);
    }
  });

  it.each(GUIDES.filter((g) => g.startsWith('scenarios/')))(
    '%s defines every shell variable before a block reads it',
    (guide) => {
      // Arrange: a solution runs after its README, so $EP is already set
      const defined = new Set(guide.endsWith('solution.md') ? ['EP'] : []);
      // Act + Assert
      for (const block of fencedBlocks(read(guide), 'sh')) {
        for (const name of definedNames(block)) defined.add(name);
        for (const name of usedVariables(block)) {
          expect([...defined], `$${name} in:\n${block}`).toContain(name);
        }
      }
    }
  );
});

describe('links in the guides', () => {
  it.each([...GUIDES, ...SCENARIO_IDS.map((id) => `scenarios/${id}/hints.md`)])(
    '%s links only to files that exist',
    (guide) => {
      // Arrange
      const links = [...read(guide).matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1] ?? '')
        .filter((link) => !/^[a-z]+:/.test(link) && !link.startsWith('#'));
      // Assert
      for (const link of links) {
        const target = path.resolve(ROOT, path.dirname(guide), link.split('#')[0] ?? '');
        expect(existsSync(target), `${guide} -> ${link}`).toBe(true);
      }
    }
  );
});
