import { parseTemplateBody } from '../../../cloudformation/assembly';
import { StackOperationError } from '../../../cloudformation/errors';
import type { Template } from '../../../cloudformation/template';
import { AwsError } from '../../../core/errors';

/** The members CreateStack and UpdateStack share. */
export interface StackRequest {
  StackName?: string;
  TemplateBody?: string;
  TemplateURL?: string;
  UsePreviousTemplate?: string | boolean;
  Parameters?: {
    ParameterKey?: string;
    ParameterValue?: string;
    UsePreviousValue?: string | boolean;
  }[];
  Tags?: { Key?: string; Value?: string }[];
  Capabilities?: string[];
}

/** The template of a request: TemplateBody (JSON); TemplateURL needs S3, which is not emulated. */
export function requestTemplate(input: StackRequest): Template | undefined {
  if (input.TemplateURL !== undefined) {
    throw new AwsError(
      'ValidationError',
      'TemplateURL is not supported by the emulator (it has no S3): send the template as TemplateBody'
    );
  }
  if (input.TemplateBody === undefined) return undefined;
  return parseTemplateBody(input.TemplateBody);
}

/** Parameters given with a value (UsePreviousValue ones keep the stack's value). */
export function requestParameters(input: StackRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of input.Parameters ?? []) {
    if (p.ParameterKey === undefined || String(p.UsePreviousValue) === 'true') continue;
    out[p.ParameterKey] = p.ParameterValue ?? '';
  }
  return out;
}

/** `[{ Key, Value }]` -> map, or undefined when the request has no Tags. */
export function requestTags(input: StackRequest): Record<string, string> | undefined {
  if (input.Tags === undefined) return undefined;
  return Object.fromEntries(input.Tags.map((t) => [String(t.Key), String(t.Value ?? '')]));
}

/**
 * Runs a stack operation as the API does: a failure after the stack exists (a resource that
 * could not be created) is not an error of the call; it shows in the stack's status.
 */
export async function settled(operation: Promise<unknown>): Promise<void> {
  try {
    await operation;
  } catch (error) {
    if (!(error instanceof StackOperationError)) throw error;
  }
}
