import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** How big a product is: the scenario's whole lesson is that only the large ones vanish. */
export const SizeClass = { Small: 'small', Large: 'large' } as const;
export type SizeClass = (typeof SizeClass)[keyof typeof SizeClass];

/** True when `value` is `small` or `large`. */
export function isSizeClass(value: unknown): value is SizeClass {
  return value === SizeClass.Small || value === SizeClass.Large;
}

/**
 * The DynamoDB size each product is padded to, attribute names included (aws-facts A.2).
 * Large is ~300 KB: under the 400 KB item limit, yet four copies of it (~1.2 MB) exceed the
 * 1,048,576-byte SQS message limit, while four copies of a small one stay near 8 KB.
 */
export const ITEM_TARGET_BYTES: Record<SizeClass, number> = {
  [SizeClass.Small]: 2 * 1024,
  [SizeClass.Large]: 300 * 1024,
};

/**
 * The sizes large products take in turn. 300 KB is the spec's large product; 390 KB, still
 * under the 400 KB item limit, makes a template that merely drops one of its four copies fail
 * too (3 x 390 KB > 1 MiB), so only a template that stops copying the item is a fix.
 */
export const LARGE_ITEM_BYTES = [300 * 1024, 390 * 1024] as const;

/** DynamoDB's maximum item size, attribute names included: 400 KB (aws-facts A.2). */
export const DYNAMODB_MAX_ITEM_BYTES = 400 * 1024;

/** A product as the producer writes it: every attribute is a string. */
export interface Product {
  productId: string;
  sizeClass: SizeClass;
  name: string;
  updatedAt: string;
  /** What this write changed, for the claim-check message's summary. */
  changedFields: string;
  /** Padding that makes the item its size class: a catalogue description, repeated. */
  description: string;
}

/**
 * The DynamoDB size of an item whose attributes are all strings: for each attribute, the UTF-8
 * length of its name plus the UTF-8 length of its value (aws-facts A.2).
 */
export function itemSizeBytes(item: Readonly<Record<string, string>>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  return size;
}

const DESCRIPTION_WORDS = 'Hand-finished oak shelf with brass fittings and a matte lacquer. ';

/** ASCII text of exactly `bytes` bytes, so no JSON escaping inflates it further downstream. */
function padding(bytes: number): string {
  const repeats = Math.ceil(bytes / DESCRIPTION_WORDS.length);
  return DESCRIPTION_WORDS.repeat(repeats).slice(0, bytes);
}

/**
 * Builds a product whose DynamoDB item size is exactly `targetBytes` (by default its size
 * class's target).
 */
export function buildProduct(
  productId: string,
  sizeClass: SizeClass,
  updatedAt: string,
  targetBytes: number = ITEM_TARGET_BYTES[sizeClass]
): Product {
  const base = {
    productId,
    sizeClass,
    name: `Oak shelf ${productId.slice(0, 8)}`,
    updatedAt,
    changedFields: 'name,description,updatedAt',
  };
  const descriptionBytes = targetBytes - itemSizeBytes(base) - Buffer.byteLength('description');
  return { ...base, description: padding(descriptionBytes) };
}

/** The product as a DynamoDB item (the `Item` of a PutItem, and the stream's NewImage). */
export function toItem(product: Product): Record<string, AttributeValue> {
  return Object.fromEntries(
    Object.entries(product).map(([name, value]) => [name, { S: value }])
  ) as Record<string, AttributeValue>;
}
