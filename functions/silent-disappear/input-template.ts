/**
 * A small, honest model of how an EventBridge Pipe applies a target `InputTemplate` to one
 * source event (aws-facts E.2), so tests can measure the message a template produces before
 * SQS ever sees it. It models only what the scenario's templates use and refuses the rest:
 *
 * - `<$.a.b.c>` is a dotted JSON path into the event; `<aws.pipes.event.json>` is the whole
 *   event, and only as a JSON value; other `<aws.pipes.*>` variables come from `variables`.
 * - Outside a JSON string a placeholder becomes the value as JSON (objects, numbers, and
 *   strings with their quotes). Inside a JSON string ("<$.id>") it becomes the value's text,
 *   JSON-escaped: the docs say to quote paths to strings and not to quote objects or arrays.
 * - A path that is not in the event is an error here. What AWS does then is not documented, so
 *   the model refuses to guess.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-input-transformation.html
 */

/** A template this model cannot render, or a path the event does not have. */
export class InputTemplateError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputTemplateError';
  }
}

/** The maximum length of an InputTemplate: 8,192 characters (aws-facts A.5). */
export const INPUT_TEMPLATE_MAX_CHARS = 8192;

const PLACEHOLDER = /<(\$(?:\.[A-Za-z0-9_-]+)*|aws\.pipes\.[a-z.-]+)>/y;

function resolvePath(event: unknown, path: string): unknown {
  let value: unknown = event;
  for (const key of path.split('.').slice(1)) {
    if (typeof value !== 'object' || value === null || !(key in value)) {
      throw new InputTemplateError(`the event has no ${path}`);
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function resolve(name: string, event: unknown, variables: Record<string, string>): unknown {
  if (name.startsWith('$')) return resolvePath(event, name);
  if (name === 'aws.pipes.event.json') return event;
  const variable = variables[name];
  if (variable === undefined) {
    throw new InputTemplateError(`reserved variable <${name}> is not modelled or not given`);
  }
  return variable;
}

function insertInString(name: string, value: unknown): string {
  if (name === 'aws.pipes.event.json' || (typeof value === 'object' && value !== null)) {
    throw new InputTemplateError(`<${name}> is an object: it must not be quoted in the template`);
  }
  // The value's text, escaped the way JSON escapes string contents.
  return JSON.stringify(String(value)).slice(1, -1);
}

/** Renders `template` against one source event, as the pipe does before calling the target. */
export function renderInputTemplate(
  template: string,
  event: unknown,
  variables: Record<string, string> = {}
): string {
  if (template.length > INPUT_TEMPLATE_MAX_CHARS) {
    throw new InputTemplateError(
      `an InputTemplate is at most ${INPUT_TEMPLATE_MAX_CHARS} characters (got ${template.length})`
    );
  }
  let out = '';
  let inString = false;
  let i = 0;
  while (i < template.length) {
    const char = template[i];
    if (char === '<') {
      PLACEHOLDER.lastIndex = i;
      const match = PLACEHOLDER.exec(template);
      if (match) {
        const name = match[1];
        const value = resolve(name, event, variables);
        out += inString ? insertInString(name, value) : JSON.stringify(value);
        i += match[0].length;
        continue;
      }
    }
    if (char === '\\' && inString) {
      out += template.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (char === '"') inString = !inString;
    out += char;
    i++;
  }
  return out;
}
