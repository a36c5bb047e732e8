import { createHash } from 'node:crypto';
import { quotas } from '../../core/quotas';
import { invalidParameter, sqsError } from './errors';
import type { MessageAttributeMap, MessageAttributeValue } from './types';

/** Hex MD5 of a UTF-8 string: `MD5OfBody` / `MD5OfMessageBody`, which the SDK verifies. */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

/**
 * `MD5OfMessageAttributes`, encoded as the SQS developer guide describes
 * (sqs-message-metadata.html, "Calculating the MD5 message digest for message attributes"):
 * for each attribute, sorted by name, the 4-byte big-endian length and UTF-8 bytes of the name,
 * of the data type, then one transport byte (1 string/number, 2 binary, 3 string list,
 * 4 binary list) and the length-prefixed value(s). Returns undefined for no attributes.
 */
export function md5OfMessageAttributes(attributes: MessageAttributeMap | undefined) {
  if (!attributes) return undefined;
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  const put = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of names) {
    const value = attributes[name] as MessageAttributeValue;
    put(Buffer.from(name, 'utf8'));
    put(Buffer.from(value.DataType, 'utf8'));
    if (value.StringValue !== undefined) {
      hash.update(Buffer.from([1]));
      put(Buffer.from(value.StringValue, 'utf8'));
    } else if (value.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      put(Buffer.from(value.BinaryValue, 'base64'));
    } else if (value.StringListValues !== undefined) {
      hash.update(Buffer.from([3]));
      for (const item of value.StringListValues) put(Buffer.from(item, 'utf8'));
    } else if (value.BinaryListValues !== undefined) {
      hash.update(Buffer.from([4]));
      for (const item of value.BinaryListValues) put(Buffer.from(item, 'base64'));
    }
  }
  return hash.digest('hex');
}

/**
 * Bytes a message counts against MaximumMessageSize: the UTF-8 body plus, for each message
 * attribute, its name, data type and value (aws-facts A.1 suggested formula; AWS states that
 * all three count but not the exact arithmetic). Message system attributes (AWSTraceHeader) do
 * not count.
 */
export function messageSize(body: unknown, attributes: unknown): number {
  // Tolerates unvalidated input: SendMessageBatch totals the request before checking entries.
  const bytes = (value: unknown, encoding: 'utf8' | 'base64' = 'utf8') =>
    typeof value === 'string' ? Buffer.byteLength(value, encoding) : 0;
  let size = bytes(body);
  if (!attributes || typeof attributes !== 'object') return size;
  for (const [name, raw] of Object.entries(attributes as Record<string, unknown>)) {
    const value = (raw ?? {}) as Partial<MessageAttributeValue>;
    size += bytes(name) + bytes(value.DataType) + bytes(value.StringValue);
    size += bytes(value.BinaryValue, 'base64');
    for (const item of asArray(value.StringListValues)) size += bytes(item);
    for (const item of asArray(value.BinaryListValues)) size += bytes(item, 'base64');
  }
  return size;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

// #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF (API_SendMessage.html);
// with the `u` flag a lone surrogate is its own code point, so it is rejected too.
const invalidCharacter = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const invalidCharactersText =
  'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF';

/** Rejects a body with characters outside the set SQS allows (`InvalidMessageContents`). */
export function checkBodyCharacters(body: string): void {
  if (invalidCharacter.test(body)) throw sqsError('InvalidMessageContents', invalidCharactersText);
}

const attributeNamePattern = /^[A-Za-z0-9_.-]+$/;
const dataTypePattern = /^(String|Number|Binary)(\..+)?$/;
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Validates user message attributes (count, names, data types, values) as SendMessage does, and
 * returns them normalized (only the members SQS keeps, with the value for the data type).
 */
export function checkMessageAttributes(attributes: unknown): MessageAttributeMap | undefined {
  if (attributes === undefined || attributes === null) return undefined;
  if (typeof attributes !== 'object' || Array.isArray(attributes)) {
    throw invalidParameter('MessageAttributes', attributes, 'Must be a map.');
  }
  const entries = Object.entries(attributes as Record<string, unknown>);
  if (entries.length === 0) return undefined;
  const max = quotas.sqsMessageAttributesMax.value;
  if (entries.length > max) {
    throw sqsError(
      'InvalidParameterValue',
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${max}].`
    );
  }
  const out: MessageAttributeMap = {};
  for (const [name, raw] of entries) {
    checkAttributeName(name);
    const value = (raw ?? {}) as Partial<MessageAttributeValue>;
    const dataType = value.DataType;
    if (typeof dataType !== 'string' || dataType === '') {
      throw sqsError(
        'InvalidParameterValue',
        `The message attribute '${name}' must contain non-empty message attribute type.`
      );
    }
    const kind = dataTypePattern.exec(dataType)?.[1];
    if (!kind || Buffer.byteLength(dataType) > quotas.sqsMessageAttributeNameMaxLength.value) {
      throw sqsError(
        'InvalidParameterValue',
        `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`
      );
    }
    const empty = () =>
      sqsError(
        'InvalidParameterValue',
        `Message (user) attribute '${name}' must contain a non-empty value of type '${kind}'.`
      );
    if (kind === 'Binary') {
      const binary = value.BinaryValue;
      if (typeof binary !== 'string' || binary === '' || !base64Pattern.test(binary)) {
        throw empty();
      }
      out[name] = { DataType: dataType, BinaryValue: binary };
      continue;
    }
    const text = value.StringValue;
    if (typeof text !== 'string' || text === '') throw empty();
    if (kind === 'Number' && !Number.isFinite(Number(text))) {
      throw sqsError(
        'InvalidParameterValue',
        `Can't cast the value of message (user) attribute '${name}' to a number.`
      );
    }
    if (invalidCharacter.test(text)) throw sqsError('InvalidParameterValue', invalidCharactersText);
    out[name] = { DataType: dataType, StringValue: text };
  }
  return out;
}

