import type { Pipe } from '../../../core/integrations';

/** The short answer of Create/Update/Start/Stop/DeletePipe. */
export function pipeStateOutput(pipe: Pipe): Record<string, unknown> {
  return {
    Arn: pipe.Arn,
    Name: pipe.Name,
    DesiredState: pipe.DesiredState,
    CurrentState: pipe.CurrentState,
    CreationTime: pipe.CreationTime,
    LastModifiedTime: pipe.LastModifiedTime,
  };
}
