/**
 * The CloudFormation interpreter: deploys a template's resources into the emulated services,
 * updates them in place (the lab's broken/fixed toggle), and deletes them, with
 * CloudFormation's ordering, naming, statuses and rollback.
 *
 * @example
 * const cfn = new CloudFormationInterpreter({ region, accountId, clock, services: { sqs, kinesis, lambda, ... } });
 * const { outputs } = await cfn.createStack('cdk.out/broken', 'my-stack');
 * await cfn.updateStack('cdk.out/fixed', 'my-stack'); // same physical names
 * await cfn.deleteStack('my-stack');
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorClock } from '../core/clock';
import { AwsError } from '../core/errors';
import { type AssemblyStack, type AssetResolver, loadAssemblyStack, NO_ASSETS } from './assembly';
import {
  StackOperationError,
  stackDoesNotExist,
  templateError,
  templateFormatError,
  validationError,
} from './errors';
import { dependencyGraph } from './graph';
import {
  conditionEvaluator,
  evaluateCondition,
  NO_VALUE,
  type ResolveScope,
  resolve,
  scanReferences,
} from './intrinsics';
import { generatedName, randomSuffix } from './physical-names';
import type {
  Properties,
  ProvidedResource,
  ProviderContext,
  ResourceProvider,
  StackServices,
} from './provider';
import { NO_OP_TYPES, providerFor, SUPPORTED_TYPES } from './providers';
import type {
  ResourceStatus,
  StackChanges,
  StackOperationResult,
  StackOutput,
  StackParameter,
  StackRecord,
  StackResourceRecord,
  StackStatus,
} from './stacks';
import type { ResourceDefinition, Template } from './template';

/** SSM parameters the interpreter knows (it has no SSM Parameter Store). */
export const DEFAULT_SSM_PARAMETERS: Readonly<Record<string, string>> = {
  // The CDK bootstrap stack version the CDK's CheckBootstrapVersion rule asks for
  // (node_modules/aws-cdk/lib/api/bootstrap/bootstrap-template.yaml, CdkBootstrapVersion '33').
  '/cdk-bootstrap/hnb659fds/version': '33',
};

/** What the interpreter needs from the emulator. */
export interface CloudFormationInterpreterOptions {
  region: string;
  accountId: string;
  clock: EmulatorClock;
  services: StackServices;
  /** Values of `AWS::SSM::Parameter::Value<...>` parameters; default DEFAULT_SSM_PARAMETERS. */
  ssmParameters?: Readonly<Record<string, string>>;
  /** The random part of generated names; default 13 random upper-case letters and digits. */
  nameSuffix?: () => string;
}

/** Options of create/update/deploy. */
export interface StackOptions {
  /** Parameter values (by key); the template's defaults fill the rest. */
  parameters?: Readonly<Record<string, string>>;
  /** Stack tags; default the cloud assembly's (`manifest.json`). */
  tags?: Readonly<Record<string, string>>;
}

/** A template ready to deploy, and what it refers to. */
export interface TemplateSource {
  template: Template;
  assets?: AssetResolver;
  tags?: Readonly<Record<string, string>>;
}

/** A template checked and prepared for one stack: parameters, conditions, order. */
interface Prepared {
  template: Template;
  parameters: Record<string, unknown>;
  described: StackParameter[];
  pseudo: Record<string, unknown>;
  condition: (name: string) => boolean;
  included: Set<string>;
  order: string[];
}

const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;

/** The statuses from which an update may start. */
const UPDATABLE: ReadonlySet<StackStatus> = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
]);

/**
 * Deploys, updates and deletes stacks in the emulated services. No module state: each
 * emulator has its own interpreter.
 */
export class CloudFormationInterpreter {
  private readonly live = new Map<string, StackRecord>();
  private readonly deleted: StackRecord[] = [];
  private readonly exports = new Map<string, { value: string; stackId: string }>();
  private readonly ssm: Readonly<Record<string, string>>;
  private readonly suffix: () => string;

  constructor(private readonly options: CloudFormationInterpreterOptions) {
    this.ssm = options.ssmParameters ?? DEFAULT_SSM_PARAMETERS;
    this.suffix = options.nameSuffix ?? randomSuffix;
  }

  // ---- reading ------------------------------------------------------------------------

  /** The live stack named `nameOrId`, or a deleted one by stack id; else ValidationError. */
  describeStack(nameOrId: string): StackRecord {
    const found = this.findStack(nameOrId);
    if (!found) throw stackDoesNotExist(nameOrId);
    return found;
  }

  /** The live stack named `nameOrId` (or any stack with that id), if there is one. */
  findStack(nameOrId: string): StackRecord | undefined {
    const byName = this.live.get(nameOrId);
    if (byName) return byName;
    for (const stack of this.live.values()) if (stack.stackId === nameOrId) return stack;
    return this.deleted.find((s) => s.stackId === nameOrId);
  }

  /** Live stacks, oldest first. */
  liveStacks(): StackRecord[] {
    return [...this.live.values()];
  }