function checkAttributeName(name: string): void {
  if (Buffer.byteLength(name) >= quotas.sqsMessageAttributeNameMaxLength.value) {
    throw sqsError(
      'InvalidParameterValue',
      'Message (user) attribute names must be shorter than 256 Bytes'
    );
  }
  if (!attributeNamePattern.test(name)) {
    throw sqsError(
      'InvalidParameterValue',
      'Message (user) attributes name can only contain upper and lower score characters, digits, periods, hyphens and underscores. '
    );
  }
  const lower = name.toLowerCase();
  if (
    lower.startsWith('aws.') ||
    lower.startsWith('amazon.') ||
    name.startsWith('.') ||
    name.endsWith('.') ||
    name.includes('..')
  ) {
    throw sqsError(
      'InvalidParameterValue',
      "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use. Additionally, they cannot start or end with '.'."
    );
  }
}

/** Validates `MessageSystemAttributes`: only `AWSTraceHeader`, a String, may be sent. */
export function checkSystemAttributes(attributes: unknown): MessageAttributeMap | undefined {
  if (attributes === undefined || attributes === null) return undefined;
  if (typeof attributes !== 'object' || Array.isArray(attributes)) {
    throw invalidParameter('MessageSystemAttributes', attributes, 'Must be a map.');
  }
  const entries = Object.entries(attributes as Record<string, MessageAttributeValue>);
  if (entries.length === 0) return undefined;
  const out: MessageAttributeMap = {};
  for (const [name, value] of entries) {
    if (name !== 'AWSTraceHeader') {
      throw sqsError(
        'InvalidParameterValue',
        `Message system attribute name '${name}' is invalid.`
      );
    }
    if (
      value?.DataType !== 'String' ||
      typeof value.StringValue !== 'string' ||
      !value.StringValue
    ) {
      throw sqsError(
        'InvalidParameterValue',
        `Message (system) attribute '${name}' must contain a non-empty value of type 'String'.`
      );
    }
    out[name] = { DataType: 'String', StringValue: value.StringValue };
  }
  return out;
}

/**
 * Which message attributes a `MessageAttributeNames` filter selects: `All` or `.*` for every
 * one, `prefix.*` for names starting with `prefix`, otherwise exact names.
 */
export function selectMessageAttributes(
  attributes: MessageAttributeMap | undefined,
  names: readonly string[] | undefined
): MessageAttributeMap | undefined {
  if (!attributes || !names || names.length === 0) return undefined;
  if (names.includes('All') || names.includes('.*')) return attributes;
  const out: MessageAttributeMap = {};
  for (const [name, value] of Object.entries(attributes)) {
    const wanted = names.some((filter) =>
      filter.endsWith('.*') ? name.startsWith(filter.slice(0, -2)) : name === filter
    );
    if (wanted) out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
