/**
 * Reading a CDK cloud assembly (`cdk.out`): `manifest.json` names each stack's template file
 * and its asset manifest (`<stack>.assets.json`), which maps the S3 object keys the template
 * uses (`Code.S3Key: "<hash>.zip"`) to the local folders the CDK bundled (`asset.<hash>/`).
 * The emulator deploys from those folders instead of S3.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { templateFormatError, validationError } from './errors';
import { isPlainObject, type Template } from './template';

/** One file asset of the assembly, by the S3 object key the template refers to it with. */
export interface FileAsset {
  /** The asset's hash (the key in the assets manifest). */
  id: string;
  /** Absolute path of the asset: a folder (packaging `zip` of a directory) or a file. */
  path: string;
  packaging: string;
  objectKey: string;
}

/** Finds the local files behind `s3://bucket/key` references of a template. */
export interface AssetResolver {
  /** The asset published under `objectKey`, if the assembly has one. */
  byObjectKey(objectKey: string): FileAsset | undefined;
}

/** A stack of a cloud assembly, ready to deploy. */
export interface AssemblyStack {
  stackName: string;
  template: Template;
  /** Absolute path of the template file. */
  templateFile: string;
  /** The stack tags the CDK CLI passes to CloudFormation (`manifest.json` properties.tags). */
  tags: Record<string, string>;
  assets: AssetResolver;
  assemblyDir: string;
}

/** An asset resolver that knows no assets (templates deployed without an assembly). */
export const NO_ASSETS: AssetResolver = { byObjectKey: () => undefined };

interface ManifestArtifact {
  type: string;
  properties?: Record<string, unknown>;
  dependencies?: string[];
  displayName?: string;
}

