import { randomInt } from 'node:crypto';

/** The characters of the random part of a generated name. */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** How long the random part is (`MyStack-MyQueue-1SGXHUT0NQXUV`). */
export const SUFFIX_LENGTH = 13;

/** 13 random upper-case letters and digits, as CloudFormation appends to generated names. */
export function randomSuffix(): string {
  let out = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) out += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return out;
}

/**
 * The longest name each service accepts, for names CloudFormation generates. A generated name
 * is truncated to fit; an explicit name is passed to the service as is (and the service
 * rejects it if it is too long).
 */
export const NAME_LIMITS = {
  /** https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html (1-80 characters) */
  sqsQueue: 80,
  /** https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (function name 1-64 characters) */
  lambdaFunction: 64,
  /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html (StreamName 1-128) */
  kinesisStream: 128,
  /** https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html (TableName 3-255) */
  dynamodbTable: 255,
  /** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (1-512) */
  logGroup: 512,
  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (AlarmName 1-255) */
  alarm: 255,
  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html (DashboardName up to 255) */
  dashboard: 255,
  /** https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_CreatePipe.html (Name 1-64) */
  pipe: 64,
  /** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName 1-64) */
  iamRole: 64,
  /** https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html (PolicyName 1-128) */
  iamPolicy: 128,
} as const;

/**
 * The name CloudFormation gives a resource that has no explicit name:
 * `<stackName>-<LogicalId>-<13 random characters>`. When that is longer than `maxLength`,
 * the stack name and the logical id are shortened (the longer of the two first) until it fits;
 * the random part is always whole. Characters a service would refuse (anything but letters,
 * digits, `-` and `_`) are dropped from the stack name and logical id.
 */
export function generatedName(
  stackName: string,
  logicalId: string,
  maxLength: number,
  suffix: string = randomSuffix()
): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '');
  const stack = clean(stackName);
  const logical = clean(logicalId);
  const room = Math.max(0, maxLength - suffix.length - 2);
  let a = stack.length;
  let b = logical.length;
  while (a + b > room) {
    if (a >= b) a--;
    else b--;
  }
  return `${stack.slice(0, a)}-${logical.slice(0, b)}-${suffix}`;
}
