/**
 * awsQuery helpers: form parameters -> the JSON-shaped input, JSON-shaped output -> XML.
 * Shapes only need to name what is not a string (numbers, booleans, timestamps, maps); lists
 * are recognised by their `.member.N` segments (emulator/protocols/query-params.ts). The
 * shared `toXml` writer has no maps and no timestamp lists, which CloudWatch replies need
 * (ExtendedStatistics, GetMetricData Timestamps), hence this encoder.
 */
import { formToObject, type QueryValue } from '../../protocols/query-params';
import { escapeXml } from '../../protocols/xml';

export type QueryShape =
  | 'string'
  | 'double'
  | 'integer'
  | 'boolean'
  | 'timestamp'
  | { struct: Record<string, QueryShape> }
  | { list: QueryShape }
  | { map: QueryShape };

function coerce(node: QueryValue, shape: QueryShape | undefined): unknown {
  if (shape === undefined) {
    if (typeof node === 'string') return node;
    if (Array.isArray(node)) return node.map((n) => coerce(n, undefined));
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, coerce(v, undefined)]));
  }
  if (typeof shape === 'object' && 'list' in shape) {
    if (Array.isArray(node)) return node.map((n) => coerce(n, shape.list));
    return typeof node === 'string' ? [] : [coerce(node, shape.list)];
  }
  if (typeof shape === 'object' && 'map' in shape) {
    const out: Record<string, unknown> = {};
    if (!Array.isArray(node)) return out;
    for (const e of node) {
      if (e && typeof e === 'object' && !Array.isArray(e) && typeof e.key === 'string') {
        if (e.value !== undefined) out[e.key] = coerce(e.value, shape.map);
      }
    }
    return out;
  }
  if (typeof shape === 'object') {
    if (typeof node === 'string' || Array.isArray(node)) return coerce(node, undefined);
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, coerce(v, shape.struct[k])])
    );
  }
  if (typeof node !== 'string') return coerce(node, undefined);
  switch (shape) {
    case 'double':
    case 'integer':
      return node.trim() === '' ? node : Number(node);
    case 'boolean':
      return node === 'true' ? true : node === 'false' ? false : node;
    case 'timestamp': {
      if (/^-?\d+(\.\d+)?$/.test(node)) return Number(node);
      const ms = Date.parse(node);
      return Number.isNaN(ms) ? node : ms / 1000;
    }
    default:
      return node;
  }
}

/** Decodes form parameters (without Action/Version) into the JSON-shaped input. */
export function decodeQuery(params: URLSearchParams, shape: QueryShape | undefined): unknown {
  return coerce(formToObject(params), shape);
}

/** Epoch seconds -> `2026-11-24T12:15:00Z` (milliseconds only when there are some). */
export function isoTimestamp(seconds: number): string {
  return new Date(Math.round(seconds * 1000)).toISOString().replace('.000Z', 'Z');
}

function encodeValue(value: unknown, shape: QueryShape | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const item = typeof shape === 'object' && 'list' in shape ? shape.list : undefined;
    return value.map((v) => `<member>${encodeValue(v, item)}</member>`).join('');
  }
  if (typeof shape === 'object' && 'map' in shape) {
    return Object.entries(value as Record<string, unknown>)
      .map(
        ([k, v]) =>
          `<entry><key>${escapeXml(k)}</key><value>${encodeValue(v, shape.map)}</value></entry>`
      )
      .join('');
  }
  if (typeof value === 'object') {
    const members = typeof shape === 'object' && 'struct' in shape ? shape.struct : {};
    return encodeMembers(value as Record<string, unknown>, members);
  }
  if (shape === 'timestamp' && typeof value === 'number') return isoTimestamp(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return escapeXml(String(value));
}

function encodeMembers(obj: Record<string, unknown>, members: Record<string, QueryShape>): string {
  return Object.entries(obj)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `<${k}>${encodeValue(v, members[k])}</${k}>`)
    .join('');
}

/** Encodes the JSON-shaped output as the XML members of `<{Operation}Result>`. */
export function encodeQuery(output: unknown, shape: QueryShape | undefined): string {
  if (output === null || output === undefined || typeof output !== 'object') return '';
  return encodeValue(output, shape);
}
