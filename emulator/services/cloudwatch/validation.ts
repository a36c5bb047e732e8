/**
 * CloudWatch's validation errors and the checks several actions share. CloudWatch is a
 * query-compatible service: each error has a JSON name and a legacy query code, and its
 * messages name parameters by their query path (`MetricData.member.1.Value`), whatever
 * protocol the request came in.
 */
import { AwsError } from '../../core/errors';
import { quotas } from '../../core/quotas';
import { standardUnits } from './statistics';
import type { Dimension } from './store';

/** `The parameter X is required.` */
export function missingParameter(message: string): AwsError {
  return new AwsError('MissingRequiredParameterException', message, 400, 'MissingParameter');
}

export function invalidParameterValue(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, 400, 'InvalidParameterValue');
}

export function invalidParameterCombination(message: string): AwsError {
  return new AwsError(
    'InvalidParameterCombinationException',
    message,
    400,
    'InvalidParameterCombination'
  );
}

/** Coral's model validation (`1 validation error detected: ...`). */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationException', message, 400, 'ValidationError');
}

export function invalidNextToken(message = 'The specified NextToken is invalid.'): AwsError {
  return new AwsError('InvalidNextToken', message, 400, 'InvalidNextToken');
}

export function resourceNotFound(message: string): AwsError {
  return new AwsError('ResourceNotFound', message, 404, 'ResourceNotFound');
}

/** A list member: undefined when absent; a SerializationException when not a list. */
export function asList<T = unknown>(value: unknown, param: string): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value as T[];
  throw new AwsError('SerializationException', `Expected a list for ${param}.`);
}

export function required<T>(value: T | undefined | null, param: string): T {
  if (value === undefined || value === null || (value as unknown) === '') {
    throw missingParameter(`The parameter ${param} is required.`);
  }
  return value;
}

/** A timestamp as the protocols carry it (epoch seconds number, ISO string or Date) -> ms. */
export function toMillis(value: unknown): number {
  if (typeof value === 'number') return Math.round(value * 1000);
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    if (/^-?\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
    return Date.parse(value);
  }
  return Number.NaN;
}

/** A required timestamp parameter, in ms. */
export function requiredTime(value: unknown, param: string): number {
  required(value, param);
  const ms = toMillis(value);
  if (!Number.isFinite(ms)) {
    throw invalidParameterValue(`The value ${String(value)} for parameter ${param} is invalid.`);
  }
  return ms;
}

/** A number as the JSON protocol may carry it: NaN and infinities arrive as strings. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

export const validPeriods = [1, 5, 10, 20, 30] as const;

/** CloudWatch periods: 1, 5, 10, 20, 30 or a multiple of 60 seconds. */
export function checkPeriod(period: unknown, param: string): number {
  required(period, param);
  const p = toNumber(period);
  if (!Number.isInteger(p) || p <= 0) {
    throw invalidParameterValue(`The parameter ${param} must be greater than 0.`);
  }
  if (!(validPeriods as readonly number[]).includes(p) && p % 60 !== 0) {
    throw invalidParameterValue(`The parameter ${param} must be a multiple of 60.`);
  }
  return p;
}

const dayMs = 24 * 3600 * 1000;

/**
 * The start of the first period, as CloudWatch rounds StartTime: to the period within the
 * minute for sub-minute periods; to the minute when less than 15 days old, 5 minutes up to 63
 * days, the hour beyond (GetMetricData / GetMetricStatistics StartTime documentation).
 */
export function alignStart(startMs: number, periodSec: number, nowMs: number): number {
  if (periodSec < 60) return Math.floor(startMs / (periodSec * 1000)) * periodSec * 1000;
  const age = nowMs - startMs;
  const unit = age < 15 * dayMs ? 60_000 : age < 63 * dayMs ? 300_000 : 3_600_000;
  return Math.floor(startMs / unit) * unit;
}

