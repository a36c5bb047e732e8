import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isScenarioId, type OutputKey, SCENARIO_IDS, type ScenarioId } from '../../../infra/names';
import { UsageError } from './errors';

/** The repository root: scenarios/, cdk.out/, docs/ and .forensics/ are found from here. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A scenario's manifest, `scenarios/<id>/scenario.json`. */
export interface ScenarioManifest {
  id: ScenarioId;
  title: string;
  teaches: string;
  services: string[];
  difficulty: string;
  minutes: number;
  stack: string;
  check: string;
  traffic: {
    /** The stack output naming the function that makes traffic. */
    functionOutputKey: OutputKey;
    /** The event it is invoked with by default. */
    event: Record<string, unknown>;
    /** How long the default traffic runs, in minutes. */
    minutes: number;
  };
}

const cache = new Map<ScenarioId, ScenarioManifest>();

/** Reads `scenarios/<id>/scenario.json`. */
export function loadManifest(id: ScenarioId): ScenarioManifest {
  const hit = cache.get(id);
  if (hit) return hit;
  const manifest = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'scenarios', id, 'scenario.json'), 'utf8')
  ) as ScenarioManifest;
  cache.set(id, manifest);
  return manifest;
}

/** Every scenario's manifest, in the order the workshop teaches them. */
export function allManifests(): ScenarioManifest[] {
  return SCENARIO_IDS.map(loadManifest);
}

/** The scenario id given on the command line, or a usage error that lists the valid ones. */
export function requireScenarioId(value: string | undefined, verb: string): ScenarioId {
  if (value === undefined) {
    throw new UsageError(
      `${verb} needs a scenario id: one of ${SCENARIO_IDS.join(', ')}.`,
      `npx forensics ${verb} <scenario-id>   (npx forensics list shows them)`
    );
  }
  if (!isScenarioId(value)) {
    const near = SCENARIO_IDS.find((id) => id.startsWith(value.slice(0, 3)));
    throw new UsageError(
      `There is no scenario '${value}'. The scenarios are ${SCENARIO_IDS.join(', ')}.`,
      near ? `did you mean: npx forensics ${verb} ${near}` : 'npx forensics list'
    );
  }
  return value;
}

/** One hint of `scenarios/<id>/hints.md`. */
export interface Hint {
  title: string;
  body: string;
}

/** The hints of a scenario, in order: the `## Hint N` sections of its hints.md. */
export function loadHints(id: ScenarioId): Hint[] {
  const text = readFileSync(path.join(REPO_ROOT, 'scenarios', id, 'hints.md'), 'utf8');
  const hints: Hint[] = [];
  let current: Hint | undefined;
  for (const line of text.split('\n')) {
    const heading = /^##\s+(.*)$/.exec(line);
    if (heading?.[1]) {
      current = { title: heading[1].trim(), body: '' };
      hints.push(current);
    } else if (current) {
      current.body += `${line}\n`;
    }
  }
  for (const hint of hints) hint.body = hint.body.trim();
  return hints;
}
