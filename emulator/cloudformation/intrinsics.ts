/**
 * The intrinsic function resolver: turns template values (`{ "Ref": ... }`,
 * `{ "Fn::GetAtt": ... }` ...) into plain JSON, the way CloudFormation does before it hands
 * properties to a resource provider. Also finds which resources a value refers to (for the
 * dependency graph) and evaluates `Conditions` and `Rules`.
 *
 * Supported (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html):
 * Ref (resources, parameters, pseudo parameters incl. AWS::NoValue), Fn::GetAtt, Fn::Join,
 * Fn::Sub, Fn::Select, Fn::Split, Fn::If, Fn::Equals, Fn::Not, Fn::And, Fn::Or, Fn::Base64,
 * Fn::FindInMap, Fn::GetAZs, Fn::ImportValue, and the rule functions Fn::Contains,
 * Fn::EachMemberEquals, Fn::EachMemberIn. Any other `Fn::` key is an error naming it.
 */
import {
  templateError,
  templateFormatError,
  unresolvedDependencies,
  validationError,
} from './errors';
import { isPlainObject } from './template';

/** What `{ "Ref": "AWS::NoValue" }` resolves to: the property or list item is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Every intrinsic function the resolver knows. */
export const SUPPORTED_FUNCTIONS = [
  'Ref',
  'Fn::GetAtt',
  'Fn::Join',
  'Fn::Sub',
  'Fn::Select',
  'Fn::Split',
  'Fn::If',
  'Fn::Equals',
  'Fn::Not',
  'Fn::And',
  'Fn::Or',
  'Fn::Base64',
  'Fn::FindInMap',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::Contains',
  'Fn::EachMemberEquals',
  'Fn::EachMemberIn',
] as const;

const supported: ReadonlySet<string> = new Set(SUPPORTED_FUNCTIONS);

/** Everything a value can refer to while it is resolved. */
export interface ResolveScope {
  /** Pseudo parameters (`AWS::Region` ...), without AWS::NoValue. */
  readonly pseudo: Readonly<Record<string, unknown>>;
  /** Parameter values: a string, or a list of strings for list types. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly mappings?: Readonly<
    Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>
  >;
  /** The region Fn::GetAZs lists zones of. */
  readonly region: string;
  /** Whether a resource with this logical id is defined (and not excluded by its condition). */
  isResource(logicalId: string): boolean;
  /** A resource's Ref value (its physical id). */
  resourceRef(logicalId: string): unknown;
  /** A resource's Fn::GetAtt value. */
  resourceAttribute(logicalId: string, attribute: string): unknown;
  /** A named condition's value. */
  condition(name: string): boolean;
  /** An exported output of another stack (Fn::ImportValue). */
  exportValue?(name: string): string | undefined;
}

/** If `value` is an intrinsic function call, its name and argument. */
export function intrinsicCall(value: unknown): { name: string; args: unknown } | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const name = keys[0] as string;
  if (name !== 'Ref' && !name.startsWith('Fn::')) return undefined;
  return { name, args: value[name] };
}

function unsupported(name: string, at: string): never {
  throw templateFormatError(
    `Encountered unsupported function: ${name} at ${at}. Supported functions are: [${SUPPORTED_FUNCTIONS.join(', ')}]`
  );
}

/**
 * Resolves every intrinsic function in `value`. Keys and list items that resolve to
 * AWS::NoValue are dropped; a top-level NoValue is returned as NO_VALUE. `at` names the place
 * in the template, for error messages.
 */
export function resolve(value: unknown, scope: ResolveScope, at: string): unknown {
  const call = intrinsicCall(value);
  if (call) return resolveCall(call.name, call.args, scope, at);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const resolved = resolve(item, scope, `${at}[${i}]`);
      if (resolved !== NO_VALUE) out.push(resolved);
    });
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolve(item, scope, `${at}.${key}`);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }
  return value;
}

/** Resolves `value` and requires a string (numbers are written as CloudFormation does). */
function resolveString(value: unknown, scope: ResolveScope, at: string, what: string): string {
  const resolved = resolve(value, scope, at);
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
  throw templateError(`${what} at ${at} must resolve to a string, got ${describe(resolved)}`);
}

function resolveList(value: unknown, scope: ResolveScope, at: string, what: string): unknown[] {
  const resolved = resolve(value, scope, at);
  if (Array.isArray(resolved)) return resolved;
  throw templateError(`${what} at ${at} must resolve to a list, got ${describe(resolved)}`);
}

function describe(value: unknown): string {
  if (value === NO_VALUE) return 'AWS::NoValue';
  if (value === undefined) return 'nothing';
  return JSON.stringify(value);
}

