/**
 * awsQuery form parameters -> nested JSON-shaped values, for services' QueryCodecs.
 * `Statistics.member.1=Sum` -> `{ Statistics: ['Sum'] }`;
 * `Dimensions.member.1.Name=A` -> `{ Dimensions: [{ Name: 'A' }] }`;
 * `Attribute.1.Name=X` (flattened lists, SQS) -> `{ Attribute: [{ Name: 'X' }] }`;
 * `Attributes.entry.1.key=k&Attributes.entry.1.value=v` -> `{ Attributes: [{ key: 'k', value: 'v' }] }`
 * (use `entriesToMap` to turn such a list into a map). Values stay strings: the codec knows
 * which members are numbers, booleans or timestamps.
 */
export type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };

/** Parses form parameters into nested objects and 1-based lists. */
export function formToObject(
  params: URLSearchParams,
  skip: readonly string[] = ['Action', 'Version']
): Record<string, QueryValue> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (skip.includes(key)) continue;
    const parts = key.split('.');
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i] as string;
      const next = node[part];
      if (next === undefined || typeof next !== 'object') {
        const created: Record<string, unknown> = {};
        node[part] = created;
        node = created;
      } else {
        node = next as Record<string, unknown>;
      }
    }
    const last = parts[parts.length - 1] as string;
    if (typeof node[last] !== 'object') node[last] = value;
  }
  return normalize(root) as Record<string, QueryValue>;
}

function normalize(node: unknown): QueryValue {
  if (typeof node !== 'object' || node === null) return node as string;
  const entries = Object.entries(node as Record<string, unknown>);
  const normalized: Record<string, QueryValue> = {};
  for (const [k, v] of entries) normalized[k] = normalize(v);
  const keys = Object.keys(normalized);
  if (keys.length > 0 && keys.every((k) => /^[1-9]\d*$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => normalized[String(k)] as QueryValue);
  }
  if (keys.length === 1 && (keys[0] === 'member' || keys[0] === 'entry')) {
    const inner = normalized[keys[0]] as QueryValue;
    if (Array.isArray(inner)) return inner;
  }
  return normalized;
}

/** `[{ Name: 'a', Value: '1' }]` -> `{ a: '1' }` (key and value member names are configurable). */
export function entriesToMap(
  list: QueryValue | undefined,
  keyName = 'Name',
  valueName = 'Value'
): Record<string, QueryValue> {
  const map: Record<string, QueryValue> = {};
  if (!Array.isArray(list)) return map;
  for (const item of list) {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const key = item[keyName];
      if (typeof key === 'string') map[key] = item[valueName] as QueryValue;
    }
  }
  return map;
}
