import type { EmulatorEnv, QueryCodec, ServiceDefinition } from '../../core/service';
import { formToObject } from '../../protocols/query-params';
import { toXml } from '../../protocols/xml';
import { getCallerIdentity } from './actions/getCallerIdentity';

/** STS speaks awsQuery only (`@aws-sdk/client-sts` uses AwsQueryProtocol, Version 2011-06-15). */
const queryCodec: QueryCodec = {
  decode: (_operation, params) => formToObject(params),
  encode: (_operation, output) => toXml(output as Record<string, unknown>),
};

/** The emulated STS: GetCallerIdentity for the emulated account. */
export function createStsService(_env: EmulatorEnv): { definition: ServiceDefinition } {
  return {
    definition: {
      signingName: 'sts',
      queryVersion: '2011-06-15',
      queryXmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
      queryCodec,
      actions: {
        GetCallerIdentity: getCallerIdentity,
      },
    },
  };
}