interface Manifest {
  artifacts?: Record<string, ManifestArtifact>;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw validationError(`cannot read the ${what} ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw validationError(`the ${what} ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function readManifest(assemblyDir: string): Manifest {
  const file = path.join(assemblyDir, 'manifest.json');
  if (!existsSync(file)) {
    throw validationError(
      `no cloud assembly at ${assemblyDir} (manifest.json not found): synthesize the app first (cdk synth)`
    );
  }
  return readJson(file, 'cloud assembly manifest') as Manifest;
}

interface FoundStack {
  dir: string;
  artifactId: string;
  artifact: ManifestArtifact;
  manifest: Manifest;
}

function artifactStackName(id: string, artifact: ManifestArtifact): string {
  const name = artifact.properties?.stackName;
  return typeof name === 'string' ? name : id;
}

/** Every stack of the assembly (nested assemblies of CDK stages included), with its folder. */
function allStacks(assemblyDir: string): FoundStack[] {
  const manifest = readManifest(assemblyDir);
  const found: FoundStack[] = [];
  for (const [artifactId, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack') {
      found.push({ dir: assemblyDir, artifactId, artifact, manifest });
    } else if (artifact.type === 'cdk:cloud-assembly') {
      const nested = artifact.properties?.directoryName;
      if (typeof nested === 'string') found.push(...allStacks(path.join(assemblyDir, nested)));
    }
  }
  return found;
}

/** The names of the stacks a cloud assembly holds, in manifest order. */
export function listAssemblyStacks(assemblyDir: string): string[] {
  return allStacks(path.resolve(assemblyDir)).map((s) =>
    artifactStackName(s.artifactId, s.artifact)
  );
}

/**
 * Loads one stack of a cloud assembly: its template, its tags and its file assets. The stack
 * is found by stack name or by artifact id.
 */
export function loadAssemblyStack(assemblyDir: string, stackName: string): AssemblyStack {
  const dir = path.resolve(assemblyDir);
  const stacks = allStacks(dir);
  const match =
    stacks.find((s) => artifactStackName(s.artifactId, s.artifact) === stackName) ??
    stacks.find((s) => s.artifactId === stackName);
  if (!match) {
    const names = stacks.map((s) => artifactStackName(s.artifactId, s.artifact));
    throw validationError(
      `stack ${stackName} is not in the cloud assembly at ${dir} (it has: ${names.join(', ') || 'no stacks'})`
    );
  }
  const props = match.artifact.properties ?? {};
  const templateName = props.templateFile;
  if (typeof templateName !== 'string') {
    throw validationError(`the manifest of ${dir} names no templateFile for stack ${stackName}`);
  }
  const templateFile = path.join(match.dir, templateName);
  const template = checkTemplate(readJson(templateFile, 'template'));
  const tags: Record<string, string> = {};
  if (isPlainObject(props.tags)) {
    for (const [key, value] of Object.entries(props.tags)) tags[key] = String(value);
  }
  return {
    stackName: artifactStackName(match.artifactId, match.artifact),
    template,
    templateFile,
    tags,
    assets: assetResolver(match),
    assemblyDir: dir,
  };
}

/** The file assets of the asset manifests the stack depends on. */
function assetResolver(stack: FoundStack): AssetResolver {
  const byKey = new Map<string, FileAsset>();
  for (const dependency of stack.artifact.dependencies ?? []) {
    const artifact = stack.manifest.artifacts?.[dependency];
    if (artifact?.type !== 'cdk:asset-manifest') continue;
    const file = artifact.properties?.file;
    if (typeof file !== 'string') continue;
    const manifest = readJson(path.join(stack.dir, file), 'asset manifest') as {
      files?: Record<
        string,
        {
          source?: { path?: string; packaging?: string };
          destinations?: Record<string, { objectKey?: string }>;
        }
      >;
    };
    for (const [id, entry] of Object.entries(manifest.files ?? {})) {
      const source = entry.source?.path;
      if (typeof source !== 'string') continue;
      for (const destination of Object.values(entry.destinations ?? {})) {
        if (typeof destination.objectKey !== 'string') continue;
        byKey.set(destination.objectKey, {
          id,
          path: path.join(stack.dir, source),
          packaging: entry.source?.packaging ?? 'file',
          objectKey: destination.objectKey,
        });
      }
    }
  }
  return { byObjectKey: (key) => byKey.get(key) };
}

/** Whether an asset path is a folder (a bundled function) rather than a single file. */
export function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Parses a template body (JSON only: the CDK writes JSON) and checks its top-level shape,
 * with CloudFormation's wording.
 */
export function parseTemplateBody(body: string): Template {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    if (/^\s*[{[]/.test(body)) throw templateFormatError('JSON not well-formed.');
    throw templateFormatError(
      'YAML templates are not supported by the emulator; send the template as JSON.'
    );
  }
  return checkTemplate(parsed);
}

const TOP_LEVEL = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
]);

/** Checks the sections of a template: objects where objects belong, at least one resource. */
export function checkTemplate(value: unknown): Template {
  if (!isPlainObject(value)) throw templateFormatError('JSON not well-formed.');
  for (const key of Object.keys(value)) {
    if (!TOP_LEVEL.has(key))
      throw templateFormatError(`Invalid template property or properties [${key}]`);
  }
  if (value.Transform !== undefined) {
    throw templateFormatError(
      `Transform ${JSON.stringify(value.Transform)} is not supported by the emulator (macros and transforms are not emulated)`
    );
  }
  if (!isPlainObject(value.Resources) || Object.keys(value.Resources).length === 0) {
    throw templateFormatError('At least one Resources member must be defined.');
  }
  for (const [id, resource] of Object.entries(value.Resources)) {
    if (!/^[A-Za-z0-9]+$/.test(id)) {
      throw templateFormatError(`Resource name ${id} is non alphanumeric.`);
    }
    if (!isPlainObject(resource) || typeof resource.Type !== 'string') {
      throw templateFormatError(`[/Resources/${id}] resource definition is malformed`);
    }
    if (resource.Properties !== undefined && !isPlainObject(resource.Properties)) {
      throw templateFormatError(`[/Resources/${id}/Properties] properties must be an object`);
    }
  }
  for (const section of ['Parameters', 'Outputs', 'Conditions', 'Mappings', 'Rules'] as const) {
    if (value[section] !== undefined && !isPlainObject(value[section])) {
      throw templateFormatError(`The ${section} section must be an object`);
    }
  }
  return value as unknown as Template;
}
