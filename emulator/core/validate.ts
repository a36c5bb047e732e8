import { AwsError, validationError } from './errors';

/**
 * Input shapes as data, checked the way AWS's JSON services (Coral) check them: a wrong JSON
 * type is a `SerializationException`; a broken constraint is a `ValidationException` listing up
 * to 10 failures as `Value '<v>' at '<path>' failed to satisfy constraint: Member must ...`.
 * Member paths are lowerCamel (`streamName`, `records.1.member.partitionKey`), as AWS writes them.
 */
export type Shape =
  | StringShape
  | NumberShape
  | BooleanShape
  | TimestampShape
  | BlobShape
  | ListShape
  | MapShape
  | StructureShape;

interface BaseShape {
  /** Reported as `Member must not be null` when absent. */
  required?: boolean;
}

export interface StringShape extends BaseShape {
  type: 'string';
  /** Minimum length in characters. */
  min?: number;
  max?: number;
  /** Anchored to the whole value, as AWS does; reported with the pattern text. */
  pattern?: string;
  enum?: readonly string[];
}

export interface NumberShape extends BaseShape {
  type: 'integer' | 'long' | 'double';
  min?: number;
  max?: number;
}

export interface BooleanShape extends BaseShape {
  type: 'boolean';
}

/** JSON protocols send timestamps as epoch seconds (a number); ISO strings are accepted too. */
export interface TimestampShape extends BaseShape {
  type: 'timestamp';
}

/** A base64 string on the wire; `min`/`max` are decoded byte lengths. */
export interface BlobShape extends BaseShape {
  type: 'blob';
  min?: number;
  max?: number;
}

export interface ListShape extends BaseShape {
  type: 'list';
  min?: number;
  max?: number;
  member: Shape;
  /** How AWS prints a member when it prints the whole list (Java's `toString`). */
  memberString?: (member: unknown) => string;
}

export interface MapShape extends BaseShape {
  type: 'map';
  min?: number;
  max?: number;
  value: Shape;
}

export interface StructureShape extends BaseShape {
  type: 'structure';
  members: InputShape;
}

/** The members of an operation's input, in the order AWS reports their failures. */
export type InputShape = Readonly<Record<string, Shape>>;

const MAX_REPORTED = 10;

/** Checks `input` against `shape`; throws SerializationException or ValidationException. */
export function validateInput(input: unknown, shape: InputShape): void {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw serializationError('Start of structure or map found where not expected.');
  }
  checkTypes(input as Record<string, unknown>, shape);
  const errors: string[] = [];
  checkMembers(input as Record<string, unknown>, shape, '', errors);
  if (errors.length > 0) {
    const shown = errors.slice(0, MAX_REPORTED);
    throw validationError(
      `${shown.length} validation error${shown.length > 1 ? 's' : ''} detected: ${shown.join('; ')}`
    );
  }
}

/** Decoded byte length of a base64 string (assumes it already passed the blob type check). */
export function base64ByteLength(value: string): number {
  let padding = 0;
  if (value.endsWith('==')) padding = 2;
  else if (value.endsWith('=')) padding = 1;
  return (value.length / 4) * 3 - padding;
}

