import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Accepts a cdk-nag finding on a construct and everything below it, saying why. cdk-nag 3
 * reads CDK's own acknowledgements (`Validations.of(scope).acknowledge()`), and the reason is
 * recorded in the cloud assembly's metadata, where a reviewer can audit it.
 *
 * @example
 * acknowledge(table, 'AwsSolutions-DDB3', 'Lab data, destroyed with the stack.');
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
