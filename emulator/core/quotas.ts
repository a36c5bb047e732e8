/**
 * Every limit the emulator enforces, with the AWS source it comes from. Actions and validation
 * tables read their numbers from here, and so do tests, so a limit is written once.
 * `source` is a URL (or the AWS SDK model file) that states the number.
 */
export interface Quota {
  readonly value: number;
  readonly source: string;
}

export const quotas = {
  // --- Kinesis (section owned by the Kinesis service) ---

  // --- SQS (section owned by the SQS service) ---

  // --- CloudWatch and CloudWatch Logs (section owned by the CloudWatch service) ---
} as const satisfies Record<string, Quota>;

export type QuotaName = keyof typeof quotas;