/** AWS's error for a body whose JSON types do not match the model. */
export function serializationError(message: string): AwsError {
  return new AwsError('SerializationException', message);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function checkTypes(data: Record<string, unknown>, shape: InputShape): void {
  for (const [name, member] of Object.entries(shape)) {
    const value = data[name];
    if (value !== undefined && value !== null) checkType(value, member);
  }
}

function checkType(value: unknown, shape: Shape): void {
  const isArray = Array.isArray(value);
  const kind = isArray ? 'array' : typeof value;
  const structError = () =>
    serializationError(
      isArray
        ? 'Start of list found where not expected'
        : 'Start of structure or map found where not expected.'
    );
  switch (shape.type) {
    case 'string':
      if (kind === 'boolean')
        throw serializationError('class java.lang.Boolean can not be converted to an String');
      if (kind === 'number')
        throw serializationError('class java.math.BigDecimal can not be converted to an String');
      if (kind !== 'string') throw structError();
      return;
    case 'integer':
    case 'long':
    case 'double': {
      const javaType =
        shape.type === 'integer' ? 'Integer' : shape.type === 'long' ? 'Long' : 'Double';
      if (kind === 'boolean')
        throw serializationError(`class java.lang.Boolean can not be converted to an ${javaType}`);
      if (kind === 'string')
        throw serializationError(`class java.lang.String can not be converted to an ${javaType}`);
      if (kind !== 'number') throw structError();
      return;
    }
    case 'boolean':
      if (kind === 'number')
        throw serializationError('class java.math.BigDecimal can not be converted to an Boolean');
      if (kind === 'string')
        throw serializationError(
          `'${String(value).toUpperCase()}' can not be converted to an Boolean`
        );
      if (kind !== 'boolean') throw structError();
      return;
    case 'timestamp':
      if (kind === 'number') return;
      if (kind === 'string' && !Number.isNaN(Date.parse(value as string))) return;
      if (kind === 'string' || kind === 'boolean')
        throw serializationError(`'${String(value)}' can not be converted to a Timestamp`);
      throw structError();
    case 'blob': {
      if (kind === 'boolean')
        throw serializationError('class java.lang.Boolean can not be converted to a Blob');
      if (kind === 'number')
        throw serializationError('class java.math.BigDecimal can not be converted to a Blob');
      if (kind !== 'string') throw structError();
      const text = value as string;
      if (text.length % 4 !== 0)
        throw serializationError(
          `'${text}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`
        );
      if (!BASE64.test(text)) {
        const bad = /[^A-Za-z0-9+/=]|=[^=]/.exec(text)?.[0]?.[0] ?? '=';
        throw serializationError(
          `'${text}' can not be converted to a Blob: Invalid Base64 character: '${bad}'`
        );
      }
      return;
    }
    case 'list':
      if (kind !== 'array') {
        if (kind === 'object')
          throw serializationError('Start of structure or map found where not expected.');
        throw serializationError('Expected list or null');
      }
      for (const item of value as unknown[]) {
        if (item !== null && item !== undefined) checkType(item, shape.member);
      }
      return;
    case 'map':
      if (kind === 'array') throw serializationError('Start of list found where not expected');
      if (kind !== 'object') throw serializationError('Expected map or null');
      for (const item of Object.values(value as Record<string, unknown>)) {
        if (item !== null && item !== undefined) checkType(item, shape.value);
      }
      return;
    case 'structure':
      if (kind === 'array') throw serializationError('Start of list found where not expected');
      if (kind !== 'object') throw serializationError('Expected null');
      checkTypes(value as Record<string, unknown>, shape.members);
      return;
  }
}

function checkMembers(
  data: Record<string, unknown>,
  shape: InputShape,
  parent: string,
  errors: string[]
): void {
  for (const [name, member] of Object.entries(shape)) {
    checkMember(data[name], member, `${parent}${lowerFirst(name)}`, errors);
  }
}

function checkMember(value: unknown, shape: Shape, path: string, errors: string[]): void {
  if (errors.length >= MAX_REPORTED) return;
  const fail = (constraint: string) => {
    errors.push(
      `Value ${describe(value, shape)} at '${path}' failed to satisfy constraint: ${constraint}`
    );
  };
  if (value === undefined || value === null) {
    if (shape.required) fail('Member must not be null');
    return;
  }
  switch (shape.type) {
    case 'string': {
      const text = value as string;
      if (shape.enum && !shape.enum.includes(text))
        fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      if (shape.pattern !== undefined && !new RegExp(`^(?:${shape.pattern})$`).test(text))
        fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      if (shape.min !== undefined && text.length < shape.min)
        fail(`Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && text.length > shape.max)
        fail(`Member must have length less than or equal to ${shape.max}`);
      return;
    }
    case 'integer':
    case 'long':
    case 'double': {
      const n = value as number;
      if (shape.min !== undefined && n < shape.min)
        fail(`Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && n > shape.max)
        fail(`Member must have value less than or equal to ${shape.max}`);
      return;
    }
    case 'blob': {
      const bytes = base64ByteLength(value as string);
      if (shape.min !== undefined && bytes < shape.min)
        fail(`Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && bytes > shape.max)
        fail(`Member must have length less than or equal to ${shape.max}`);
      return;
    }
    case 'list': {
      const items = value as unknown[];
      if (shape.min !== undefined && items.length < shape.min)
        fail(`Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && items.length > shape.max)
        fail(`Member must have length less than or equal to ${shape.max}`);
      items.forEach((item, i) => {
        checkMember(item, shape.member, `${path}.${i + 1}.member`, errors);
      });
      return;
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>);
      if (shape.min !== undefined && entries.length < shape.min)
        fail(`Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && entries.length > shape.max)
        fail(`Member must have length less than or equal to ${shape.max}`);
      for (const [key, item] of entries) checkMember(item, shape.value, `${path}.${key}`, errors);
      return;
    }
    case 'structure':
      checkMembers(value as Record<string, unknown>, shape.members, `${path}.`, errors);
      return;
    default:
      return;
  }
}

/** The value as AWS prints it in a validation message (quoted, or `null`). */
function describe(value: unknown, shape: Shape): string {
  if (value === undefined || value === null) return 'null';
  switch (shape.type) {
    case 'blob': {
      const n = base64ByteLength(value as string);
      return `'java.nio.HeapByteBuffer[pos=0 lim=${n} cap=${n}]'`;
    }
    case 'list': {
      const items = (value as unknown[]).map((item) =>
        shape.memberString ? shape.memberString(item) : String(item)
      );
      return `'[${items.join(', ')}]'`;
    }
    case 'map':
      return `'{${Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ')}}'`;
    case 'structure':
      return `'${JSON.stringify(value)}'`;
    default:
      return `'${String(value)}'`;
  }
}
