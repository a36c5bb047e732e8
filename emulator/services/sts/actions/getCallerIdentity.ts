import type { RequestContext } from '../../../core/service';
import type { InputShape } from '../../../core/validate';

/** GetCallerIdentity takes no parameters. */
export const input = {} as const satisfies InputShape;

/** The caller, as STS reports it for the account's root credentials. */
export interface GetCallerIdentityOutput {
  UserId: string;
  Account: string;
  Arn: string;
}

/** Every caller is the emulated account's root user: the emulator accepts any credentials. */
export function getCallerIdentity(_input: unknown, ctx: RequestContext): GetCallerIdentityOutput {
  return {
    UserId: ctx.accountId,
    Account: ctx.accountId,
    Arn: `arn:aws:iam::${ctx.accountId}:root`,
  };
}