/** Checks a Dimensions list (names 1-255, values 1-1024, at most 30). */
export function checkDimensions(dims: unknown, param: string): Dimension[] {
  if (dims === undefined || dims === null) return [];
  if (!Array.isArray(dims)) {
    throw invalidParameterValue(`The value for parameter ${param} is invalid.`);
  }
  if (dims.length > quotas.cloudWatchDimensionsPerMetric.value) {
    throw invalidParameterValue(
      `The collection ${param} must not have a size greater than ${quotas.cloudWatchDimensionsPerMetric.value}.`
    );
  }
  return dims.map((d: { Name?: unknown; Value?: unknown } | undefined, i) => {
    const name = required(d?.Name, `${param}.member.${i + 1}.Name`);
    const value = required(d?.Value, `${param}.member.${i + 1}.Value`);
    checkLength(String(name), `${param}.member.${i + 1}.Name`, 1, 255);
    checkLength(String(value), `${param}.member.${i + 1}.Value`, 1, 1024);
    return { Name: String(name), Value: String(value) };
  });
}

export function checkLength(value: string, param: string, min: number, max: number): void {
  if (value.length < min) {
    throw constraintError(value, param, `Member must have length greater than or equal to ${min}`);
  }
  if (value.length > max) {
    throw constraintError(value, param, `Member must have length less than or equal to ${max}`);
  }
}

/**
 * Coral's path for a query parameter: `MetricData.member.1.Dimensions.member.2.Name` ->
 * `metricData.1.member.dimensions.2.member.name`.
 */
export function coralPath(param: string): string {
  const parts = param.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part === 'member' && i + 1 < parts.length) {
      out.push(parts[i + 1] as string, 'member');
      i++;
    } else {
      out.push(part.charAt(0).toLowerCase() + part.slice(1));
    }
  }
  return out.join('.');
}

/** `1 validation error detected: Value 'v' at 'path' failed to satisfy constraint: ...` */
export function constraintError(value: unknown, param: string, constraint: string): AwsError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return validationError(
    `1 validation error detected: Value ${shown} at '${coralPath(param)}' failed to satisfy constraint: ${constraint}`
  );
}

/** One input member's model constraints. */
export interface ParamRule {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  enum?: readonly string[];
}

/** Checks top-level members against a table of model constraints, in table order. */
export function checkInput(input: Record<string, unknown>, table: Record<string, ParamRule>): void {
  for (const [param, rule] of Object.entries(table)) {
    const value = input[param];
    if (value === undefined || value === null) {
      if (rule.required) throw missingParameter(`The parameter ${param} is required.`);
      continue;
    }
    if (rule.minLength !== undefined || rule.maxLength !== undefined) {
      const length = Array.isArray(value) ? value.length : String(value).length;
      if (rule.minLength !== undefined && length < rule.minLength) {
        throw constraintError(
          value,
          param,
          `Member must have length greater than or equal to ${rule.minLength}`
        );
      }
      if (rule.maxLength !== undefined && length > rule.maxLength) {
        throw constraintError(
          value,
          param,
          `Member must have length less than or equal to ${rule.maxLength}`
        );
      }
    }
    if (rule.min !== undefined || rule.max !== undefined) {
      const n = toNumber(value);
      if (rule.min !== undefined && !(n >= rule.min)) {
        throw constraintError(
          value,
          param,
          `Member must have value greater than or equal to ${rule.min}`
        );
      }
      if (rule.max !== undefined && !(n <= rule.max)) {
        throw constraintError(
          value,
          param,
          `Member must have value less than or equal to ${rule.max}`
        );
      }
    }
    if (rule.enum && !rule.enum.includes(String(value))) {
      throw constraintError(
        value,
        param,
        `Member must satisfy enum value set: [${rule.enum.join(', ')}]`
      );
    }
  }
}

/** The StandardUnit enum check, in Coral's words. */
export function checkUnit(unit: unknown, path: string): string | undefined {
  if (unit === undefined || unit === null) return undefined;
  const u = String(unit);
  if (!(standardUnits as readonly string[]).includes(u)) {
    throw constraintError(
      u,
      path,
      `Member must satisfy enum value set: [${standardUnits.join(', ')}]`
    );
  }
  return u;
}

/** Formats a number the way CloudWatch writes counts in messages (`16,666`). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