function resolveCall(name: string, args: unknown, scope: ResolveScope, at: string): unknown {
  const here = `${at}.${name}`;
  switch (name) {
    case 'Ref': {
      if (typeof args !== 'string')
        throw templateFormatError(`Ref at ${at} must name a resource or parameter`);
      return ref(args, scope);
    }
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = getAttTarget(args, here, scope);
      if (!scope.isResource(logicalId)) {
        throw templateError(`instance of Fn::GetAtt references undefined resource ${logicalId}`);
      }
      return scope.resourceAttribute(logicalId, attribute);
    }
    case 'Fn::Join': {
      if (!Array.isArray(args) || args.length !== 2) throw joinError();
      const delimiter = resolve(args[0], scope, `${here}[0]`);
      if (typeof delimiter !== 'string') throw joinError();
      const items = resolve(args[1], scope, `${here}[1]`);
      if (!Array.isArray(items)) throw joinError();
      return items
        .map((item) => {
          if (typeof item === 'string') return item;
          if (typeof item === 'number' || typeof item === 'boolean') return String(item);
          throw joinError();
        })
        .join(delimiter);
    }
    case 'Fn::Sub':
      return sub(args, scope, here);
    case 'Fn::Select': {
      if (!Array.isArray(args) || args.length !== 2) {
        throw templateError(
          `Fn::Select at ${at} requires a list of two elements: an index and a list`
        );
      }
      const index = Number(resolve(args[0], scope, `${here}[0]`));
      const list = resolveList(args[1], scope, `${here}[1]`, 'the list of Fn::Select');
      if (!Number.isInteger(index) || index < 0 || index >= list.length) {
        throw templateError(`Fn::Select cannot select nonexistent value at index ${index}`);
      }
      return list[index];
    }
    case 'Fn::Split': {
      if (!Array.isArray(args) || args.length !== 2) {
        throw templateError(
          `Fn::Split at ${at} requires a list of two elements: a delimiter and a string`
        );
      }
      const delimiter = resolveString(args[0], scope, `${here}[0]`, 'the delimiter of Fn::Split');
      const source = resolveString(args[1], scope, `${here}[1]`, 'the string of Fn::Split');
      return source.split(delimiter);
    }
    case 'Fn::If': {
      if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') {
        throw templateError(
          `Fn::If at ${at} requires a list of three elements: a condition name, a value if true and a value if false`
        );
      }
      const branch = scope.condition(args[0]) ? 1 : 2;
      return resolve(args[branch], scope, `${here}[${branch}]`);
    }
    case 'Fn::Equals':
    case 'Fn::Not':
    case 'Fn::And':
    case 'Fn::Or':
    case 'Fn::Contains':
    case 'Fn::EachMemberEquals':
    case 'Fn::EachMemberIn':
      return evaluateCondition({ [name]: args }, scope, at);
    case 'Fn::Base64':
      return Buffer.from(
        resolveString(args, scope, here, 'the argument of Fn::Base64'),
        'utf8'
      ).toString('base64');
    case 'Fn::FindInMap': {
      if (!Array.isArray(args) || args.length !== 3) {
        throw templateError(
          `Fn::FindInMap at ${at} requires a map name, a top-level key and a second-level key`
        );
      }
      const [mapName, top, second] = args.map((a, i) =>
        resolveString(a, scope, `${here}[${i}]`, 'a key of Fn::FindInMap')
      ) as [string, string, string];
      const map = scope.mappings?.[mapName];
      if (!map) throw templateError(`Unable to get mapping for ${mapName}::${top}::${second}`);
      const value = map[top]?.[second];
      if (value === undefined)
        throw templateError(`Unable to get mapping for ${mapName}::${top}::${second}`);
      return value;
    }
    case 'Fn::GetAZs': {
      const region = resolve(args, scope, here);
      const name = typeof region === 'string' && region !== '' ? region : scope.region;
      return ['a', 'b', 'c'].map((zone) => `${name}${zone}`);
    }
    case 'Fn::ImportValue': {
      const exportName = resolveString(args, scope, here, 'the export name of Fn::ImportValue');
      const value = scope.exportValue?.(exportName);
      if (value === undefined) throw validationError(`No export named ${exportName} found.`);
      return value;
    }
    default:
      return unsupported(name, at);
  }
}

function joinError() {
  return templateError(
    'every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.'
  );
}

function ref(name: string, scope: ResolveScope): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name.startsWith('AWS::')) {
    if (Object.hasOwn(scope.pseudo, name)) return scope.pseudo[name];
    throw unresolvedDependencies([name]);
  }
  if (Object.hasOwn(scope.parameters, name)) return scope.parameters[name];
  if (scope.isResource(name)) return scope.resourceRef(name);
  throw unresolvedDependencies([name]);
}

