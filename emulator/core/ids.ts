import { randomUUID } from 'node:crypto';

/** A request id in AWS's usual form (a v4 UUID), for `x-amzn-RequestId` and `<RequestId>`. */
export function newRequestId(): string {
  return randomUUID();
}
