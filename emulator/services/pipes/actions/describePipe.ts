import { validateInput } from '../../../core/validate';
import type { PipeStore } from '../store';
import { nameShape } from '../validation';

/** DescribePipe (`GET /v1/pipes/{Name}`). */
export function describePipe(store: PipeStore, input: { Name: string }): Record<string, unknown> {
  validateInput(input, nameShape);
  const pipe = store.get(input.Name);
  const out: Record<string, unknown> = {
    Arn: pipe.Arn,
    Name: pipe.Name,
    Description: pipe.Description,
    DesiredState: pipe.DesiredState,
    CurrentState: pipe.CurrentState,
    StateReason: pipe.StateReason,
    Source: pipe.Source,
    SourceParameters: pipe.SourceParameters ?? {},
    Enrichment: pipe.Enrichment,
    EnrichmentParameters: pipe.EnrichmentParameters,
    Target: pipe.Target,
    TargetParameters: pipe.TargetParameters ?? {},
    RoleArn: pipe.RoleArn,
    Tags: pipe.Tags ?? {},
    CreationTime: pipe.CreationTime,
    LastModifiedTime: pipe.LastModifiedTime,
    LogConfiguration: pipe.LogConfiguration,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}