/** `["Id", "Attr"]` or `"Id.Attr"` -> [id, attribute]; the attribute may be a Ref. */
function getAttTarget(args: unknown, at: string, scope?: ResolveScope): [string, string] {
  if (typeof args === 'string') {
    const dot = args.indexOf('.');
    if (dot > 0) return [args.slice(0, dot), args.slice(dot + 1)];
  }
  if (Array.isArray(args) && args.length === 2 && typeof args[0] === 'string') {
    const attribute = scope ? resolve(args[1], scope, `${at}[1]`) : args[1];
    if (typeof attribute === 'string') return [args[0], attribute];
    if (!scope && intrinsicCall(attribute)) return [args[0], '?'];
  }
  throw templateError(
    `Fn::GetAtt at ${at} requires a list of two elements, the logical id of a resource and an attribute name, or "LogicalId.Attribute"`
  );
}

const SUB_VARIABLE = /\$\{([^}]*)\}/g;

function subArgs(args: unknown, at: string): { text: unknown; variables: Record<string, unknown> } {
  if (typeof args === 'string') return { text: args, variables: {} };
  if (Array.isArray(args) && args.length === 2 && isPlainObject(args[1])) {
    return { text: args[0], variables: args[1] };
  }
  throw templateError(
    `Fn::Sub at ${at} requires a string, or a list of a string and a map of variables`
  );
}

function sub(args: unknown, scope: ResolveScope, at: string): string {
  const { text: rawText, variables: rawVariables } = subArgs(args, at);
  const text = resolveString(rawText, scope, `${at}[0]`, 'the string of Fn::Sub');
  const variables: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rawVariables)) {
    variables[key] = resolve(value, scope, `${at}[1].${key}`);
  }
  return text.replace(SUB_VARIABLE, (_match, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    let value: unknown;
    if (Object.hasOwn(variables, name)) value = variables[name];
    else if (name.includes('.') && !name.startsWith('AWS::')) {
      const dot = name.indexOf('.');
      const logicalId = name.slice(0, dot);
      if (!scope.isResource(logicalId)) throw unresolvedDependencies([logicalId]);
      value = scope.resourceAttribute(logicalId, name.slice(dot + 1));
    } else value = ref(name, scope);
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw templateError(
      `variable ${name} in Fn::Sub expression at ${at} does not resolve to a string`
    );
  });
}

/**
 * Evaluates a condition expression: `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`,
 * `{ "Condition": "Name" }`, and in Rules the functions `Fn::Contains`, `Fn::EachMemberEquals`
 * and `Fn::EachMemberIn`. A plain boolean (or "true"/"false") is taken as is.
 */
export function evaluateCondition(value: unknown, scope: ResolveScope, at: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  if (
    isPlainObject(value) &&
    Object.keys(value).length === 1 &&
    typeof value.Condition === 'string'
  ) {
    return scope.condition(value.Condition);
  }
  const call = intrinsicCall(value);
  if (!call) throw templateError(`the condition at ${at} is not a condition function`);
  const { name, args } = call;
  const here = `${at}.${name}`;
  const list = (min: number, max: number): unknown[] => {
    if (!Array.isArray(args) || args.length < min || args.length > max) {
      throw templateError(
        min === max
          ? `${name} at ${at} requires a list of ${min} element${min === 1 ? '' : 's'}`
          : `${name} at ${at} requires a list of ${min} to ${max} conditions`
      );
    }
    return args;
  };
  switch (name) {
    case 'Fn::Equals': {
      const [a, b] = list(2, 2).map((item, i) => resolve(item, scope, `${here}[${i}]`));
      return sameValue(a, b);
    }
    case 'Fn::Not':
      return !evaluateCondition(list(1, 1)[0], scope, `${here}[0]`);
    case 'Fn::And':
      return list(2, 10).every((c, i) => evaluateCondition(c, scope, `${here}[${i}]`));
    case 'Fn::Or':
      return list(2, 10).some((c, i) => evaluateCondition(c, scope, `${here}[${i}]`));
    case 'Fn::Contains': {
      const [items, needle] = list(2, 2);
      const haystack = resolveList(items, scope, `${here}[0]`, 'the list of Fn::Contains');
      const value = resolve(needle, scope, `${here}[1]`);
      return haystack.some((item) => sameValue(item, value));
    }
    case 'Fn::EachMemberEquals': {
      const [items, expected] = list(2, 2);
      const members = resolveList(items, scope, `${here}[0]`, 'the list of Fn::EachMemberEquals');
      const value = resolve(expected, scope, `${here}[1]`);
      return members.every((item) => sameValue(item, value));
    }
    case 'Fn::EachMemberIn': {
      const [items, allowed] = list(2, 2);
      const members = resolveList(items, scope, `${here}[0]`, 'the list of Fn::EachMemberIn');
      const permitted = resolveList(allowed, scope, `${here}[1]`, 'the list of Fn::EachMemberIn');
      return members.every((item) => permitted.some((p) => sameValue(item, p)));
    }
    case 'Ref':
    case 'Fn::If':
    case 'Fn::FindInMap': {
      const resolved = resolve(value, scope, at);
      if (resolved === true || resolved === 'true') return true;
      if (resolved === false || resolved === 'false') return false;
      throw templateError(
        `the condition at ${at} resolves to ${describe(resolved)}, not a boolean`
      );
    }
    default:
      if (supported.has(name)) throw templateError(`${name} at ${at} is not a condition function`);
      return unsupported(name, at);
  }
}

