import { invalidParameter } from '../errors';

/** One page of `items` after the opaque `marker` (a base64 offset), and the next marker. */
export function page<T>(
  items: T[],
  marker: string | undefined,
  max: number
): { items: T[]; next?: string } {
  let start = 0;
  if (marker !== undefined) {
    const offset = Number(Buffer.from(marker, 'base64').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) throw invalidParameter('Invalid marker');
    start = offset;
  }
  const slice = items.slice(start, start + max);
  const end = start + slice.length;
  return {
    items: slice,
    ...(end < items.length ? { next: Buffer.from(String(end), 'utf8').toString('base64') } : {}),
  };
}