  /** Every stack, deleted ones included (ListStacks), newest first. */
  allStacks(): StackRecord[] {
    return [...this.live.values(), ...this.deleted].sort((a, b) => b.creationTime - a.creationTime);
  }

  /** A stack's outputs by key. */
  outputs(nameOrId: string): Record<string, string> {
    return outputMap(this.describeStack(nameOrId));
  }

  // ---- operations on a cloud assembly -------------------------------------------------

  /** Creates `stackName` from the cloud assembly at `assemblyDir`. */
  async createStack(
    assemblyDir: string,
    stackName: string,
    options: StackOptions = {}
  ): Promise<StackOperationResult> {
    return this.createStackFrom(
      stackName,
      fromAssembly(loadAssemblyStack(assemblyDir, stackName)),
      options
    );
  }

  /** Updates `stackName` to the template of the cloud assembly at `assemblyDir`. */
  async updateStack(
    assemblyDir: string,
    stackName: string,
    options: StackOptions = {}
  ): Promise<StackOperationResult> {
    return this.updateStackFrom(
      stackName,
      fromAssembly(loadAssemblyStack(assemblyDir, stackName)),
      options
    );
  }

  /**
   * What `cdk deploy` does: creates the stack, or updates it if it exists (an update with
   * nothing to change is not an error), or deletes and re-creates a stack whose creation was
   * rolled back.
   */
  async deployStack(
    assemblyDir: string,
    stackName: string,
    options: StackOptions = {}
  ): Promise<StackOperationResult> {
    const source = fromAssembly(loadAssemblyStack(assemblyDir, stackName));
    const existing = this.live.get(stackName);
    if (existing?.status === 'ROLLBACK_COMPLETE') await this.deleteStack(stackName);
    if (!this.live.has(stackName)) return this.createStackFrom(stackName, source, options);
    return this.updateStackFrom(stackName, source, options);
  }

  // ---- operations on a template -------------------------------------------------------

  /** Creates a stack from a template. Validation errors are thrown before anything exists. */
  async createStackFrom(
    stackName: string,
    source: TemplateSource,
    options: StackOptions = {}
  ): Promise<StackOperationResult> {
    checkStackName(stackName);
    if (this.live.has(stackName)) {
      throw new AwsError('AlreadyExistsException', `Stack [${stackName}] already exists`, 400);
    }
    const stackId = `arn:aws:cloudformation:${this.options.region}:${this.options.accountId}:stack/${stackName}/${randomUUID()}`;
    const prepared = this.prepare(source.template, options.parameters ?? {}, stackName, stackId);
    const now = this.options.clock.now();
    const stack: StackRecord = {
      stackId,
      stackName,
      description: source.template.Description,
      status: 'CREATE_IN_PROGRESS',
      creationTime: now,
      parameters: prepared.described,
      tags: { ...(options.tags ?? source.tags ?? {}) },
      outputs: [],
      template: source.template,
      assets: source.assets ?? NO_ASSETS,
      resources: new Map(),
      events: [],
    };
    this.live.set(stackName, stack);
    this.stackEvent(stack, 'CREATE_IN_PROGRESS', 'User Initiated');
    const changes = emptyChanges();
    for (const logicalId of prepared.order) {
      const definition = prepared.template.Resources[logicalId];
      const type = definition?.Type as string;
      try {
        const props = this.resolveProperties(stack, prepared, logicalId);
        const resource = await this.createResource(stack, prepared, logicalId, props);
        stack.resources.set(logicalId, resource);
        changes.created.push(logicalId);
      } catch (error) {
        const reason = reasonOf(error);
        this.resourceEvent(stack, logicalId, type, '', 'CREATE_FAILED', reason);
        await this.rollbackCreate(
          stack,
          `The following resource(s) failed to create: [${logicalId}]. Rollback requested by user.`
        );
        throw new StackOperationError(stackName, 'CREATE', logicalId, type, reason, stack.status, {
          cause: error,
        });
      }
    }
    try {
      this.publishOutputs(stack, prepared);
    } catch (error) {
      const reason = reasonOf(error);
      await this.rollbackCreate(stack, reason);
      throw new StackOperationError(
        stackName,
        'CREATE',
        stackName,
        'AWS::CloudFormation::Stack',
        reason,
        stack.status,
        {
          cause: error,
        }
      );
    }
    this.setStatus(stack, 'CREATE_COMPLETE');
    return { stack, outputs: outputMap(stack), changes };
  }

