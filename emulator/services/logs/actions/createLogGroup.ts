import type { LogsStore } from '../store';
import { alreadyExists, members, validate } from '../validation';

export interface CreateLogGroupInput {
  logGroupName?: string;
  kmsKeyId?: string;
  tags?: Record<string, string>;
  logGroupClass?: string;
}

export const input = {
  logGroupName: { required: true, ...members.logGroupName },
  kmsKeyId: { maxLength: 256 },
  tags: { minLength: 1, maxLength: 50 },
  logGroupClass: { enum: ['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'] },
} as const;

/** Creates a log group (events never expire until a retention policy is set). */
export function createLogGroup(store: LogsStore, req: CreateLogGroupInput): Record<string, never> {
  validate(req as Record<string, unknown>, input);
  const name = String(req.logGroupName);
  if (store.groups.has(name)) throw alreadyExists('The specified log group already exists');
  store.createGroup(name, {
    kmsKeyId: req.kmsKeyId,
    tags: req.tags,
    logGroupClass: req.logGroupClass,
  });
  return {};
}
