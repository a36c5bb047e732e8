import { quotas } from '../../core/quotas';

/** A template the pipe cannot render for an event: a target transformation failure. */
export class InputTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputTemplateError';
  }
}

/** The reserved `<aws.pipes.*>` variables of one event (aws-facts E.2). */
export interface TemplateVariables {
  pipeArn: string;
  pipeName: string;
  sourceArn: string;
  targetArn: string;
  enrichmentArn?: string;
  /** ISO 8601: when the source received the event. */
  ingestionTime: string;
}

/** `<$.a.b[0].c>` or `<aws.pipes.name>`. */
const PLACEHOLDER = /<(\$(?:\.[A-Za-z0-9_@:-]+|\[\d+\])*|aws\.pipes\.[a-z.-]+)>/y;

/**
 * Renders a pipe's target `InputTemplate` for one event, as aws-facts E.2 describes it:
 *
 * - `<$.path.to.field>` is a dotted JSON path (with `[n]` indexes) into the event, after the
 *   implicit parsing of a JSON SQS `body` / Kinesis `data` (see `withParsedBody`);
 * - a template that starts with `{` or `[` is JSON: outside a JSON string a placeholder becomes
 *   the value as JSON (strings with their quotes, objects as objects); inside a string
 *   (`"<$.id>"`) it becomes the value's text, JSON-escaped (objects as escaped JSON text);
 * - any other template is free text: strings go in as they are, other values as JSON;
 * - `<aws.pipes.event>` is the event as received; `<aws.pipes.event.json>` is the same but may
 *   only be a JSON value (quoted, it is a transformation error); the other reserved variables
 *   are the pipe's and the event's names and times;
 * - a path the event does not have renders as `null` (as a JSON value) or an empty string
 *   (inside a string). What AWS does then is not documented (UNCONFIRMED).
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-input-transformation.html
 */
export function renderInputTemplate(
  template: string,
  event: unknown,
  variables: TemplateVariables
): string {
  if (template.length > quotas.pipesInputTemplateMaxChars.value) {
    throw new InputTemplateError(
      `InputTemplate is longer than ${quotas.pipesInputTemplateMaxChars.value} characters`
    );
  }
  const parsedEvent = withParsedBody(event);
  const json = /^\s*[{[]/.test(template);
  let out = '';
  let inString = false;
  let i = 0;
  while (i < template.length) {
    const char = template[i] as string;
    if (char === '<') {
      PLACEHOLDER.lastIndex = i;
      const match = PLACEHOLDER.exec(template);
      if (match) {
        const name = match[1] as string;
        const value = resolve(name, event, parsedEvent, variables);
        if (!json) out += freeText(value);
        else if (inString) out += inJsonString(name, value);
        else out += JSON.stringify(value === undefined ? null : value);
        i += match[0].length;
        continue;
      }
    }
    if (json && inString && char === '\\') {
      out += template.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (json && char === '"') inString = !inString;
    out += char;
    i++;
  }
  return out;
}

/**
 * The event with a JSON SQS `body` or Kinesis `data` (base64) replaced by the parsed JSON, so
 * paths can go into it ("implicit body parsing", aws-facts E.2). DynamoDB records are unchanged.
 */
export function withParsedBody(event: unknown): unknown {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return event;
  const record = event as Record<string, unknown>;
  if (record.eventSource === 'aws:sqs' && typeof record.body === 'string') {
    const parsed = parseJson(record.body);
    return parsed === undefined ? event : { ...record, body: parsed };
  }
  if (record.eventSource === 'aws:kinesis' && typeof record.data === 'string') {
    const parsed = parseJson(Buffer.from(record.data, 'base64').toString('utf8'));
    return parsed === undefined ? event : { ...record, data: parsed };
  }
  return event;
}

function parseJson(text: string): unknown {
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

function resolve(
  name: string,
  event: unknown,
  parsedEvent: unknown,
  variables: TemplateVariables
): unknown {
  if (name.startsWith('$')) return resolvePath(parsedEvent, name);
  switch (name) {
    case 'aws.pipes.event':
    case 'aws.pipes.event.json':
      return event;
    case 'aws.pipes.pipe-arn':
      return variables.pipeArn;
    case 'aws.pipes.pipe-name':
      return variables.pipeName;
    case 'aws.pipes.source-arn':
      return variables.sourceArn;
    case 'aws.pipes.target-arn':
      return variables.targetArn;
    case 'aws.pipes.enrichment-arn':
      return variables.enrichmentArn ?? '';
    case 'aws.pipes.event.ingestion-time':
      return variables.ingestionTime;
    default:
      throw new InputTemplateError(`<${name}> is not a reserved variable of EventBridge Pipes`);
  }
}

function resolvePath(event: unknown, path: string): unknown {
  let value: unknown = event;
  const steps = path.slice(1).match(/\.[^.[\]]+|\[\d+\]/g) ?? [];
  for (const step of steps) {
    if (value === null || typeof value !== 'object') return undefined;
    const key = step.startsWith('[') ? Number(step.slice(1, -1)) : step.slice(1);
    value = (value as Record<string | number, unknown>)[key];
    if (value === undefined) return undefined;
  }
  return value;
}

function inJsonString(name: string, value: unknown): string {
  if (name === 'aws.pipes.event.json') {
    throw new InputTemplateError(
      '<aws.pipes.event.json> can only be used as a value for a JSON field, not inside a string'
    );
  }
  if (value === undefined || value === null) return '';
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return JSON.stringify(text).slice(1, -1);
}

function freeText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
