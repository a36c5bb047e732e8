/**
 * Embedded Metric Format: turns one log event message into metric observations, as CloudWatch
 * Logs does for Lambda and for `x-amzn-logs-format: json/emf` uploads.
 * Spec: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 *
 * Behaviour (AWS ignores invalid documents rather than failing the upload; so does this):
 * - The message is a JSON object, possibly after Lambda's text prefix (`<time>\t<request id>\t
 *   <level>\t`); messages without `"_aws"` are not EMF and cost one substring search.
 * - Each MetricDirective needs Namespace (not `AWS/...`), Metrics (at most 100, each with Name,
 *   optional Unit and StorageResolution 1|60); an invalid directive is skipped.
 * - Dimensions is an array of dimension sets (at most 30 keys each); a missing or empty list
 *   publishes without dimensions; a set naming a root member that is not a non-empty string is
 *   published without dimensions (what CloudWatch was observed to do with an empty dimension
 *   value, aws-powertools/powertools-lambda-python#5526).
 * - A metric's root member is a number or an array of at most 100 numbers (one observation
 *   each); otherwise that metric is skipped. The `{Values, Counts, ...}` histogram form is not
 *   supported (skipped, counted as a validation error).
 * - `_aws.Timestamp` (ms) dates the observations; when absent the log event's timestamp is used.
 *   Timestamps more than 14 days old or 2 hours ahead of the event are skipped.
 */
import type { MetricDatum } from '../../core/metric-sink';
import { quotas } from '../../core/quotas';
import { isStandardUnit } from './statistics';

export interface EmfExtraction {
  /** `none`: not an EMF document; `parse-error`: `_aws` present but not valid JSON. */
  kind: 'none' | 'emf' | 'parse-error';
  metrics: MetricDatum[];
  /** Why parts of the document were ignored (EMFValidationErrors). */
  errors: string[];
}

const lambdaTextPrefix = /^[^\t]*\t[^\t]*\t[^\t]*\t/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonPart(message: string): string | undefined {
  const trimmed = message.trim();
  if (trimmed.startsWith('{')) return trimmed;
  const m = lambdaTextPrefix.exec(trimmed);
  if (m) {
    const rest = trimmed.slice(m[0].length).trim();
    if (rest.startsWith('{')) return rest;
  }
  return undefined;
}

/** Parses one log event message. Never throws. */
export function parseEmf(message: string, eventTimestamp: number): EmfExtraction {
  const none: EmfExtraction = { kind: 'none', metrics: [], errors: [] };
  if (!message.includes('"_aws"')) return none;
  const json = jsonPart(message);
  // A line that merely mentions "_aws" is not an EMF document.
  if (json === undefined) return none;
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch {
    return { kind: 'parse-error', metrics: [], errors: ['invalid JSON'] };
  }
  if (!isRecord(root) || !('_aws' in root)) return none;
  const errors: string[] = [];
  const metrics: MetricDatum[] = [];
  const result: EmfExtraction = { kind: 'emf', metrics, errors };
  const meta = root._aws;
  if (!isRecord(meta) || !Array.isArray(meta.CloudWatchMetrics)) {
    errors.push('_aws.CloudWatchMetrics must be an array');
    return result;
  }
  let timestamp = eventTimestamp;
  if (meta.Timestamp !== undefined) {
    if (typeof meta.Timestamp !== 'number' || !Number.isFinite(meta.Timestamp)) {
      errors.push('_aws.Timestamp must be a number');
      return result;
    }
    timestamp = meta.Timestamp;
  }
  if (
    timestamp < eventTimestamp - quotas.cloudWatchMetricMaxAgeMs.value ||
    timestamp > eventTimestamp + quotas.cloudWatchMetricMaxFutureMs.value
  ) {
    errors.push('_aws.Timestamp is more than 14 days in the past or 2 hours in the future');
    return result;
  }

  meta.CloudWatchMetrics.forEach((directive, d) => {
    const where = `CloudWatchMetrics[${d}]`;
    if (!isRecord(directive)) {
      errors.push(`${where} must be an object`);
      return;
    }
    const ns = directive.Namespace;
    if (typeof ns !== 'string' || ns.length < 1 || ns.length > 1024 || ns.startsWith('AWS/')) {
      errors.push(`${where}.Namespace is missing or invalid`);
      return;
    }
    const defs = directive.Metrics;
    if (!Array.isArray(defs) || defs.length > quotas.emfMetricsPerDirective.value) {
      errors.push(
        `${where}.Metrics must be an array of at most ${quotas.emfMetricsPerDirective.value}`
      );
      return;
    }
    const rawSets = directive.Dimensions ?? [];
    if (!Array.isArray(rawSets)) {
      errors.push(`${where}.Dimensions must be an array of dimension sets`);
      return;
    }
    const sets: Record<string, string>[] = [];
    const seen = new Set<string>();
    const addSet = (set: Record<string, string>): void => {
      const key = JSON.stringify(Object.entries(set).sort());
      if (seen.has(key)) return;
      seen.add(key);
      sets.push(set);
    };
    for (const rawSet of rawSets) {
      if (!Array.isArray(rawSet) || rawSet.length > quotas.emfDimensionsPerSet.value) {
        errors.push(`${where}.Dimensions has an invalid dimension set`);
        return;
      }
      const set: Record<string, string> = {};
      let valid = true;
      for (const key of rawSet) {
        const value = typeof key === 'string' ? root[key] : undefined;
        if (typeof value !== 'string' || value.length < 1 || value.length > 1024) {
          valid = false;
          break;
        }
        set[key as string] = value;
      }
      if (!valid) errors.push(`${where}.Dimensions refers to a missing or invalid dimension value`);
      addSet(valid ? set : {});
    }
    if (sets.length === 0) addSet({});

    for (const def of defs) {
      if (!isRecord(def) || typeof def.Name !== 'string' || def.Name.length < 1) {
        errors.push(`${where}.Metrics has a definition without a Name`);
        continue;
      }
      const name = def.Name;
      const unit = def.Unit === undefined ? 'None' : def.Unit;
      if (typeof unit !== 'string' || !isStandardUnit(unit)) {
        errors.push(`${name}: invalid Unit`);
        continue;
      }
      const resolution = def.StorageResolution ?? 60;
      if (resolution !== 1 && resolution !== 60) {
        errors.push(`${name}: StorageResolution must be 1 or 60`);
        continue;
      }
      const target = root[name];
      const values = typeof target === 'number' ? [target] : target;
      if (
        !Array.isArray(values) ||
        values.length > quotas.emfValuesPerMetric.value ||
        !values.every((v) => typeof v === 'number' && Number.isFinite(v))
      ) {
        errors.push(`${name}: the value must be a number or an array of at most 100 numbers`);
        continue;
      }
      for (const dimensions of sets) {
        for (const value of values as number[]) {
          metrics.push({
            namespace: ns,
            metricName: name,
            dimensions,
            value,
            unit,
            timestamp,
            storageResolution: resolution,
          });
        }
      }
    }
  });
  return result;
}

/** The metric observations in one log message (empty when it is not valid EMF). */
export function extractEmf(message: string, eventTimestamp: number): MetricDatum[] {
  return parseEmf(message, eventTimestamp).metrics;
}