  /**
   * Updates a stack to a new template: creates new resources, updates changed ones in place
   * (or replaces them when a changed property requires it), then deletes removed and replaced
   * resources. Unchanged resources keep their physical names. On failure every change is
   * undone (UPDATE_ROLLBACK_COMPLETE) and a StackOperationError is thrown.
   */
  async updateStackFrom(
    stackName: string,
    source: TemplateSource,
    options: StackOptions = {}
  ): Promise<StackOperationResult> {
    const stack = this.live.get(stackName);
    if (!stack) throw validationError(`Stack [${stackName}] does not exist`);
    if (!UPDATABLE.has(stack.status)) {
      throw validationError(
        `Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`
      );
    }
    const previousParameters = Object.fromEntries(
      stack.parameters.map((p) => [p.ParameterKey, p.ParameterValue])
    );
    const prepared = this.prepare(
      source.template,
      {
        ...previousParametersFor(source.template, previousParameters),
        ...(options.parameters ?? {}),
      },
      stackName,
      stack.stackId
    );
    const tags = { ...(options.tags ?? source.tags ?? stack.tags) };
    if (!this.hasChanges(stack, prepared, tags, source.template)) {
      return { stack, outputs: outputMap(stack), changes: emptyChanges(), unchanged: true };
    }

    const before = {
      template: stack.template,
      assets: stack.assets,
      parameters: stack.parameters,
      tags: stack.tags,
      description: stack.description,
      resources: new Map(stack.resources),
    };
    const oldOrder = [...stack.resources.keys()];
    stack.assets = source.assets ?? NO_ASSETS;
    stack.lastUpdatedTime = this.options.clock.now();
    this.setStatus(stack, 'UPDATE_IN_PROGRESS', 'User Initiated');

    type Step =
      | { kind: 'created'; logicalId: string }
      | { kind: 'updated' | 'replaced'; logicalId: string; previous: StackResourceRecord };
    const journal: Step[] = [];
    const changes = emptyChanges();
    const next = new Map<string, StackResourceRecord>();
    // Resolution sees the new records of processed resources and the old ones of the rest.
    const view = new Map(stack.resources);
    for (const logicalId of prepared.order) {
      const definition = prepared.template.Resources[logicalId];
      const type = definition?.Type as string;
      const existing = before.resources.get(logicalId);
      try {
        const props = this.resolveWith(view, prepared, logicalId);
        if (!existing) {
          const created = await this.createResource(stack, prepared, logicalId, props);
          journal.push({ kind: 'created', logicalId });
          changes.created.push(logicalId);
          next.set(logicalId, created);
          view.set(logicalId, created);
          continue;
        }
        if (existing.type === type && sameJson(existing.properties, props)) {
          next.set(logicalId, existing);
          continue;
        }
        const provider = this.provider(logicalId, type);
        if (
          existing.type !== type ||
          !provider.update ||
          requiresReplacement(provider, existing.properties, props)
        ) {
          checkReplaceable(provider, existing, props);
          const created = await this.createResource(
            stack,
            prepared,
            logicalId,
            props,
            existing.physicalId
          );
          journal.push({ kind: 'replaced', logicalId, previous: existing });
          changes.replaced.push(logicalId);
          next.set(logicalId, created);
          view.set(logicalId, created);
          continue;
        }
        this.resourceEvent(stack, logicalId, type, existing.physicalId, 'UPDATE_IN_PROGRESS');
        const updated = await provider.update(
          this.context(stack, logicalId, type),
          { physicalId: existing.physicalId, attributes: existing.attributes },
          props,
          existing.properties
        );
        const record = this.record(logicalId, type, updated, props, 'UPDATE_COMPLETE');
        this.resourceEvent(stack, logicalId, type, record.physicalId, 'UPDATE_COMPLETE');
        journal.push({ kind: 'updated', logicalId, previous: existing });
        changes.updated.push(logicalId);
        next.set(logicalId, record);
        view.set(logicalId, record);
      } catch (error) {
        const reason = reasonOf(error);
        this.resourceEvent(
          stack,
          logicalId,
          type,
          existing?.physicalId ?? '',
          existing ? 'UPDATE_FAILED' : 'CREATE_FAILED',
          reason
        );
        await this.rollbackUpdate(
          stack,
          journal,
          view,
          before,
          `The following resource(s) failed to ${existing ? 'update' : 'create'}: [${logicalId}]. `
        );
        throw new StackOperationError(stackName, 'UPDATE', logicalId, type, reason, stack.status, {
          cause: error,
        });
      }
    }

    stack.resources = next;
    stack.template = source.template;
    stack.parameters = prepared.described;
    stack.tags = tags;
    stack.description = source.template.Description;
    try {
      this.publishOutputs(stack, prepared);
    } catch (error) {
      const reason = reasonOf(error);
      stack.resources = view;
      await this.rollbackUpdate(stack, journal, view, before, reason);
      throw new StackOperationError(
        stackName,
        'UPDATE',
        stackName,
        'AWS::CloudFormation::Stack',
        reason,
        stack.status,
        {
          cause: error,
        }
      );
    }

    this.setStatus(stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    const removed = oldOrder.filter((id) => !next.has(id)).reverse();
    for (const logicalId of removed) {
      const record = before.resources.get(logicalId) as StackResourceRecord;
      const policy = before.template.Resources[logicalId]?.DeletionPolicy;
      await this.deleteResource(stack, record, policy, false);
      changes.deleted.push(logicalId);
    }
    for (const step of [...journal].reverse()) {
      if (step.kind !== 'replaced') continue;
      const policy = before.template.Resources[step.logicalId]?.UpdateReplacePolicy;
      await this.deleteResource(stack, step.previous, policy, false);
    }
    this.setStatus(stack, 'UPDATE_COMPLETE');
    return { stack, outputs: outputMap(stack), changes };
  }

  /**
   * Deletes a stack's resources, dependents first, keeping those with `DeletionPolicy: Retain`.
   * A stack that does not exist is not an error (as DeleteStack); returns the deleted stack.
   * If a resource cannot be deleted the stack is DELETE_FAILED (and can be deleted again).
   */
  async deleteStack(nameOrId: string): Promise<StackRecord | undefined> {
    const stack = this.findStack(nameOrId);
    if (!stack || stack.status === 'DELETE_COMPLETE') return undefined;
    if (stack.status.endsWith('_IN_PROGRESS')) {
      throw validationError(
        `Stack:${stack.stackId} is in ${stack.status} state and can not be deleted.`
      );
    }
    this.setStatus(stack, 'DELETE_IN_PROGRESS', 'User Initiated');
    let failure: { record: StackResourceRecord; error: unknown } | undefined;
    for (const record of [...stack.resources.values()].reverse()) {
      const policy = stack.template.Resources[record.logicalId]?.DeletionPolicy;
      try {
        await this.deleteResource(stack, record, policy, true);
        stack.resources.delete(record.logicalId);
      } catch (error) {
        failure ??= { record, error };
      }
    }
    if (failure) {
      const reason = reasonOf(failure.error);
      this.setStatus(
        stack,
        'DELETE_FAILED',
        `The following resource(s) failed to delete: [${failure.record.logicalId}]. `
      );
      throw new StackOperationError(
        stack.stackName,
        'DELETE',
        failure.record.logicalId,
        failure.record.type,
        reason,
        stack.status,
        {
          cause: failure.error,
        }
      );
    }
    for (const [name, entry] of this.exports)
      if (entry.stackId === stack.stackId) this.exports.delete(name);
    stack.deletionTime = this.options.clock.now();
    this.setStatus(stack, 'DELETE_COMPLETE');
    this.live.delete(stack.stackName);
    this.deleted.push(stack);
    return stack;
  }

  // ---- preparing a template -----------------------------------------------------------

  /**
   * Checks a template against what the interpreter supports and resolves its parameters,
   * conditions and rules, all before anything is created: unsupported resource types and
   * intrinsic functions, unknown references, unknown attributes and cycles are errors here.
   */
  private prepare(
    template: Template,
    given: Readonly<Record<string, string>>,
    stackName: string,
    stackId: string
  ): Prepared {
    const { region, accountId } = this.options;
    const pseudo: Record<string, unknown> = {
      'AWS::AccountId': accountId,
      'AWS::Region': region,
      'AWS::Partition': 'aws',
      'AWS::StackName': stackName,
      'AWS::StackId': stackId,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::NotificationARNs': [],
    };
    const { parameters, described } = this.resolveParameters(template, given);
    const staticScope = (condition: (name: string) => boolean): ResolveScope => ({
      pseudo,
      parameters,
      mappings: template.Mappings,
      region,
      isResource: () => false,
      resourceRef: () => undefined,
      resourceAttribute: () => undefined,
      condition,
      exportValue: (name) => this.exports.get(name)?.value,
    });
    for (const [name, definition] of Object.entries(template.Conditions ?? {})) {
      scanReferences(definition, `Conditions.${name}`);
    }
    const condition = conditionEvaluator(template.Conditions ?? {}, staticScope);
    this.checkRules(template, staticScope(condition));

    const resources = template.Resources;
    const included = new Set<string>();
    const unsupported: string[] = [];
    for (const [logicalId, definition] of Object.entries(resources)) {
      if (definition.Condition !== undefined && !condition(definition.Condition)) continue;
      included.add(logicalId);
      if (!providerFor(definition.Type)) unsupported.push(`${definition.Type} (${logicalId})`);
    }
    if (unsupported.length > 0) {
      throw validationError(
        `Template format error: Unrecognized resource types: [${unsupported.join(', ')}]. The emulator creates [${SUPPORTED_TYPES.join(', ')}] and accepts as no-ops [${NO_OP_TYPES.join(', ')}]`
      );
    }
    for (const logicalId of included)
      this.checkProperties(logicalId, resources[logicalId] as ResourceDefinition);
    const parameterNames = new Set(Object.keys(parameters));
    const graph = dependencyGraph(resources, parameterNames, (id) => included.has(id));
    for (const logicalId of included) {
      const refs = scanReferences(
        resources[logicalId]?.Properties ?? {},
        `Resources.${logicalId}.Properties`
      );
      this.checkAttributes(resources, refs.attributes);
    }
    for (const [key, output] of Object.entries(template.Outputs ?? {})) {
      const refs = scanReferences(output, `Outputs.${key}`);
      for (const name of refs.names) {
        if (!Object.hasOwn(resources, name) && !parameterNames.has(name)) {
          throw templateFormatError(
            `Unresolved resource dependencies [${name}] in the Outputs block of the template`
          );
        }
      }
      this.checkAttributes(resources, refs.attributes);
    }
    return { template, parameters, described, pseudo, condition, included, order: graph.order };
  }

  /** Unknown and missing properties, in CloudFormation's (resource schema) wording. */
  private checkProperties(logicalId: string, definition: ResourceDefinition): void {
    const provider = providerFor(definition.Type);
    if (!provider?.properties) return;
    const given = Object.keys(definition.Properties ?? {});
    const extra = given.filter((key) => !provider.properties?.includes(key));
    const missing = (provider.required ?? []).filter((key) => !given.includes(key));
    const problems = [
      ...extra.map((key) => `#: extraneous key [${key}] is not permitted`),
      ...missing.map((key) => `#: required key [${key}] not found`),
    ];
    if (problems.length > 0) {
      throw validationError(
        `Properties validation failed for resource ${logicalId} (${definition.Type}) with message: ${problems.join(', ')}`
      );
    }
  }

  private checkAttributes(resources: Template['Resources'], pairs: [string, string][]): void {
    for (const [logicalId, attribute] of pairs) {
      const type = resources[logicalId]?.Type;
      if (type === undefined || attribute === '?') continue;
      const provider = providerFor(type);
      if (provider && !provider.attributes.includes(attribute)) {
        throw templateError(
          `resource ${logicalId} does not support attribute type ${attribute} in Fn::GetAtt`
        );
      }
    }
  }

  /** Parameter values from `given` and defaults, typed as CloudFormation types them. */
  private resolveParameters(
    template: Template,
    given: Readonly<Record<string, string>>
  ): { parameters: Record<string, unknown>; described: StackParameter[] } {
    const definitions = template.Parameters ?? {};
    const unknown = Object.keys(given).filter((key) => !Object.hasOwn(definitions, key));
    if (unknown.length > 0)
      throw validationError(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
    const missing = Object.entries(definitions)
      .filter(([key, d]) => given[key] === undefined && d.Default === undefined)
      .map(([key]) => key);
    if (missing.length > 0)
      throw validationError(`Parameters: [${missing.join(', ')}] must have values`);
    const parameters: Record<string, unknown> = {};
    const described: StackParameter[] = [];
    for (const [key, definition] of Object.entries(definitions)) {
      const raw = String(given[key] ?? definition.Default);
      const type = definition.Type;
      let value: unknown = raw;
      let resolvedValue: string | undefined;
      if (
        Array.isArray(definition.AllowedValues) &&
        !definition.AllowedValues.map(String).includes(raw)
      ) {
        throw validationError(`Parameter '${key}' must be one of AllowedValues`);
      }
      if (
        definition.AllowedPattern !== undefined &&
        !new RegExp(`^(?:${definition.AllowedPattern})$`).test(raw)
      ) {
        throw validationError(`Parameter '${key}' must match pattern ${definition.AllowedPattern}`);
      }
      const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
      if (ssm) {
        resolvedValue = this.ssm[raw];
        if (resolvedValue === undefined) {
          throw validationError(
            `Unable to fetch parameters [${raw}] from parameter store for this account.`
          );
        }
        value = /^List<|CommaDelimitedList/.test(ssm[1] as string)
          ? resolvedValue.split(',')
          : resolvedValue;
      } else if (type === 'Number') {
        if (raw.trim() === '' || Number.isNaN(Number(raw)))
          throw validationError(`Parameter '${key}' must be a number.`);
      } else if (type === 'CommaDelimitedList' || type.startsWith('List<')) {
        value = raw === '' ? [] : raw.split(',').map((s) => s.trim());
      } else if (type !== 'String' && !type.startsWith('AWS::')) {
        throw validationError(`Template format error: Unrecognized parameter type: ${type}`);
      }
      parameters[key] = value;
      const noEcho = String(definition.NoEcho) === 'true';
      described.push({
        ParameterKey: key,
        ParameterValue: noEcho ? '****' : raw,
        ...(resolvedValue !== undefined ? { ResolvedValue: resolvedValue } : {}),
      });
    }
    return { parameters, described };
  }

  /** Template Rules: every assertion of every applicable rule must hold. */
  private checkRules(template: Template, scope: ResolveScope): void {
    for (const [name, rule] of Object.entries(template.Rules ?? {})) {
      scanReferences(rule, `Rules.${name}`);
      if (
        rule.RuleCondition !== undefined &&
        !evaluateCondition(rule.RuleCondition, scope, `Rules.${name}.RuleCondition`)
      ) {
        continue;
      }
      (rule.Assertions ?? []).forEach((assertion, i) => {
        if (!evaluateCondition(assertion.Assert, scope, `Rules.${name}.Assertions[${i}]`)) {
          throw validationError(
            assertion.AssertDescription ??
              `Template error: Rule ${name} failed: assertion ${i + 1} does not hold`
          );
        }
      });
    }
  }

  // ---- resources ----------------------------------------------------------------------

  private provider(logicalId: string, type: string): ResourceProvider {
    const provider = providerFor(type);
    if (!provider) throw validationError(`Unsupported resource type ${type} (${logicalId})`);
    return provider;
  }

  private resolveProperties(stack: StackRecord, prepared: Prepared, logicalId: string): Properties {
    return this.resolveWith(stack.resources, prepared, logicalId);
  }

  /** Resolves a resource's properties against the given resource records. */
  private resolveWith(
    records: ReadonlyMap<string, StackResourceRecord>,
    prepared: Prepared,
    logicalId: string
  ): Properties {
    const definition = prepared.template.Resources[logicalId];
    const resolved = resolve(
      definition?.Properties ?? {},
      this.scope(records, prepared),
      `Resources.${logicalId}.Properties`
    );
    return resolved === NO_VALUE ? {} : (resolved as Properties);
  }

  private scope(
    records: ReadonlyMap<string, StackResourceRecord>,
    prepared: Prepared
  ): ResolveScope {
    return {
      pseudo: prepared.pseudo,
      parameters: prepared.parameters,
      mappings: prepared.template.Mappings,
      region: this.options.region,
      isResource: (id) => prepared.included.has(id),
      resourceRef: (id) => {
        const record = records.get(id);
        if (!record) throw new Error(`resource ${id} is referenced before it exists`);
        return record.physicalId;
      },
      resourceAttribute: (id, attribute) => {
        const record = records.get(id);
        if (!record) throw new Error(`resource ${id} is referenced before it exists`);
        const value = record.attributes[attribute];
        if (value === undefined)
          throw new Error(`Attribute '${attribute}' does not exist on ${id} (${record.type})`);
        return value;
      },
      condition: prepared.condition,
      exportValue: (name) => this.exports.get(name)?.value,
    };
  }

  private context(stack: StackRecord, logicalId: string, type: string): ProviderContext {
    const { region, accountId, clock, services } = this.options;
    return {
      stackName: stack.stackName,
      stackId: stack.stackId,
      logicalId,
      resourceType: type,
      region,
      accountId,
      partition: 'aws',
      clock,
      assets: stack.assets,
      generateName: (maxLength) =>
        generatedName(stack.stackName, logicalId, maxLength, this.suffix()),
      service: (key) => {
        const service = services[key];
        if (!service) {
          throw new Error(
            `${type} ${logicalId} needs the emulator's ${SERVICE_NAMES[key]}, which this emulator has not been given`
          );
        }
        return service as NonNullable<StackServices[typeof key]>;
      },
    };
  }

  private record(
    logicalId: string,
    type: string,
    provided: ProvidedResource,
    properties: Properties,
    status: ResourceStatus
  ): StackResourceRecord {
    return {
      logicalId,
      type,
      physicalId: provided.physicalId,
      attributes: { ...provided.attributes },
      properties,
      status,
      lastUpdated: this.options.clock.now(),
    };
  }

  private async createResource(
    stack: StackRecord,
    prepared: Prepared,
    logicalId: string,
    props: Properties,
    replacing?: string
  ): Promise<StackResourceRecord> {
    const type = prepared.template.Resources[logicalId]?.Type as string;
    const provider = this.provider(logicalId, type);
    this.resourceEvent(
      stack,
      logicalId,
      type,
      replacing ?? '',
      replacing ? 'UPDATE_IN_PROGRESS' : 'CREATE_IN_PROGRESS',
      replacing
        ? 'Requested update requires the creation of a new physical resource; hence creating one.'
        : undefined
    );
    const provided = await provider.create(this.context(stack, logicalId, type), props);
    const status: ResourceStatus = replacing ? 'UPDATE_COMPLETE' : 'CREATE_COMPLETE';
    const record = this.record(logicalId, type, provided, props, status);
    this.resourceEvent(stack, logicalId, type, record.physicalId, status);
    return record;
  }

  /** Deletes one resource unless its policy retains it; `strict` rethrows failures. */
  private async deleteResource(
    stack: StackRecord,
    record: StackResourceRecord,
    policy: string | undefined,
    strict: boolean
  ): Promise<void> {
    if (policy === 'Retain' || policy === 'RetainExceptOnCreate') {
      this.resourceEvent(stack, record.logicalId, record.type, record.physicalId, 'DELETE_SKIPPED');
      return;
    }
    this.resourceEvent(
      stack,
      record.logicalId,
      record.type,
      record.physicalId,
      'DELETE_IN_PROGRESS'
    );
    try {
      await this.provider(record.logicalId, record.type).delete(
        this.context(stack, record.logicalId, record.type),
        { physicalId: record.physicalId, attributes: record.attributes },
        record.properties
      );
    } catch (error) {
      this.resourceEvent(
        stack,
        record.logicalId,
        record.type,
        record.physicalId,
        'DELETE_FAILED',
        reasonOf(error)
      );
      if (strict) throw error;
      return;
    }
    this.resourceEvent(stack, record.logicalId, record.type, record.physicalId, 'DELETE_COMPLETE');
  }

  // ---- rollback -----------------------------------------------------------------------

  /** Deletes what a failed create made, newest first (Retain policies kept, except on create). */
  private async rollbackCreate(stack: StackRecord, reason: string): Promise<void> {
    this.setStatus(stack, 'ROLLBACK_IN_PROGRESS', reason);
    let failed = false;
    for (const record of [...stack.resources.values()].reverse()) {
      const policy = stack.template.Resources[record.logicalId]?.DeletionPolicy;
      try {
        await this.deleteResource(
          stack,
          record,
          policy === 'RetainExceptOnCreate' ? 'Delete' : policy,
          true
        );
        stack.resources.delete(record.logicalId);
      } catch {
        failed = true;
      }
    }
    // The final status keeps the reason, so DescribeStacks tells why the stack rolled back.
    this.setStatus(stack, failed ? 'ROLLBACK_FAILED' : 'ROLLBACK_COMPLETE', reason);
  }

  /** Undoes an update: new resources deleted, updated ones restored, replacements dropped. */
  private async rollbackUpdate(
    stack: StackRecord,
    journal: (
      | { kind: 'created'; logicalId: string }
      | { kind: 'updated' | 'replaced'; logicalId: string; previous: StackResourceRecord }
    )[],
    view: Map<string, StackResourceRecord>,
    before: {
      template: Template;
      assets: AssetResolver;
      parameters: StackParameter[];
      tags: Record<string, string>;
      description?: string;
      resources: Map<string, StackResourceRecord>;
    },
    reason: string
  ): Promise<void> {
    this.setStatus(stack, 'UPDATE_ROLLBACK_IN_PROGRESS', reason);
    let failed = false;
    for (const step of [...journal].reverse()) {
      const current = view.get(step.logicalId) as StackResourceRecord;
      try {
        if (step.kind === 'updated') {
          const provider = this.provider(step.logicalId, current.type);
          this.resourceEvent(
            stack,
            step.logicalId,
            current.type,
            current.physicalId,
            'UPDATE_IN_PROGRESS'
          );
          await provider.update?.(
            { ...this.context(stack, step.logicalId, current.type), assets: before.assets },
            { physicalId: current.physicalId, attributes: current.attributes },
            step.previous.properties,
            current.properties
          );
          this.resourceEvent(
            stack,
            step.logicalId,
            current.type,
            current.physicalId,
            'UPDATE_COMPLETE'
          );
          view.set(step.logicalId, step.previous);
        } else {
          // A new resource, or the new copy of a replaced one: delete it.
          await this.deleteResource(stack, current, undefined, true);
          if (step.kind === 'replaced') view.set(step.logicalId, step.previous);
          else view.delete(step.logicalId);
        }
      } catch {
        failed = true;
      }
    }
    stack.template = before.template;
    stack.assets = before.assets;
    stack.parameters = before.parameters;
    stack.tags = before.tags;
    stack.description = before.description;
    stack.resources = failed ? view : before.resources;
    if (failed) {
      this.setStatus(stack, 'UPDATE_ROLLBACK_FAILED', reason);
      return;
    }
    this.setStatus(stack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    this.setStatus(stack, 'UPDATE_ROLLBACK_COMPLETE', reason);
  }

  // ---- outputs, changes, events -------------------------------------------------------

  private publishOutputs(stack: StackRecord, prepared: Prepared): void {
    const scope = this.scope(stack.resources, prepared);
    const outputs: StackOutput[] = [];
    const exported = new Map<string, string>();
    for (const [key, output] of Object.entries(prepared.template.Outputs ?? {})) {
      if (output.Condition !== undefined && !prepared.condition(output.Condition)) continue;
      const value = resolve(output.Value, scope, `Outputs.${key}.Value`);
      if (value === NO_VALUE || value === undefined) continue;
      const entry: StackOutput = { OutputKey: key, OutputValue: outputString(value) };
      if (output.Description !== undefined) {
        entry.Description = outputString(
          resolve(output.Description, scope, `Outputs.${key}.Description`)
        );
      }
      if (output.Export !== undefined) {
        const name = outputString(resolve(output.Export.Name, scope, `Outputs.${key}.Export.Name`));
        const owner = this.exports.get(name);
        if ((owner && owner.stackId !== stack.stackId) || exported.has(name)) {
          const by = owner
            ? (this.findStack(owner.stackId)?.stackName ?? owner.stackId)
            : stack.stackName;
          throw validationError(`Export with name ${name} is already exported by stack ${by}`);
        }
        entry.ExportName = name;
        exported.set(name, entry.OutputValue);
      }
      outputs.push(entry);
    }
    for (const [name, entry] of this.exports)
      if (entry.stackId === stack.stackId) this.exports.delete(name);
    for (const [name, value] of exported) this.exports.set(name, { value, stackId: stack.stackId });
    stack.outputs = outputs;
  }

  /** Whether an update would change anything (resources, outputs, parameters, tags). */
  private hasChanges(
    stack: StackRecord,
    prepared: Prepared,
    tags: Record<string, string>,
    template: Template
  ): boolean {
    if (!sameJson(tags, stack.tags)) return true;
    if (!sameJson(prepared.described, stack.parameters)) return true;
    if (template.Description !== stack.description) return true;
    if (!sameJson(template.Outputs ?? {}, stack.template.Outputs ?? {})) return true;
    const ids = prepared.order;
    if (ids.length !== stack.resources.size || ids.some((id) => !stack.resources.has(id)))
      return true;
    for (const id of ids) {
      const existing = stack.resources.get(id) as StackResourceRecord;
      const definition = template.Resources[id];
      const previous = stack.template.Resources[id];
      if (existing.type !== definition?.Type) return true;
      if (
        definition?.DeletionPolicy !== previous?.DeletionPolicy ||
        definition?.UpdateReplacePolicy !== previous?.UpdateReplacePolicy
      ) {
        return true;
      }
      try {
        if (!sameJson(this.resolveWith(stack.resources, prepared, id), existing.properties))
          return true;
      } catch {
        return true;
      }
    }
    return false;
  }

  private setStatus(stack: StackRecord, status: StackStatus, reason?: string): void {
    stack.status = status;
    stack.statusReason = reason;
    this.stackEvent(stack, status, reason);
  }

  private stackEvent(stack: StackRecord, status: StackStatus, reason?: string): void {
    this.pushEvent(
      stack,
      stack.stackName,
      'AWS::CloudFormation::Stack',
      stack.stackId,
      status,
      reason
    );
  }

  private resourceEvent(
    stack: StackRecord,
    logicalId: string,
    type: string,
    physicalId: string,
    status: ResourceStatus,
    reason?: string
  ): void {
    this.pushEvent(stack, logicalId, type, physicalId, status, reason);
  }

  private pushEvent(
    stack: StackRecord,
    logicalId: string,
    type: string,
    physicalId: string,
    status: StackStatus | ResourceStatus,
    reason?: string
  ): void {
    stack.events.unshift({
      EventId: randomUUID(),
      StackId: stack.stackId,
      StackName: stack.stackName,
      LogicalResourceId: logicalId,
      PhysicalResourceId: physicalId,
      ResourceType: type,
      Timestamp: this.options.clock.now(),
      ResourceStatus: status,
      ...(reason ? { ResourceStatusReason: reason } : {}),
    });
  }
}

/** How error messages name each service. */
const SERVICE_NAMES: Record<keyof StackServices, string> = {
  kinesis: 'Kinesis service',
  sqs: 'SQS service',
  logs: 'CloudWatch Logs service',
  cloudwatch: 'CloudWatch service',
  dashboards: 'dashboard registry',
  dynamodb: 'DynamoDB service',
  lambda: 'Lambda runtime',
  eventSourceMappings: 'event source mapping registry (Lambda service)',
  pipes: 'pipe registry (Pipes service)',
};

function fromAssembly(stack: AssemblyStack): TemplateSource {
  return { template: stack.template, assets: stack.assets, tags: stack.tags };
}

function emptyChanges(): StackChanges {
  return { created: [], updated: [], replaced: [], deleted: [] };
}

function outputMap(stack: StackRecord): Record<string, string> {
  return Object.fromEntries(stack.outputs.map((o) => [o.OutputKey, o.OutputValue]));
}

/** Output values are strings; lists are joined with commas, as CloudFormation shows them. */
function outputString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

function checkStackName(name: string): void {
  if (!STACK_NAME.test(name) || name.length > 128) {
    throw validationError(
      `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*`
    );
  }
}

/** Parameters the new template still declares keep their previous value unless given anew. */
function previousParametersFor(
  template: Template,
  previous: Record<string, string>
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(template.Parameters ?? {})) {
    const definition = template.Parameters?.[key];
    // SSM-typed parameters are re-read from the (template default) parameter name each time.
    if (
      previous[key] !== undefined &&
      previous[key] !== '****' &&
      !definition?.Type.startsWith('AWS::SSM::')
    ) {
      out[key] = previous[key] as string;
    }
  }
  return out;
}

function reasonOf(error: unknown): string {
  // A service's error carries its code; the interpreter's own (ValidationError) speak for themselves.
  if (error instanceof AwsError && error.code !== 'ValidationError') {
    return `${error.message} (Error Code: ${error.code})`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Deep equality of two JSON values, key order ignored. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** The value at a dotted path of nested objects (undefined where the path leaves them). */
function valueAt(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Whether a change touches a property the provider replaces on. */
export function requiresReplacement(
  provider: Pick<ResourceProvider, 'replaceOn'>,
  before: Properties,
  after: Properties
): boolean {
  return provider.replaceOn.some((path) => !sameJson(valueAt(before, path), valueAt(after, path)));
}

/** CloudFormation refuses to replace a resource whose explicit name stays the same. */
function checkReplaceable(
  provider: ResourceProvider,
  existing: StackResourceRecord,
  props: Properties
): void {
  const key = provider.nameProperty;
  if (!key) return;
  const name = props[key];
  if (name !== undefined && sameJson(name, existing.properties[key])) {
    throw new Error(
      `CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename ${String(name)} and update the stack again.`
    );
  }
}
