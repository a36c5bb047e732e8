/**
 * A small XML writer for awsQuery replies: services' QueryCodecs build the inside of
 * `<{Op}Result>` with it. Everything written goes through `escapeXml`.
 */

/** Escapes text or an attribute value for XML (also strips characters XML 1.0 forbids). */
export function escapeXml(value: string): string {
  return (
    value
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      .replace(/\r/g, '&#xD;')
  );
}

/** `<name>content</name>`; `content` is raw XML (use `text()` or `escapeXml` for strings). */
export function element(name: string, content = ''): string {
  return `<${name}>${content}</${name}>`;
}

/** `<name>escaped text</name>`, or nothing when `value` is undefined or null. */
export function textElement(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  return element(name, escapeXml(scalarText(value)));
}

/** How a scalar is written in query XML: timestamps (Date, or epoch seconds when asked) as ISO-8601. */
export function scalarText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** Options for `toXml`. */
export interface ToXmlOptions {
  /** Member names whose lists are flattened (`<Name>a</Name><Name>b</Name>`), as SQS/STS use. */
  flattened?: ReadonlySet<string>;
  /** Member names holding epoch-seconds timestamps, written as ISO-8601. */
  timestamps?: ReadonlySet<string>;
  /** Element name for members of wrapped lists; default `member`. */
  memberName?: string;
}

/**
 * Writes a JSON-shaped value as query XML: object members become elements in order, lists are
 * wrapped in `<member>` items unless flattened, undefined/null members are omitted.
 */
export function toXml(value: Record<string, unknown>, options: ToXmlOptions = {}): string {
  let out = '';
  for (const [name, member] of Object.entries(value)) out += memberXml(name, member, options);
  return out;
}

function memberXml(name: string, value: unknown, options: ToXmlOptions): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    if (options.flattened?.has(name)) {
      return value.map((item) => valueXml(name, item, options)).join('');
    }
    const memberName = options.memberName ?? 'member';
    return element(name, value.map((item) => valueXml(memberName, item, options)).join(''));
  }
  if (typeof value === 'number' && options.timestamps?.has(name)) {
    return textElement(name, new Date(value * 1000).toISOString());
  }
  return valueXml(name, value, options);
}

function valueXml(name: string, value: unknown, options: ToXmlOptions): string {
  if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Date) &&
    !Array.isArray(value)
  ) {
    return element(name, toXml(value as Record<string, unknown>, options));
  }
  return textElement(name, value);
}