/** CloudFormation compares scalars as strings (`Ref` to a Number parameter is "5"). */
function sameValue(a: unknown, b: unknown): boolean {
  const scalar = (v: unknown) =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (scalar(a) && scalar(b)) return String(a) === String(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A `condition(name)` for a template's `Conditions`, evaluated lazily and once each, with a
 * clear error for unknown and circular conditions.
 */
export function conditionEvaluator(
  definitions: Readonly<Record<string, unknown>>,
  scopeFor: (condition: (name: string) => boolean) => ResolveScope
): (name: string) => boolean {
  const values = new Map<string, boolean>();
  const evaluating = new Set<string>();
  const condition = (name: string): boolean => {
    const known = values.get(name);
    if (known !== undefined) return known;
    if (!Object.hasOwn(definitions, name)) {
      throw templateFormatError(
        `Unresolved dependencies [${name}]. Cannot reference resources in the Conditions block of the template`
      );
    }
    if (evaluating.has(name)) {
      throw templateFormatError(
        `Circular dependency between conditions: [${[...evaluating, name].join(', ')}]`
      );
    }
    evaluating.add(name);
    const value = evaluateCondition(definitions[name], scope, `Conditions.${name}`);
    evaluating.delete(name);
    values.set(name, value);
    return value;
  };
  const scope = scopeFor(condition);
  return condition;
}

/** What a template value refers to, found without resolving it. */
export interface References {
  /** Logical ids and parameter names named by Ref, Fn::GetAtt and Fn::Sub. */
  names: Set<string>;
  /** Conditions named by Fn::If and `{ "Condition": ... }`. */
  conditions: Set<string>;
  /** `[logicalId, attribute]` pairs named by Fn::GetAtt and Fn::Sub (`?` when computed). */
  attributes: [string, string][];
}

/**
 * Walks a raw template value and collects what it refers to; throws on any unsupported
 * intrinsic function, so a template is rejected before anything is created.
 */
export function scanReferences(value: unknown, at: string, into?: References): References {
  const refs = into ?? { names: new Set<string>(), conditions: new Set<string>(), attributes: [] };
  const call = intrinsicCall(value);
  if (call) {
    const { name, args } = call;
    const here = `${at}.${name}`;
    if (!supported.has(name)) unsupported(name, at);
    switch (name) {
      case 'Ref':
        if (typeof args !== 'string')
          throw templateFormatError(`Ref at ${at} must name a resource or parameter`);
        if (!args.startsWith('AWS::')) refs.names.add(args);
        return refs;
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = getAttTarget(args, here);
        refs.names.add(logicalId);
        refs.attributes.push([logicalId, attribute]);
        if (Array.isArray(args)) scanReferences(args[1], `${here}[1]`, refs);
        return refs;
      }
      case 'Fn::Sub': {
        const { text, variables } = subArgs(args, here);
        for (const [key, v] of Object.entries(variables))
          scanReferences(v, `${here}[1].${key}`, refs);
        if (typeof text === 'string') {
          for (const match of text.matchAll(SUB_VARIABLE)) {
            const inner = (match[1] as string).trim();
            if (
              inner.startsWith('!') ||
              Object.hasOwn(variables, inner) ||
              inner.startsWith('AWS::')
            )
              continue;
            const dot = inner.indexOf('.');
            if (dot < 0) refs.names.add(inner);
            else {
              refs.names.add(inner.slice(0, dot));
              refs.attributes.push([inner.slice(0, dot), inner.slice(dot + 1)]);
            }
          }
        } else scanReferences(text, `${here}[0]`, refs);
        return refs;
      }
      case 'Fn::If':
        if (Array.isArray(args) && typeof args[0] === 'string') {
          refs.conditions.add(args[0]);
          scanReferences(args.slice(1), here, refs);
          return refs;
        }
        break;
    }
    scanReferences(args, here, refs);
    return refs;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      scanReferences(item, `${at}[${i}]`, refs);
    });
  } else if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && typeof value.Condition === 'string')
      refs.conditions.add(value.Condition);
    for (const [key, item] of Object.entries(value)) scanReferences(item, `${at}.${key}`, refs);
  }
  return refs;
}
