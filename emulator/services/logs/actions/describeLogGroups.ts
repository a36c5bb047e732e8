import { quotas } from '../../../core/quotas';
import { offsetToken, readOffsetToken } from '../groups';
import type { LogsStore } from '../store';
import { invalidParameter, members, validate } from '../validation';

export interface DescribeLogGroupsInput {
  logGroupNamePrefix?: string;
  logGroupNamePattern?: string;
  nextToken?: string;
  limit?: number;
  includeLinkedAccounts?: boolean;
  logGroupClass?: string;
  logGroupIdentifiers?: string[];
}

export const input = {
  logGroupNamePrefix: members.logGroupName,
  logGroupNamePattern: { minLength: 0, maxLength: 512, pattern: '[\\.\\-_/#A-Za-z0-9]*' },
  nextToken: members.nextToken,
  limit: { min: 1, max: quotas.logsDescribePageSize.value },
  logGroupClass: { enum: ['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'] },
} as const;

/** Lists log groups by name, optionally by prefix or (case-sensitive) substring. */
export function describeLogGroups(
  store: LogsStore,
  req: DescribeLogGroupsInput
): { logGroups: Record<string, unknown>[]; nextToken?: string } {
  validate(req as Record<string, unknown>, input);
  if (req.logGroupNamePrefix !== undefined && req.logGroupNamePattern !== undefined) {
    throw invalidParameter(
      'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.'
    );
  }
  const offset = readOffsetToken(req.nextToken);
  const limit = req.limit ?? quotas.logsDescribePageSize.value;
  const wanted = req.logGroupIdentifiers?.length ? new Set(req.logGroupIdentifiers) : undefined;
  const groups = [...store.groups.values()]
    .filter(
      (g) =>
        (req.logGroupNamePrefix === undefined ||
          g.logGroupName.startsWith(req.logGroupNamePrefix)) &&
        (req.logGroupNamePattern === undefined ||
          g.logGroupName.includes(req.logGroupNamePattern)) &&
        (req.logGroupClass === undefined || g.logGroupClass === req.logGroupClass) &&
        (!wanted || wanted.has(g.logGroupName) || wanted.has(store.groupArn(g.logGroupName)))
    )
    .sort((a, b) =>
      a.logGroupName < b.logGroupName ? -1 : a.logGroupName > b.logGroupName ? 1 : 0
    );
  const page = groups.slice(offset, offset + limit).map((g) => {
    const arn = store.groupArn(g.logGroupName);
    if (req.logGroupNamePattern !== undefined) {
      return { logGroupName: g.logGroupName, creationTime: g.creationTime, arn: `${arn}:*` };
    }
    const out: Record<string, unknown> = {
      logGroupName: g.logGroupName,
      creationTime: g.creationTime,
      metricFilterCount: 0,
      arn: `${arn}:*`,
      storedBytes: g.storedBytes,
      logGroupClass: g.logGroupClass,
      logGroupArn: arn,
    };
    if (g.retentionInDays !== undefined) out.retentionInDays = g.retentionInDays;
    if (g.kmsKeyId !== undefined) out.kmsKeyId = g.kmsKeyId;
    return out;
  });
  const output: { logGroups: Record<string, unknown>[]; nextToken?: string } = { logGroups: page };
  if (offset + limit < groups.length) output.nextToken = offsetToken(offset + limit);
  return output;
}
