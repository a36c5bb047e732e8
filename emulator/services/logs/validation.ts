/**
 * CloudWatch Logs input validation: a table of model constraints per action, checked the way
 * Coral reports them (`1 validation error detected: Value 'x' at 'logGroupName' failed to
 * satisfy constraint: ...`), all violations in one message, as InvalidParameterException.
 */
import { AwsError } from '../../core/errors';

/** One member's model constraints. */
export interface Rule {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  /** A regular expression the whole value must match (written as AWS prints it). */
  pattern?: string;
  min?: number;
  max?: number;
  enum?: readonly (string | number)[];
}

export type InputTable = Record<string, Rule>;

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

export function resourceNotFound(message: string): AwsError {
  return new AwsError('ResourceNotFoundException', message);
}

export function alreadyExists(message: string): AwsError {
  return new AwsError('ResourceAlreadyExistsException', message);
}

function show(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value))
    return `'[${value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')}]'`;
  if (typeof value === 'object') return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

/** The constraint violations of one value, as Coral words them. */
export function violations(value: unknown, path: string, rule: Rule): string[] {
  const out: string[] = [];
  const fail = (constraint: string): void => {
    out.push(`Value ${show(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  };
  if (value === undefined || value === null) {
    if (rule.required) fail('Member must not be null');
    return out;
  }
  if (rule.minLength !== undefined || rule.maxLength !== undefined) {
    const length = Array.isArray(value)
      ? value.length
      : typeof value === 'object'
        ? Object.keys(value).length
        : String(value).length;
    if (rule.minLength !== undefined && length < rule.minLength) {
      fail(`Member must have length greater than or equal to ${rule.minLength}`);
    }
    if (rule.maxLength !== undefined && length > rule.maxLength) {
      fail(`Member must have length less than or equal to ${rule.maxLength}`);
    }
  }
  if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`, 's').test(String(value))) {
    fail(`Member must satisfy regular expression pattern: ${rule.pattern}`);
  }
  if (rule.min !== undefined && !(Number(value) >= rule.min)) {
    fail(`Member must have value greater than or equal to ${rule.min}`);
  }
  if (rule.max !== undefined && !(Number(value) <= rule.max)) {
    fail(`Member must have value less than or equal to ${rule.max}`);
  }
  if (rule.enum !== undefined && !rule.enum.some((e) => String(e) === String(value))) {
    fail(`Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
  }
  return out;
}

/** Throws InvalidParameterException listing every violation of `table` in `input`. */
export function validate(
  input: Record<string, unknown>,
  table: InputTable,
  extra: string[] = []
): void {
  const errors = [...extra];
  for (const [name, rule] of Object.entries(table))
    errors.push(...violations(input[name], name, rule));
  throwIfAny(errors);
}

export function throwIfAny(errors: string[]): void {
  if (errors.length === 0) return;
  const n = errors.length;
  throw invalidParameter(
    `${n} validation error${n === 1 ? '' : 's'} detected: ${errors.join('; ')}`
  );
}

/** Shared member constraints (SDK model, client-cloudwatch-logs@3.1169.0). */
export const members = {
  logGroupName: { minLength: 1, maxLength: 512, pattern: '[\\.\\-_/#A-Za-z0-9]+' },
  logStreamName: { minLength: 1, maxLength: 512, pattern: '[^:*]*' },
  logGroupIdentifier: { minLength: 1, maxLength: 2048, pattern: '[\\w#+=/:,.@-]*' },
  nextToken: { minLength: 1 },
  time: { min: 0 },
} as const satisfies Record<string, Rule>;
