import { templateFormatError, unresolvedDependencies, validationError } from './errors';
import { scanReferences } from './intrinsics';
import type { ResourceDefinition } from './template';

/** The resources of a template in an order that creates every dependency first. */
export interface DependencyGraph {
  /** Creation order (dependencies first); deletion runs it backwards. */
  order: string[];
  /** Each resource's direct dependencies (DependsOn, Ref, Fn::GetAtt, Fn::Sub). */
  dependencies: Map<string, Set<string>>;
}

function dependsOnList(definition: ResourceDefinition, logicalId: string): string[] {
  const raw = definition.DependsOn;
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  for (const item of list) {
    if (typeof item !== 'string') {
      throw templateFormatError(
        `DependsOn of ${logicalId} must be a logical id or a list of logical ids`
      );
    }
  }
  return list;
}

/**
 * Builds the dependency graph of `resources` and orders it (template order among
 * independent resources, so deployments are reproducible). Resources not in `included`
 * (their condition is false) are left out, as are edges to them.
 *
 * Throws CloudFormation's errors: `Unresolved resource dependencies [X] in the Resources
 * block of the template` for a reference to nothing, `Circular dependency between resources:
 * [A, B]` for a cycle.
 */
export function dependencyGraph(
  resources: Readonly<Record<string, ResourceDefinition>>,
  parameterNames: ReadonlySet<string>,
  included: (logicalId: string) => boolean = () => true
): DependencyGraph {
  const ids = Object.keys(resources).filter(included);
  const dependencies = new Map<string, Set<string>>();
  const unresolved = new Set<string>();
  for (const id of ids) {
    const definition = resources[id] as ResourceDefinition;
    const deps = new Set<string>();
    for (const target of dependsOnList(definition, id)) {
      if (!Object.hasOwn(resources, target)) unresolved.add(target);
      else if (included(target)) deps.add(target);
    }
    const refs = scanReferences(definition.Properties ?? {}, `Resources.${id}.Properties`);
    for (const name of refs.names) {
      if (Object.hasOwn(resources, name)) {
        if (included(name)) deps.add(name);
      } else if (!parameterNames.has(name)) unresolved.add(name);
    }
    dependencies.set(id, deps);
  }
  if (unresolved.size > 0) throw unresolvedDependencies([...unresolved]);

  const order: string[] = [];
  const placed = new Set<string>();
  let remaining = ids;
  while (remaining.length > 0) {
    const ready = remaining.filter((id) =>
      [...(dependencies.get(id) as Set<string>)].every((dep) => placed.has(dep))
    );
    if (ready.length === 0) {
      throw validationError(
        `Circular dependency between resources: [${cycleMembers(remaining, dependencies).join(', ')}]`
      );
    }
    for (const id of ready) {
      order.push(id);
      placed.add(id);
    }
    remaining = remaining.filter((id) => !placed.has(id));
  }
  return { order, dependencies };
}

/** The resources left when nothing more can be placed that lie on a cycle (not merely behind one). */
function cycleMembers(
  remaining: readonly string[],
  dependencies: Map<string, Set<string>>
): string[] {
  const left = new Set(remaining);
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [...(dependencies.get(from) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (next === to) return true;
      if (seen.has(next) || !left.has(next)) continue;
      seen.add(next);
      stack.push(...(dependencies.get(next) ?? []));
    }
    return false;
  };
  const members = remaining.filter((id) => reaches(id, id));
  return members.length > 0 ? members : [...remaining];
}
