import { validateInput } from '../../../core/validate';
import type { PipeStore } from '../store';

/** ListPipes' query parameters. */
export interface ListPipesInput {
  NamePrefix?: string;
  DesiredState?: string;
  CurrentState?: string;
  SourcePrefix?: string;
  TargetPrefix?: string;
  NextToken?: string;
  Limit?: number;
}

/** ListPipes (`GET /v1/pipes`): filtered by name/source/target prefix and states, 100 per page. */
export function listPipes(
  store: PipeStore,
  input: ListPipesInput
): { Pipes: Record<string, unknown>[]; NextToken?: string } {
  validateInput(input, {
    NamePrefix: { type: 'string', min: 1, max: 64 },
    DesiredState: { type: 'string', enum: ['RUNNING', 'STOPPED'] },
    SourcePrefix: { type: 'string', min: 1, max: 1600 },
    TargetPrefix: { type: 'string', min: 1, max: 1600 },
    NextToken: { type: 'string', min: 1, max: 2048 },
    Limit: { type: 'integer', min: 1, max: 100 },
  });
  const pipes = store
    .list()
    .filter(
      (p) =>
        (!input.NamePrefix || p.Name.startsWith(input.NamePrefix)) &&
        (!input.DesiredState || p.DesiredState === input.DesiredState) &&
        (!input.CurrentState || p.CurrentState === input.CurrentState) &&
        (!input.SourcePrefix || p.Source.startsWith(input.SourcePrefix)) &&
        (!input.TargetPrefix || p.Target.startsWith(input.TargetPrefix))
    );
  const start = input.NextToken
    ? Number(Buffer.from(input.NextToken, 'base64').toString('utf8')) || 0
    : 0;
  const limit = input.Limit ?? 100;
  const page = pipes.slice(start, start + limit);
  const end = start + page.length;
  return {
    Pipes: page.map((p) => ({
      Name: p.Name,
      Arn: p.Arn,
      DesiredState: p.DesiredState,
      CurrentState: p.CurrentState,
      ...(p.StateReason ? { StateReason: p.StateReason } : {}),
      CreationTime: p.CreationTime,
      LastModifiedTime: p.LastModifiedTime,
      Source: p.Source,
      Target: p.Target,
      ...(p.Enrichment ? { Enrichment: p.Enrichment } : {}),
    })),
    ...(end < pipes.length ? { NextToken: Buffer.from(String(end)).toString('base64') } : {}),
  };
}
