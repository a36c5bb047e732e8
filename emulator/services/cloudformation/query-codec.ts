import type { QueryCodec } from '../../core/service';
import { formToObject } from '../../protocols/query-params';
import { toXml } from '../../protocols/xml';

/** Members holding timestamps (epoch seconds in the JSON shape, ISO-8601 in the XML). */
const TIMESTAMPS: ReadonlySet<string> = new Set([
  'CreationTime',
  'DeletionTime',
  'LastUpdatedTime',
  'LastUpdatedTimestamp',
  'Timestamp',
]);

/**
 * CloudFormation speaks awsQuery only (`@aws-sdk/client-cloudformation` uses AwsQueryProtocol,
 * Version 2010-05-15): lists are `<member>`-wrapped both ways, so the generic form parser and
 * XML writer fit as they are.
 */
export const cloudFormationQueryCodec: QueryCodec = {
  decode: (_operation, params) => formToObject(params),
  encode: (_operation, output) =>
    toXml(output as Record<string, unknown>, { timestamps: TIMESTAMPS }),
};
